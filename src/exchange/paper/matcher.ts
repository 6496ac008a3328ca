import type { Candle, InstrumentRules } from '../../domain/index.ts';
import {
  DuplicateClientIdError,
  InsufficientBalanceError,
  InvalidRequestError,
  OrderNotFoundError,
} from '../errors.ts';
import type {
  AmendOrderRequest,
  ExchangeOrder,
  ExchangePosition,
  OrderRef,
  PlaceOrderRequest,
  TradingStopRequest,
  WalletBalance,
} from '../port.ts';
import { immediateCancelReason, isMarketable, planAmend } from './amend.ts';
import {
  describeMissingFunding,
  FundingAlreadySettledError,
  FundingRateMissingError,
  fundingTimeAtOrBefore,
  fundingTimesBetween,
} from './funding.ts';
import { jumpTo, type PriceEventContext, runCandle } from './price-path.ts';
import { checkLeverage, checkNotional, checkPlaceShape, checkReduceOnly, checkStopSides } from './rules.ts';
import { Settlement } from './settlement.ts';
import {
  type AccountMargins,
  marginsOf,
  orderCostUsdt,
  PaperAccount,
  SymbolBook,
  toExchangeOrder,
  toExchangePosition,
} from './state.ts';
import { takeAtBook } from './taker.ts';
import { setTradingStopOn } from './trading-stop.ts';
import type { AccountEvent, AccountTotals, MatcherOptions, PaperExecution, SimOrder } from './types.ts';
import { validateCandle, validateMatcherOptions } from './validation.ts';

const OPEN_STATUSES = new Set(['NEW', 'PARTIALLY_FILLED', 'UNTRIGGERED']);
const DEFAULT_MAX_QUOTE_AGE_MS = 10_000;

/**
 * The simulated venue shared by paper trading and backtests: no I/O, no timers, time is passed
 * in. Orders, positions and the wallet follow Bybit's rules for linear perpetuals in one-way,
 * isolated-margin mode, with pessimistic fills.
 */
export class Matcher {
  readonly ledger: PaperAccount;
  private readonly books = new Map<string, SymbolBook>();
  private readonly settlement: Settlement;
  private readonly context: PriceEventContext;
  private readonly options: MatcherOptions;

  constructor(options: MatcherOptions) {
    validateMatcherOptions(options);
    this.options = options;
    this.ledger = new PaperAccount(options.startBalanceUsdt, options.idPrefix);
    this.settlement = new Settlement(this.ledger, options.slippagePct);
    this.context = {
      settlement: this.settlement,
      maxLimitFillQtyPerEvent: options.maxLimitFillQtyPerEvent ?? null,
      filledThisEvent: new Map(),
    };
    for (const rules of options.instruments) {
      const mmr = options.maintenanceMarginRate;
      const rate = typeof mmr === 'number' ? mmr : mmr?.[rules.symbol];
      const leverage = Math.max(
        rules.minLeverage ?? 1,
        Math.min(options.defaultLeverage ?? 10, rules.maxLeverage),
      );
      this.books.set(rules.symbol, new SymbolBook(rules, leverage, rate));
    }
  }

  instruments(): InstrumentRules[] {
    return [...this.books.values()].map((book) => ({ ...book.rules }));
  }

  book(symbol: string): SymbolBook {
    const book = this.books.get(symbol);
    if (!book) {
      throw new InvalidRequestError(
        `unknown symbol ${symbol}: this venue lists ${[...this.books.keys()].join(', ')}`,
        'symbol invalid',
        10001,
      );
    }
    return book;
  }

  markPrice(symbol: string): number | null {
    return this.book(symbol).markPrice;
  }

  leverage(symbol: string): number {
    return this.book(symbol).leverage;
  }

  /** A live best bid/ask (paper trading on live data): takers meet it while it is fresh. */
  setQuote(symbol: string, bidPrice: number, askPrice: number, nowMs: number): void {
    const book = this.book(symbol);
    if (!(bidPrice > 0) || !(askPrice >= bidPrice)) {
      throw new RangeError(`quote for ${symbol} needs 0 < bid <= ask, got bid ${bidPrice} ask ${askPrice}`);
    }
    book.quote = { bidPrice, askPrice, atMs: nowMs };
  }

  /** The best bid and ask a taker meets now; null before any price. */
  bestPrices(symbol: string, nowMs: number): { bidPrice: number; askPrice: number } | null {
    return this.book(symbol).bestPrices(
      nowMs,
      this.options.bookHalfSpreadTicks ?? 0,
      this.options.maxQuoteAgeMs ?? DEFAULT_MAX_QUOTE_AGE_MS,
    );
  }

