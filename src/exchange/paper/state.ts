import { Decimal } from 'decimal.js';
import type { InstrumentRules } from '../../domain/index.ts';
import type { ExchangeOrder, ExchangePosition } from '../port.ts';
import type {
  AccountEvent,
  AccountTotals,
  BookQuote,
  LegKind,
  PaperExecution,
  SimOrder,
  SimPosition,
} from './types.ts';

const DEFAULT_MMR = 0.005;

/** Everything the matcher knows about one symbol. */
export class SymbolBook {
  leverage: number;
  markPrice: number | null = null;
  position: SimPosition | null = null;
  /** Plain (non-conditional) orders waiting to fill, oldest first. */
  restingOrders: SimOrder[] = [];
  /** The position's stop, take-profit and trailing stop, as venue conditional orders. */
  legs: Partial<Record<LegKind, SimOrder>> = {};
  /** The last funding time settled (or skipped before the first price). */
  lastFundingMs: number | null = null;
  /** The last live best bid/ask fed in (paper trading on live data); null when none is fed. */
  quote: BookQuote | null = null;

  constructor(
    readonly rules: InstrumentRules,
    leverage: number,
    readonly maintenanceMarginRate: number = DEFAULT_MMR,
  ) {
    this.leverage = leverage;
  }

  /** Isolated: long entry × (1 − 1/leverage + MMR), short entry × (1 + 1/leverage − MMR). */
  liquidationPrice(): number | null {
    const position = this.position;
    if (!position) return null;
    const leverage = (position.entryPrice * position.qty) / position.marginUsdt;
    return position.side === 'LONG'
      ? position.entryPrice * (1 - 1 / leverage + this.maintenanceMarginRate)
      : position.entryPrice * (1 + 1 / leverage - this.maintenanceMarginRate);
  }

  /** The trailing stop's current trigger, null while unset or not yet activated. */
  trailingStopPrice(): number | null {
    const position = this.position;
    if (!position || position.trailingDistance == null || position.trailingBestPrice == null) return null;
    return position.side === 'LONG'
      ? position.trailingBestPrice - position.trailingDistance
      : position.trailingBestPrice + position.trailingDistance;
  }

  /**
   * The best bid and ask a taker meets at `nowMs`: the live quote while it is fresh, else the
   * mark with `halfSpreadTicks` either side (exact tick arithmetic). Null before any price.
   */
  bestPrices(
    nowMs: number,
    halfSpreadTicks: number,
    maxQuoteAgeMs: number,
  ): { bidPrice: number; askPrice: number } | null {
    const quote = this.quote;
    if (quote && nowMs - quote.atMs <= maxQuoteAgeMs)
      return { bidPrice: quote.bidPrice, askPrice: quote.askPrice };
    const mark = this.markPrice;
    if (mark == null) return null;
    // No spread (backtests): the decimal steps below would give back the mark itself.
    if (halfSpreadTicks === 0) return { bidPrice: mark > 0 ? mark : this.rules.tickSize, askPrice: mark };
    const spread = new Decimal(this.rules.tickSize).mul(halfSpreadTicks);
    const bid = new Decimal(mark).minus(spread);
    return {
      bidPrice: bid.greaterThan(0) ? bid.toNumber() : this.rules.tickSize,
      askPrice: new Decimal(mark).plus(spread).toNumber(),
    };
  }

  /** Maintenance margin of the position at the mark: value × maintenance margin rate. */
  maintenanceMarginUsdt(): number {
    const position = this.position;
    if (!position) return 0;
    return position.qty * (this.markPrice ?? position.entryPrice) * this.maintenanceMarginRate;
  }

  legTrigger(kind: LegKind): number | null {
    return this.legs[kind]?.triggerPrice ?? null;
  }

  unrealisedPnlUsdt(): number {
    const position = this.position;
    if (!position || this.markPrice == null) return 0;
    const move = this.markPrice - position.entryPrice;
    return (position.side === 'LONG' ? move : -move) * position.qty;
  }

  /** Margin held for resting orders that could open or grow a position. */
  orderMarginUsdt(): number {
    let margin = 0;
    for (const order of this.restingOrders) {
      if (order.reduceOnly) continue;
      const price = order.price ?? this.markPrice ?? 0;
      margin += orderCostUsdt(order.qty - order.filledQty, price, this.leverage, this.rules.takerFee);
    }
    return margin;
  }
}

export interface AccountMargins {
  orderImUsdt: number;
  positionImUsdt: number;
  positionMmUsdt: number;
}

/** Order cost of resting orders, isolated position margins and maintenance margins, summed. */
export function marginsOf(books: Iterable<SymbolBook>): AccountMargins {
  const margins = { orderImUsdt: 0, positionImUsdt: 0, positionMmUsdt: 0 };
  for (const book of books) {
    margins.orderImUsdt += book.orderMarginUsdt();
    margins.positionImUsdt += book.position?.marginUsdt ?? 0;
    margins.positionMmUsdt += book.maintenanceMarginUsdt();
  }
  return margins;
}

