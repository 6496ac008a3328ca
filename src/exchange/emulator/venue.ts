import type { InstrumentRules } from '../../domain/index.ts';
import type { FundingRateSource } from '../paper/index.ts';
import { PaperExchange } from '../paper/index.ts';
import type { ExchangeOrder, Execution, PositionMode, StreamEvent, TimeInForce } from '../port.ts';
import { refusalFrom } from './errors-to-venue.ts';
import { withPriceBounds } from './instruments.ts';
import { executionPayload, orderPayload, positionPayload, walletPayload } from './payloads.ts';
import {
  type Body,
  checkTriggerBy,
  optionalDecimal,
  optionalString,
  paramsError,
  parseOrderType,
  parseSide,
  parseTimeInForce,
  Refusal,
  requireDecimal,
  requireLinear,
  requireString,
} from './validation.ts';

export type AccountEvent = Extract<StreamEvent, { type: 'order' | 'position' | 'execution' }>;

export interface VenueOptions {
  instruments: InstrumentRules[];
  startBalanceUsdt: number;
  slippagePct: number;
  /** A LIMIT order fills at most this much per price event (partial fills); null for whole fills. */
  partialFillQtyPerEvent?: number | null;
  funding?: FundingRateSource;
  /** Symbols that start in hedge mode, to exercise the adapter's one-way check. */
  hedgeModeSymbols?: string[];
  /** The market clock. */
  now: () => number;
}

/**
 * Bybit's order and position rules on top of the paper exchange (the shared matcher): requests
 * arrive in venue terms, are checked the way Bybit checks them, then executed by the matcher.
 */
export class EmulatedVenue {
  readonly paper: PaperExchange;
  readonly rules = new Map<string, InstrumentRules>();
  private readonly modes = new Map<string, PositionMode>();
  /** The mark when each order was first seen (Bybit's lastPriceOnCreated). */
  private readonly priceOnCreated = new Map<string, number>();
  private readonly listeners = new Set<(event: AccountEvent) => void>();
  /** Symbols whose position was pushed during the current request. */
  private readonly positionPushed = new Set<string>();
  private readonly now: () => number;

  constructor(options: VenueOptions) {
    const instruments = options.instruments.map(withPriceBounds);
    for (const rules of instruments) this.rules.set(rules.symbol, rules);
    for (const symbol of options.hedgeModeSymbols ?? []) this.modes.set(symbol, 'HEDGE');
    this.paper = new PaperExchange({
      instruments,
      startBalanceUsdt: options.startBalanceUsdt,
      slippagePct: options.slippagePct,
      maxLimitFillQtyPerEvent: options.partialFillQtyPerEvent ?? null,
      ...(options.funding ? { funding: options.funding } : {}),
      now: options.now,
      eventDelivery: 'sync',
      // Bybit's matching step: takers fill before the REST answer, against a book of one tick
      // either side of the mark (the emulator has no order book).
      marketFills: 'immediate',
      bookHalfSpreadTicks: 1,
      // Bybit's orderLinkId is optional: an order without one keeps an empty id.
      requireClientOrderId: false,
    });
    this.now = options.now;
  }

  async start(): Promise<void> {
    await this.paper.subscribe({ account: true }, (event) => {
      if (event.type === 'order' && !this.priceOnCreated.has(event.order.orderId)) {
        const mark = this.markPrice(event.order.symbol);
        if (mark !== null) this.priceOnCreated.set(event.order.orderId, mark);
      }
      if (event.type === 'order' || event.type === 'position' || event.type === 'execution') {
        if (event.type === 'position') this.positionPushed.add(event.position.symbol);
        this.publish(event);
      }
    });
  }

