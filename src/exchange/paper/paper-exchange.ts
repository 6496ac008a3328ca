import { type Candle, type InstrumentRules, TIMEFRAME_MS, type Timeframe } from '../../domain/index.ts';
import { ExchangeUnavailableError, InvalidRequestError } from '../errors.ts';
// Same import list as bybit/adapter.ts on purpose: both implement the whole ExchangePort.
import type {
  AmendOrderRequest,
  ApiKeyInfo,
  ExchangeOrder,
  ExchangePort,
  ExchangePosition,
  KlineRequest,
  OrderRef,
  PlacedOrder,
  PlaceOrderRequest,
  PositionMode,
  StreamListener,
  StreamSubscription,
  Ticker,
  TradingStopRequest,
  WalletBalance,
} from '../port.ts';
import { PaperFaults } from './faults.ts';
import { nextFundingTime } from './funding.ts';
import { Matcher } from './matcher.ts';
import type { AccountMargins } from './state.ts';
import { StreamHub } from './streams.ts';
import type { AccountTotals, MatcherOptions, PaperExecution, SimOrder } from './types.ts';

export interface PaperExchangeOptions extends MatcherOptions {
  /** The clock: wall time in paper mode, the replay clock in backtests. */
  now: () => number;
  /** Timeframe of candles fed with onCandle when none is given; default 1m. */
  candleTimeframe?: Timeframe;
  /** Stream events are delivered in a microtask (default) or synchronously inside the call. */
  eventDelivery?: 'microtask' | 'sync';
  /** Candles kept per symbol and timeframe for getKlines; default 1000. */
  klineHistory?: number;
}

const MAX_KLINES = 1000;

/** The exchange port over the simulated matcher, driven by the market data it is fed. */
export class PaperExchange implements ExchangePort {
  readonly name = 'paper';
  readonly matcher: Matcher;
  readonly faults: PaperFaults;
  private readonly hub: StreamHub;
  private readonly klines = new Map<string, Candle[]>();
  private readonly lastFundingRate = new Map<string, number>();
  private closed = false;

  constructor(private readonly options: PaperExchangeOptions) {
    this.matcher = new Matcher(options);
    this.hub = new StreamHub(options.eventDelivery ?? 'microtask');
    this.faults = new PaperFaults(
      (outageMs, reason) => this.dropStreams(outageMs, reason),
      (maxQtyPerEvent) => this.matcher.setMaxLimitFillQtyPerEvent(maxQtyPerEvent),
    );
  }

  // ── market drivers (outside the port) ──────────────────────────────────────────────────────

  /** A closed candle: orders are matched along its pessimistic path and the mark moves to its close. */
  onCandle(
    symbol: string,
    candle: Candle,
    timeframe: Timeframe = this.options.candleTimeframe ?? '1m',
  ): void {
    this.matcher.processCandle(symbol, candle, TIMEFRAME_MS[timeframe]);
    this.rememberCandle(symbol, timeframe, candle);
    this.publishAccountEvents();
    if (this.hub.subscriberCount === 0) return;
    this.hub.publish({ type: 'candle', symbol, timeframe, candle: { ...candle }, closed: true });
    this.hub.publish({ type: 'ticker', ticker: this.ticker(symbol) });
  }

  /** A tick: triggers and fills are evaluated at this price. */
  setMarkPrice(symbol: string, price: number, nowMs: number = this.options.now()): void {
    this.matcher.processPrice(symbol, price, nowMs);
    this.publishAccountEvents();
    this.hub.publish({ type: 'ticker', ticker: this.ticker(symbol) });
  }

  /**
   * The live best bid and ask (paper trading on live data): MARKET orders and crossing LIMITs
   * fill against it when placed (`marketFills: 'immediate'`); it never triggers or fills resting
   * orders, which only the candles (or ticks) do.
   */
  setQuote(symbol: string, bidPrice: number, askPrice: number, nowMs: number = this.options.now()): void {
    this.matcher.setQuote(symbol, bidPrice, askPrice, nowMs);
  }

  /** Charges one funding payment at `tsMs` (when no funding source charges it automatically). */
  applyFunding(symbol: string, rate: number, tsMs: number): void {
    this.matcher.settleFunding(symbol, rate, tsMs);
    this.lastFundingRate.set(symbol, rate);
    this.publishAccountEvents();
  }