  /** Margins the venue reports on the wallet: resting orders' cost, positions' margin and maintenance. */
  margins(): AccountMargins {
    return marginsOf(this.books.values());
  }

  /** Partial fills on demand (fault injection): at most this much of a LIMIT per candle or tick. */
  setMaxLimitFillQtyPerEvent(maxQtyPerEvent: number | null): void {
    this.context.maxLimitFillQtyPerEvent = maxQtyPerEvent;
  }

  placeOrder(request: PlaceOrderRequest, nowMs: number): ExchangeOrder {
    const book = this.book(request.symbol);
    checkPlaceShape(book.rules, request, this.options.requireClientOrderId ?? true);
    if (this.ledger.ordersByClientId.has(request.clientOrderId)) {
      throw new DuplicateClientIdError(
        `client order id ${request.clientOrderId} was already used: look that order up instead of sending again`,
        110072,
      );
    }
    checkReduceOnly(book.position, request);
    const best = this.bestPrices(request.symbol, nowMs);
    const mark = book.markPrice;
    const referencePrice = request.type === 'LIMIT' ? (request.price as number) : mark;
    if (referencePrice == null || (request.type === 'MARKET' && best == null)) {
      throw new InvalidRequestError(
        `no market price known for ${request.symbol} yet: a MARKET order needs a price first`,
        'no market price',
        10001,
      );
    }
    if (!request.reduceOnly) checkNotional(book.rules, request.qty, referencePrice);
    checkStopSides(request.side, referencePrice, request.stopLoss, request.takeProfit);
    const marketable = isMarketable(best, request.side, request.type, request.price);
    const order: SimOrder = {
      orderId: this.ledger.nextOrderId(),
      clientOrderId: request.clientOrderId,
      symbol: request.symbol,
      side: request.side,
      type: request.type,
      status: 'NEW',
      stopKind: 'NONE',
      price: request.type === 'LIMIT' ? (request.price as number) : null,
      qty: request.qty,
      filledQty: 0,
      avgFillPrice: null,
      triggerPrice: null,
      stopLoss: request.stopLoss || null,
      takeProfit: request.takeProfit || null,
      reduceOnly: request.reduceOnly === true,
      reason: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
      timeInForce: request.type === 'MARKET' ? 'IOC' : (request.timeInForce ?? 'GTC'),
      takesLiquidity: marketable,
      attachedLegsPlaced: false,
      feeUsdt: 0,
    };
    if (!order.reduceOnly) {
      const costPrice =
        order.price ??
        this.settlement.takerPrice(
          book,
          order.side,
          (order.side === 'BUY' ? best?.askPrice : best?.bidPrice) ?? referencePrice,
        );
      this.requireAvailable(
        orderCostUsdt(order.qty, costPrice, book.leverage, book.rules.takerFee),
        request.symbol,
      );
    }
    this.ledger.register(order);
    const immediateCancel = immediateCancelReason(order, marketable);
    if (immediateCancel) {
      order.status = 'CANCELLED';
      order.reason = immediateCancel;
      this.ledger.emitOrder(order);
      return toExchangeOrder(order);
    }
    book.restingOrders.push(order);
    this.ledger.emitOrder(order);
    this.takeIfImmediate(book, order, nowMs);
    return toExchangeOrder(order);
  }

  amendOrder(request: AmendOrderRequest, nowMs: number): ExchangeOrder {
    const book = this.book(request.symbol);
    const order = this.findSimOrder(request);
    if (!order || !book.restingOrders.includes(order)) {
      throw new OrderNotFoundError(`order ${describeRef(request)} is not open: it cannot be amended`, 110001);
    }
    const plan = planAmend(book, order, request);
    this.requireAvailable(plan.extraCostUsdt, request.symbol);
    order.qty = plan.qty;
    order.price = plan.price;
    order.stopLoss = plan.stopLoss;
    order.takeProfit = plan.takeProfit;
    order.updatedAtMs = nowMs;
    order.takesLiquidity = isMarketable(
      this.bestPrices(request.symbol, nowMs),
      order.side,
      order.type,
      plan.price,
    );
    const cancelReason = immediateCancelReason(order, order.takesLiquidity);
    if (cancelReason) {
      this.settlement.cancel(book, order, cancelReason, nowMs);
      return toExchangeOrder(order);
    }
    this.ledger.emitOrder(order);
    this.takeIfImmediate(book, order, nowMs);
    return toExchangeOrder(order);
  }