  private publish(event: AccountEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /**
   * Bybit pushes the position on every create, amend and cancel and on a leverage change (facts
   * §6), not only when a fill moves it: after such a call the symbol's position is pushed unless
   * the call pushed it already.
   */
  async pushingPosition<T>(symbol: string, call: () => Promise<T>): Promise<T> {
    this.positionPushed.delete(symbol);
    const result = await call();
    if (!this.positionPushed.has(symbol)) {
      const [position] = await this.paper.getPositions(symbol);
      this.publish({ type: 'position', position: position ?? { symbol, flat: true } });
    }
    return result;
  }

  onAccountEvent(listener: (event: AccountEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  instrument(symbol: string | undefined): InstrumentRules {
    const rules = symbol ? this.rules.get(symbol) : undefined;
    if (!rules)
      throw paramsError(`symbol invalid${symbol ? ` (${symbol} is not listed by this emulator)` : ''}`);
    return rules;
  }

  positionMode(symbol: string): PositionMode {
    return this.modes.get(symbol) ?? 'ONE_WAY';
  }

  setPositionMode(symbol: string, mode: PositionMode): void {
    this.modes.set(symbol, mode);
  }

  markPrice(symbol: string): number | null {
    return this.paper.markPrice(symbol);
  }

  leverage(symbol: string): number {
    return this.paper.leverageOf(symbol);
  }

  payload(order: ExchangeOrder): Record<string, unknown> {
    const lastPriceOnCreated = this.priceOnCreated.get(order.orderId);
    return orderPayload(order, {
      tickSize: this.instrument(order.symbol).tickSize,
      ...(lastPriceOnCreated !== undefined ? { lastPriceOnCreated } : {}),
    });
  }

  executionPayload(execution: Execution): Record<string, unknown> {
    const order = execution.orderId ? this.paper.orderById(execution.orderId) : null;
    return executionPayload(execution, {
      order: order ?? null,
      tickSize: this.instrument(execution.symbol).tickSize,
    });
  }

  /** A /v5/position/list row (or a `position` push) for the symbol's position, null when flat. */
  positionPayload(
    symbol: string,
    position: Parameters<typeof positionPayload>[0],
    forStream = false,
  ): Record<string, unknown> {
    return positionPayload(
      position,
      {
        symbol,
        leverage: this.leverage(symbol),
        markPrice: this.markPrice(symbol),
        nowMs: this.now(),
        tickSize: this.instrument(symbol).tickSize,
        maintenanceMarginUsdt: this.paper.maintenanceMarginUsdt(symbol),
      },
      forStream,
    );
  }

  async walletPayload(): Promise<Record<string, unknown>> {
    return walletPayload(await this.paper.getWallet(), this.paper.margins());
  }

  /** The best bid and ask takers meet: one tick either side of the mark. */
  bestPrices(symbol: string): { bidPrice: number; askPrice: number } | null {
    return this.paper.bestPrices(symbol, this.now());
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    await this.pushingPosition(symbol, () => this.paper.setLeverage(symbol, leverage));
  }

  private checkPositionIdx(symbol: string, value: unknown): void {
    const idx = value === undefined ? 0 : Number(value);
    if (this.positionMode(symbol) === 'HEDGE') {
      // The matcher trades one-way only; hedge mode exists here to be switched away from.
      throw new Refusal(
        10001,
        idx === 0
          ? 'position idx not match position mode'
          : 'params error: the emulator trades one-way mode only',
      );
    }
    if (idx !== 0) throw new Refusal(10001, 'position idx not match position mode');
  }

  /**
   * Parses Bybit's wire form and hands the order to the paper exchange, whose venue rules
   * (exchange/venue-rules.ts) decide acceptance once; a refusal comes back in Bybit's code and words.
   */
  async createOrder(body: Body): Promise<{ orderId: string; orderLinkId: string }> {
    requireLinear(body);
    const symbol = requireString(body, 'symbol');
    this.instrument(symbol);
    const side = parseSide(requireString(body, 'side'));
    const type = parseOrderType(requireString(body, 'orderType'));
    const qty = requireDecimal(body, 'qty');
    this.checkPositionIdx(symbol, body.positionIdx);
    if (body.triggerPrice !== undefined && body.triggerPrice !== '') {
      throw paramsError('conditional orders (triggerPrice) are not supported by the emulator');
    }
    const tpslMode = optionalString(body, 'tpslMode');
    if (tpslMode !== undefined && tpslMode !== 'Full') {
      throw paramsError(`tpslMode ${tpslMode} is not supported by the emulator (Full only)`);
    }
    checkTriggerBy(body, 'tpTriggerBy');
    checkTriggerBy(body, 'slTriggerBy');
    const timeInForce: TimeInForce =
      type === 'MARKET' ? 'IOC' : parseTimeInForce(optionalString(body, 'timeInForce'));
    const price = type === 'LIMIT' ? optionalDecimal(body, 'price') : undefined;
    const stopLoss = optionalDecimal(body, 'stopLoss');
    const takeProfit = optionalDecimal(body, 'takeProfit');
    try {
      const placed = await this.pushingPosition(symbol, () =>
        this.paper.placeOrder({
          symbol,
          side,
          type,
          qty,
          ...(price !== undefined ? { price } : {}),
          timeInForce,
          reduceOnly: body.reduceOnly === true || body.reduceOnly === 'true',
          clientOrderId: optionalString(body, 'orderLinkId') ?? '',
          ...(stopLoss !== undefined ? { stopLoss } : {}),
          ...(takeProfit !== undefined ? { takeProfit } : {}),
        }),
      );
      return { orderId: placed.orderId, orderLinkId: placed.clientOrderId };
    } catch (error) {
      throw refusalFrom(error);
    }
  }

  private orderRef(body: Body): { symbol: string; orderId?: string; clientOrderId?: string } {
    requireLinear(body);
    const symbol = requireString(body, 'symbol');
    this.instrument(symbol);
    const orderId = optionalString(body, 'orderId');
    const orderLinkId = optionalString(body, 'orderLinkId');
    if (!orderId && !orderLinkId) throw paramsError('OrderId or orderLinkId is required');
    // orderId wins when both are sent (docs).
    return orderId ? { symbol, orderId } : { symbol, clientOrderId: orderLinkId as string };
  }

  async amendOrder(body: Body): Promise<{ orderId: string; orderLinkId: string }> {
    const ref = this.orderRef(body);
    const qty = optionalDecimal(body, 'qty');
    const price = optionalDecimal(body, 'price');
    const stopLoss = optionalDecimal(body, 'stopLoss');
    const takeProfit = optionalDecimal(body, 'takeProfit');
    try {
      const amended = await this.pushingPosition(ref.symbol, () =>
        this.paper.amendOrder({
          ...ref,
          ...(qty !== undefined ? { qty } : {}),
          ...(price !== undefined ? { price } : {}),
          ...(stopLoss !== undefined ? { stopLoss } : {}),
          ...(takeProfit !== undefined ? { takeProfit } : {}),
        }),
      );
      return { orderId: amended.orderId, orderLinkId: amended.clientOrderId };
    } catch (error) {
      // UNCONFIRMED: an amend that changes nothing is answered 34040 "not modified".
      throw refusalFrom(error, 34040);
    }
  }

  async cancelOrder(body: Body): Promise<{ orderId: string; orderLinkId: string }> {
    const ref = this.orderRef(body);
    try {
      const cancelled = await this.pushingPosition(ref.symbol, () => this.paper.cancelOrder(ref));
      return { orderId: cancelled.orderId, orderLinkId: cancelled.clientOrderId };
    } catch (error) {
      throw refusalFrom(error);
    }
  }

  async cancelAll(
    body: Body,
  ): Promise<{ list: { orderId: string; orderLinkId: string }[]; success: string }> {
    requireLinear(body);
    const symbol = optionalString(body, 'symbol');
    const settleCoin = optionalString(body, 'settleCoin');
    if (!symbol && settleCoin !== 'USDT') throw paramsError('symbol, baseCoin or settleCoin is required');
    const symbols = symbol ? [this.instrument(symbol).symbol] : [...this.rules.keys()];
    const list: { orderId: string; orderLinkId: string }[] = [];
    for (const s of symbols) {
      const open = await this.paper.getOpenOrders(s);
      if (open.length === 0) continue;
      await this.pushingPosition(s, () => this.paper.cancelAllOrders(s));
      list.push(...open.map((o) => ({ orderId: o.orderId, orderLinkId: o.clientOrderId })));
    }
    return { list, success: '1' };
  }

  /** One order by id, as the matcher holds it now (a copy). */
  order(orderId: string): ExchangeOrder | undefined {
    return this.paper.orderById(orderId) ?? undefined;
  }

  allOrders(): ExchangeOrder[] {
    return this.paper.allOrders();
  }
}