  /** Whether any symbol holds a position: a synchronous read for the engine between candles. */
  hasOpenPositions(): boolean {
    return this.matcher.hasOpenPositions();
  }

  /** Closing PnL, fees and funding since the start, for reports and the accounting identity. */
  totals(): AccountTotals {
    return this.matcher.totals();
  }

  // ── the port ───────────────────────────────────────────────────────────────────────────────

  // What a venue façade (the emulator) reads beyond the port: copies or figures, never the matcher's state.

  markPrice(symbol: string): number | null {
    return this.matcher.markPrice(symbol);
  }

  leverageOf(symbol: string): number {
    return this.matcher.leverage(symbol);
  }

  maintenanceMarginUsdt(symbol: string): number {
    return this.matcher.book(symbol).maintenanceMarginUsdt();
  }

  margins(): AccountMargins {
    return this.matcher.margins();
  }

  bestPrices(symbol: string, nowMs: number): { bidPrice: number; askPrice: number } | null {
    return this.matcher.bestPrices(symbol, nowMs);
  }

  /** Every order ever placed, with the venue-only fields (trigger, reason), as copies. */
  allOrders(): SimOrder[] {
    return [...this.matcher.ledger.orders.values()].map((order) => ({ ...order }));
  }

  /** One order by venue id, as a copy; null when unknown. */
  orderById(orderId: string): SimOrder | null {
    const order = this.matcher.ledger.orders.get(orderId);
    return order ? { ...order } : null;
  }

  /** Whether a client order id was ever used (Bybit refuses it again, even after a cancel). */
  clientOrderIdUsed(clientOrderId: string): boolean {
    return this.matcher.ledger.ordersByClientId.has(clientOrderId);
  }

  async getServerTimeMs(): Promise<number> {
    this.enter('getServerTimeMs');
    return this.options.now();
  }

  async getInstruments(symbols?: string[]): Promise<InstrumentRules[]> {
    this.enter('getInstruments');
    const all = this.matcher.instruments();
    return symbols ? all.filter((rules) => symbols.includes(rules.symbol)) : all;
  }

  async getWallet(): Promise<WalletBalance> {
    this.enter('getWallet');
    return this.matcher.wallet();
  }

  async getPositions(symbol?: string): Promise<ExchangePosition[]> {
    this.enter('getPositions');
    return this.matcher.positions(symbol);
  }

  async getOpenOrders(symbol?: string): Promise<ExchangeOrder[]> {
    this.enter('getOpenOrders');
    return this.matcher.openOrders(symbol);
  }

  async getOrder(ref: OrderRef): Promise<ExchangeOrder | null> {
    this.enter('getOrder');
    this.matcher.book(ref.symbol);
    return this.matcher.findOrder(ref);
  }

  async getExecutions(symbol: string, sinceMs?: number): Promise<PaperExecution[]> {
    this.enter('getExecutions');
    this.matcher.book(symbol);
    return this.matcher.executions(symbol, sinceMs);
  }

  async getTicker(symbol: string): Promise<Ticker> {
    this.enter('getTicker');
    return this.ticker(symbol);
  }