  // Same opening as amendOrder on purpose: each order action looks its order up and says why it cannot act.
  cancelOrder(ref: OrderRef, nowMs: number): ExchangeOrder {
    const book = this.book(ref.symbol);
    const order = this.findSimOrder(ref);
    if (!order || !OPEN_STATUSES.has(order.status)) {
      throw new OrderNotFoundError(`order ${describeRef(ref)} is not open: nothing to cancel`, 110001);
    }
    const wasLeg = order.stopKind !== 'NONE';
    this.settlement.cancel(book, order, 'CancelByUser', nowMs);
    if (wasLeg) this.ledger.emitPosition(book, nowMs);
    return toExchangeOrder(order);
  }

  /** Cancels every open order of the symbol, the position's stop legs included. */
  cancelAll(symbol: string, nowMs: number): number {
    const book = this.book(symbol);
    const orders = [...book.restingOrders, ...Object.values(book.legs).filter((leg) => leg != null)];
    for (const order of orders) this.settlement.cancel(book, order, 'CancelByUser', nowMs);
    if (orders.some((order) => order.stopKind !== 'NONE')) this.ledger.emitPosition(book, nowMs);
    return orders.length;
  }

  setTradingStop(request: TradingStopRequest, nowMs: number): void {
    setTradingStopOn(this.settlement, this.book(request.symbol), request, nowMs);
  }

  /** Idempotent; with a position its isolated margin is re-sized, which needs the balance for it. */
  setLeverage(symbol: string, leverage: number, nowMs: number): void {
    const book = this.book(symbol);
    checkLeverage(book.rules, leverage);
    if (leverage === book.leverage) return;
    const position = book.position;
    const marginBefore = (position?.marginUsdt ?? 0) + book.orderMarginUsdt();
    const previous = book.leverage;
    book.leverage = leverage;
    const marginAfter =
      (position ? (position.qty * position.entryPrice) / leverage : 0) + book.orderMarginUsdt();
    if (marginAfter - marginBefore > this.availableUsdt()) {
      book.leverage = previous;
      throw new InsufficientBalanceError(
        `leverage ${leverage} on ${symbol} needs ${(marginAfter - marginBefore).toFixed(4)} USDT more margin than is available`,
        110012,
      );
    }
    if (position) {
      position.marginUsdt = (position.qty * position.entryPrice) / leverage;
      position.updatedAtMs = nowMs;
      this.ledger.emitPosition(book, nowMs);
    }
  }

  /** One candle of `timeframeMs`: funding due at its open, then the pessimistic path through it. */
  processCandle(symbol: string, candle: Candle, timeframeMs: number): void {
    const book = this.book(symbol);
    validateCandle(symbol, candle);
    this.settleDueFunding(book, candle.ts, candle.open);
    if (book.position === null && book.restingOrders.length === 0) {
      // Nothing the price path could fill or trigger: only the mark moves.
      book.markPrice = candle.close;
      return;
    }
    this.context.filledThisEvent.clear();
    runCandle(this.context, book, candle, timeframeMs);
    book.markPrice = candle.close;
  }

  /** A tick: funding due by `nowMs` at the previous mark, then every trigger at this price. */
  processPrice(symbol: string, price: number, nowMs: number): void {
    const book = this.book(symbol);
    if (!Number.isFinite(price) || price <= 0) {
      throw new RangeError(`mark price for ${symbol} must be a positive number, got ${price}`);
    }
    this.settleDueFunding(book, nowMs, book.markPrice ?? price);
    this.context.filledThisEvent.clear();
    jumpTo(this.context, book, price, nowMs);
  }

  /** Charges one funding payment now; refuses a funding time that is already settled. */
  settleFunding(symbol: string, rate: number, fundingTimeMs: number, markPrice?: number): void {
    const book = this.book(symbol);
    if (!Number.isFinite(rate))
      throw new RangeError(`funding rate for ${symbol} must be a number, got ${rate}`);
    if (book.lastFundingMs != null && fundingTimeMs <= book.lastFundingMs) {
      throw new FundingAlreadySettledError(
        `funding for ${symbol} at ${new Date(fundingTimeMs).toISOString()} is already settled: it would be charged twice`,
      );
    }
    const mark = markPrice ?? book.markPrice;
    book.lastFundingMs = fundingTimeMs;
    if (mark == null) return;
    this.settlement.settleFunding(book, rate, mark, fundingTimeMs);
  }