/** Initial margin plus the fee to open and the fee to close at the taker rate (Bybit's order cost). */
export function orderCostUsdt(qty: number, price: number, leverage: number, takerFee: number): number {
  const notional = qty * price;
  return notional / leverage + 2 * notional * takerFee;
}

/** The wallet, the order registry, the execution journal and the outgoing events. */
export class PaperAccount {
  walletBalanceUsdt: number;
  readonly totals: AccountTotals = { realisedPnlUsdt: 0, feesUsdt: 0, fundingUsdt: 0 };
  readonly orders = new Map<string, SimOrder>();
  readonly ordersByClientId = new Map<string, SimOrder>();
  readonly executions: PaperExecution[] = [];
  events: AccountEvent[] = [];
  private readonly bySymbol = new Map<string, { list: PaperExecution[]; inTimeOrder: boolean }>();
  private orderSeq = 0;
  private execSeq = 0;

  constructor(
    readonly startBalanceUsdt: number,
    private readonly idPrefix = '',
  ) {
    this.walletBalanceUsdt = startBalanceUsdt;
  }

  nextOrderId(): string {
    this.orderSeq += 1;
    return `${this.idPrefix}paper-${String(this.orderSeq).padStart(8, '0')}`;
  }

  nextExecId(): string {
    this.execSeq += 1;
    return `${this.idPrefix}exec-${String(this.execSeq).padStart(8, '0')}`;
  }

  register(order: SimOrder): void {
    this.orders.set(order.orderId, order);
    if (order.clientOrderId) this.ordersByClientId.set(order.clientOrderId, order);
  }

  emitOrder(order: SimOrder): void {
    this.events.push({ type: 'order', order: toExchangeOrder(order) });
  }

  emitPosition(book: SymbolBook, nowMs: number): void {
    if (book.position) book.position.updatedAtMs = Math.max(book.position.updatedAtMs, nowMs);
    const position = toExchangePosition(book);
    this.events.push({ type: 'position', position: position ?? { symbol: book.rules.symbol, flat: true } });
  }

  record(execution: PaperExecution): void {
    this.executions.push(execution);
    let mine = this.bySymbol.get(execution.symbol);
    if (!mine) {
      mine = { list: [], inTimeOrder: true };
      this.bySymbol.set(execution.symbol, mine);
    }
    const last = mine.list.at(-1);
    if (last && execution.timeMs < last.timeMs) mine.inTimeOrder = false;
    mine.list.push(execution);
    this.events.push({ type: 'execution', execution: { ...execution } });
  }

  /**
   * One symbol's executions since `sinceMs` (all when null), in the order they happened. The
   * engine asks every cycle: a binary search keeps that from growing with the run's history.
   */
  executionsOf(symbol: string, sinceMs: number | null): PaperExecution[] {
    const mine = this.bySymbol.get(symbol);
    if (!mine) return [];
    if (sinceMs === null) return mine.list;
    if (!mine.inTimeOrder) return mine.list.filter((e) => e.timeMs >= sinceMs);
    let lo = 0;
    let hi = mine.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((mine.list[mid] as PaperExecution).timeMs < sinceMs) lo = mid + 1;
      else hi = mid;
    }
    return mine.list.slice(lo);
  }

  drainEvents(): AccountEvent[] {
    const events = this.events;
    this.events = [];
    return events;
  }
}

export function toExchangeOrder(order: SimOrder): ExchangeOrder {
  return {
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    type: order.type,
    status: order.status,
    stopKind: order.stopKind,
    price: order.price,
    qty: order.qty,
    filledQty: order.filledQty,
    avgFillPrice: order.avgFillPrice,
    triggerPrice: order.triggerPrice,
    stopLoss: order.stopLoss,
    takeProfit: order.takeProfit,
    reduceOnly: order.reduceOnly,
    reason: order.reason,
    createdAtMs: order.createdAtMs,
    updatedAtMs: order.updatedAtMs,
    timeInForce: order.timeInForce,
    feeUsdt: order.feeUsdt,
  };
}

export function toExchangePosition(book: SymbolBook): ExchangePosition | null {
  const position = book.position;
  if (!position) return null;
  return {
    symbol: position.symbol,
    side: position.side,
    qty: position.qty,
    entryPrice: position.entryPrice,
    markPrice: book.markPrice ?? position.entryPrice,
    leverage: book.leverage,
    liquidationPrice: book.liquidationPrice(),
    stopLoss: book.legTrigger('STOP_LOSS'),
    takeProfit: book.legTrigger('TAKE_PROFIT'),
    trailingStop: position.trailingDistance,
    unrealisedPnlUsdt: book.unrealisedPnlUsdt(),
    realisedPnlUsdt: position.realisedPnlUsdt,
    positionIdx: 0,
    updatedAtMs: position.updatedAtMs,
  };
}