  async getKlines(request: KlineRequest): Promise<Candle[]> {
    this.enter('getKlines');
    this.matcher.book(request.symbol);
    const limit = request.limit ?? 200;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_KLINES) {
      throw new InvalidRequestError(
        `kline limit must be 1 to ${MAX_KLINES}, got ${limit}`,
        'limit invalid',
        10001,
      );
    }
    const candles = (this.klines.get(`${request.symbol}|${request.timeframe}`) ?? []).filter(
      (c) =>
        (request.startMs == null || c.ts >= request.startMs) &&
        (request.endMs == null || c.ts <= request.endMs),
    );
    return candles.slice(-limit).map((c) => ({ ...c }));
  }

  async placeOrder(request: PlaceOrderRequest): Promise<PlacedOrder> {
    this.enter('placeOrder');
    const order = this.matcher.placeOrder(request, this.options.now());
    this.publishAccountEvents();
    this.faults.afterOrderAccepted(request.clientOrderId);
    return { orderId: order.orderId, clientOrderId: order.clientOrderId };
  }

  async amendOrder(request: AmendOrderRequest): Promise<PlacedOrder> {
    this.enter('amendOrder');
    const order = this.matcher.amendOrder(request, this.options.now());
    this.publishAccountEvents();
    return { orderId: order.orderId, clientOrderId: order.clientOrderId };
  }

  async cancelOrder(ref: OrderRef): Promise<PlacedOrder> {
    this.enter('cancelOrder');
    const order = this.matcher.cancelOrder(ref, this.options.now());
    this.publishAccountEvents();
    return { orderId: order.orderId, clientOrderId: order.clientOrderId };
  }

  async cancelAllOrders(symbol: string): Promise<number> {
    this.enter('cancelAllOrders');
    const count = this.matcher.cancelAll(symbol, this.options.now());
    this.publishAccountEvents();
    return count;
  }

  async setTradingStop(request: TradingStopRequest): Promise<void> {
    this.enter('setTradingStop');
    this.matcher.setTradingStop(request, this.options.now());
    this.publishAccountEvents();
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    this.enter('setLeverage');
    this.matcher.setLeverage(symbol, leverage, this.options.now());
    this.publishAccountEvents();
  }

  async getPositionMode(symbol: string): Promise<PositionMode> {
    this.enter('getPositionMode');
    this.matcher.book(symbol);
    return 'ONE_WAY';
  }

  async setPositionMode(symbol: string, mode: PositionMode): Promise<void> {
    this.enter('setPositionMode');
    this.matcher.book(symbol);
    if (mode !== 'ONE_WAY') {
      throw new InvalidRequestError(
        'the paper exchange trades in one-way mode only: Warden never uses hedge mode',
        'position mode invalid',
        10001,
      );
    }
  }

  async getApiKeyInfo(): Promise<ApiKeyInfo> {
    this.enter('getApiKeyInfo');
    return {
      readOnly: false,
      canTrade: true,
      canWithdraw: false,
      permissions: { ContractTrade: ['Order', 'Position'] },
    };
  }

  async subscribe(subscription: StreamSubscription, listener: StreamListener): Promise<() => Promise<void>> {
    this.enter('subscribe');
    for (const symbol of [...(subscription.candles?.symbols ?? []), ...(subscription.tickers ?? [])]) {
      this.matcher.book(symbol);
    }
    const remove = this.hub.add(subscription, listener);
    return async () => remove();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.hub.clear();
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private enter(method: string): void {
    if (this.closed) throw new ExchangeUnavailableError(`${method} refused: the paper exchange is closed`);
    this.faults.beforeCall(method);
  }

  private publishAccountEvents(): void {
    for (const event of this.matcher.drainEvents()) this.hub.publish(event);
  }

  private ticker(symbol: string): Ticker {
    const mark = this.matcher.markPrice(symbol);
    if (mark == null) {
      throw new InvalidRequestError(
        `no price known for ${symbol} yet: feed a candle or a mark price first`,
        'no market price',
        10001,
      );
    }
    const now = this.options.now();
    const best = this.matcher.bestPrices(symbol, now);
    const fundingTimeMs = nextFundingTime(now);
    const rate = this.options.funding?.(symbol, fundingTimeMs) ?? this.lastFundingRate.get(symbol) ?? null;
    return {
      symbol,
      lastPrice: mark,
      markPrice: mark,
      indexPrice: null,
      fundingRate: rate,
      nextFundingTimeMs: fundingTimeMs,
      bidPrice: best?.bidPrice ?? null,
      askPrice: best?.askPrice ?? null,
    };
  }

  private rememberCandle(symbol: string, timeframe: Timeframe, candle: Candle): void {
    const key = `${symbol}|${timeframe}`;
    const candles = this.klines.get(key) ?? [];
    candles.push({ ...candle });
    const keep = this.options.klineHistory ?? MAX_KLINES;
    if (candles.length > keep * 2) candles.splice(0, candles.length - keep);
    this.klines.set(key, candles);
  }

  private dropStreams(outageMs: number, reason: string): Promise<void> {
    this.hub.disconnect(reason);
    return new Promise((resolve) => {
      setTimeout(() => {
        this.hub.reconnect();
        resolve();
      }, outageMs);
    });
  }
}