  findOrder(ref: OrderRef): ExchangeOrder | null {
    const order = this.findSimOrder(ref);
    return order ? toExchangeOrder(order) : null;
  }

  openOrders(symbol?: string): ExchangeOrder[] {
    const orders: ExchangeOrder[] = [];
    for (const book of this.selectBooks(symbol)) {
      for (const order of book.restingOrders) orders.push(toExchangeOrder(order));
      for (const leg of Object.values(book.legs)) if (leg) orders.push(toExchangeOrder(leg));
    }
    return orders;
  }

  hasOpenPositions(): boolean {
    for (const book of this.books.values()) if (book.position && book.position.qty > 0) return true;
    return false;
  }

  positions(symbol?: string): ExchangePosition[] {
    return this.selectBooks(symbol)
      .map((book) => toExchangePosition(book))
      .filter((position): position is ExchangePosition => position != null);
  }

  executions(symbol?: string, sinceMs?: number): PaperExecution[] {
    if (symbol != null) return this.ledger.executionsOf(symbol, sinceMs ?? null).map((e) => ({ ...e }));
    return this.ledger.executions
      .filter((e) => (symbol == null || e.symbol === symbol) && (sinceMs == null || e.timeMs >= sinceMs))
      .map((e) => ({ ...e }));
  }

  wallet(): WalletBalance {
    let unrealised = 0;
    for (const book of this.books.values()) unrealised += book.unrealisedPnlUsdt();
    const walletBalanceUsdt = this.ledger.walletBalanceUsdt;
    return {
      equityUsdt: walletBalanceUsdt + unrealised,
      walletBalanceUsdt,
      availableUsdt: Math.max(0, this.availableUsdt()),
      unrealisedPnlUsdt: unrealised,
    };
  }

  totals(): AccountTotals {
    return { ...this.ledger.totals };
  }

  drainEvents(): AccountEvent[] {
    return this.ledger.drainEvents();
  }

  /** Wallet minus isolated position margins minus the cost of resting orders. */
  private availableUsdt(): number {
    let held = 0;
    for (const book of this.books.values()) held += (book.position?.marginUsdt ?? 0) + book.orderMarginUsdt();
    return this.ledger.walletBalanceUsdt - held;
  }

  private requireAvailable(costUsdt: number, symbol: string): void {
    const available = this.availableUsdt();
    if (costUsdt > available) {
      throw new InsufficientBalanceError(
        `order on ${symbol} needs ${costUsdt.toFixed(4)} USDT of margin and fees but only ${Math.max(0, available).toFixed(4)} USDT is available`,
        110007,
      );
    }
  }

  /** In 'immediate' mode a taker order fills in the call that placed (or amended) it, at the book. */
  private takeIfImmediate(book: SymbolBook, order: SimOrder, nowMs: number): void {
    if (this.options.marketFills !== 'immediate' || !order.takesLiquidity) return;
    const best = this.bestPrices(order.symbol, nowMs);
    if (best == null) return;
    takeAtBook(this.context, book, order, best, nowMs);
  }

  private settleDueFunding(book: SymbolBook, nowMs: number, markPrice: number): void {
    const source = this.options.funding;
    if (!source) return;
    if (book.lastFundingMs == null) {
      book.lastFundingMs = fundingTimeAtOrBefore(nowMs);
      return;
    }
    for (const fundingTimeMs of fundingTimesBetween(book.lastFundingMs, nowMs)) {
      const rate = source(book.rules.symbol, fundingTimeMs);
      if (rate == null)
        throw new FundingRateMissingError(describeMissingFunding(book.rules.symbol, fundingTimeMs));
      book.lastFundingMs = fundingTimeMs;
      this.settlement.settleFunding(book, rate, markPrice, fundingTimeMs);
    }
  }

  private findSimOrder(ref: OrderRef): SimOrder | null {
    const order =
      (ref.orderId ? this.ledger.orders.get(ref.orderId) : undefined) ??
      (ref.clientOrderId ? this.ledger.ordersByClientId.get(ref.clientOrderId) : undefined);
    if (!order || order.symbol !== ref.symbol) return null;
    return order;
  }

  private selectBooks(symbol?: string): SymbolBook[] {
    return symbol == null ? [...this.books.values()] : [this.book(symbol)];
  }
}

function describeRef(ref: OrderRef): string {
  return ref.orderId ?? ref.clientOrderId ?? '(no id given)';
}
