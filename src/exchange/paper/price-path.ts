import { type Candle, exitSide, type PositionSide } from '../../domain/index.ts';
import { floorToStep, subQty } from './numbers.ts';
import type { Settlement } from './settlement.ts';
import type { SymbolBook } from './state.ts';
import type { LegKind, SimOrder, SimPosition } from './types.ts';

/**
 * How prices reach orders. A jump (a candle's open, a tick) fires everything beyond the new
 * price AT that price; a sweep (a move inside a candle) fires each trigger at its own level, in
 * the order the moving price meets them. Inside a candle the extreme that hurts the position
 * comes first, so a stop is always tested before a take-profit.
 */
export interface PriceEventContext {
  settlement: Settlement;
  maxLimitFillQtyPerEvent: number | null;
  /** Quantity each LIMIT order has filled during the current candle or tick. */
  filledThisEvent: Map<string, number>;
}

const MAX_STEPS_PER_MOVE = 10_000;

function adverseReached(side: PositionSide, price: number, level: number): boolean {
  return side === 'LONG' ? price <= level : price >= level;
}

function favourableReached(side: PositionSide, price: number, level: number): boolean {
  return side === 'LONG' ? price >= level : price <= level;
}

/** The tighter of the stop-loss and the activated trailing stop. */
function effectiveStop(book: SymbolBook): { kind: LegKind; trigger: number } | null {
  const position = book.position;
  if (!position) return null;
  const stopLoss = book.legTrigger('STOP_LOSS');
  const trailing = book.legs.TRAILING_STOP ? book.trailingStopPrice() : null;
  if (stopLoss == null && trailing == null) return null;
  if (trailing == null) return { kind: 'STOP_LOSS', trigger: stopLoss as number };
  if (stopLoss == null) return { kind: 'TRAILING_STOP', trigger: trailing };
  const trailingTighter = position.side === 'LONG' ? trailing > stopLoss : trailing < stopLoss;
  return trailingTighter
    ? { kind: 'TRAILING_STOP', trigger: trailing }
    : { kind: 'STOP_LOSS', trigger: stopLoss };
}

/** Activates the trailing stop at its activation price and ratchets its best price. */
export function updateTrailing(book: SymbolBook, price: number): void {
  const position = book.position;
  if (!position || position.trailingDistance == null) return;
  const best = position.trailingBestPrice;
  if (best == null) {
    const active = position.trailingActivePrice;
    if (active != null && !favourableReached(position.side, price, active)) return;
    position.trailingBestPrice = price;
  } else {
    position.trailingBestPrice = position.side === 'LONG' ? Math.max(best, price) : Math.min(best, price);
  }
  const leg = book.legs.TRAILING_STOP;
  if (leg) leg.triggerPrice = book.trailingStopPrice();
}

export function fillableQty(context: PriceEventContext, book: SymbolBook, order: SimOrder): number {
  const remaining = order.filledQty === 0 ? order.qty : subQty(order.qty, order.filledQty);
  const cap = context.maxLimitFillQtyPerEvent;
  if (cap == null || order.type !== 'LIMIT') return remaining;
  const allowed = floorToStep(cap - (context.filledThisEvent.get(order.orderId) ?? 0), book.rules.qtyStep);
  return Math.max(0, Math.min(remaining, allowed));
}

export function fillLimit(
  context: PriceEventContext,
  book: SymbolBook,
  order: SimOrder,
  qty: number,
  price: number,
  isMaker: boolean,
  timeMs: number,
) {
  const filled = context.settlement.fill(book, order, qty, price, isMaker, timeMs);
  context.filledThisEvent.set(order.orderId, (context.filledThisEvent.get(order.orderId) ?? 0) + filled);
}

/** Fills the first resting order the price reaches; false when none does. */
function fillOneAt(context: PriceEventContext, book: SymbolBook, price: number, timeMs: number): boolean {
  const settlement = context.settlement;
  for (const order of [...book.restingOrders]) {
    if (order.type === 'MARKET') {
      settlement.fill(
        book,
        order,
        subQty(order.qty, order.filledQty),
        settlement.takerPrice(book, order.side, price),
        false,
        timeMs,
      );
      return true;
    }
    const limit = order.price as number;
    const buy = order.side === 'BUY';
    if (order.takesLiquidity) {
      if (buy ? price <= limit : price >= limit) {
        const qty = fillableQty(context, book, order);
        if (qty <= 0) continue;
        const taker = settlement.takerPrice(book, order.side, price);
        fillLimit(
          context,
          book,
          order,
          qty,
          buy ? Math.min(limit, taker) : Math.max(limit, taker),
          false,
          timeMs,
        );
        return true;
      }
      order.takesLiquidity = false;
      if (order.timeInForce === 'IOC' || order.timeInForce === 'FOK') {
        settlement.cancel(book, order, 'EC_NoImmediateQtyToFill', timeMs);
        return true;
      }
    }
    // Pessimistic: a LIMIT fills only when price trades through it, and at its own price even if
    // the market gapped beyond it.
    if (buy ? price < limit : price > limit) {
      const qty = fillableQty(context, book, order);
      if (qty <= 0) continue;
      fillLimit(context, book, order, qty, limit, true, timeMs);
      return true;
    }
  }
  return false;
}

/** The price jumps to `price` (an open or a tick) with no trading in between. */
export function jumpTo(context: PriceEventContext, book: SymbolBook, price: number, timeMs: number): void {
  const settlement = context.settlement;
  book.markPrice = price;
  for (let step = 0; step < MAX_STEPS_PER_MOVE; step++) {
    const position = book.position;
    if (position) {
      const liquidationPrice = book.liquidationPrice();
      // A gap beyond the liquidation price liquidates, even when the stop lies before it.
      if (liquidationPrice != null && adverseReached(position.side, price, liquidationPrice)) {
        settlement.liquidate(book, timeMs);
        continue;
      }
      updateTrailing(book, price);
      const stop = effectiveStop(book);
      if (stop && adverseReached(position.side, price, stop.trigger)) {
        settlement.fireLeg(
          book,
          stop.kind,
          settlement.takerPrice(book, exitSide(position.side), price),
          timeMs,
        );
        continue;
      }
      const takeProfit = book.legTrigger('TAKE_PROFIT');
      if (takeProfit != null && favourableReached(position.side, price, takeProfit)) {
        settlement.fireLeg(
          book,
          'TAKE_PROFIT',
          settlement.takerPrice(book, exitSide(position.side), price),
          timeMs,
        );
        continue;
      }
    }
    if (!fillOneAt(context, book, price, timeMs)) return;
  }
}

type Candidate =
  | { price: number; rank: 0; kind: 'liquidation' }
  | { price: number; rank: 1 | 2; kind: 'leg'; leg: LegKind }
  | { price: number; rank: 3; kind: 'limit'; order: SimOrder; qty: number };

/** The price lies on the path still ahead of the move. */
function ahead(down: boolean, current: number, to: number, price: number): boolean {
  return down ? price <= current && price >= to : price >= current && price <= to;
}

/** Met before `next`: earlier on the path, or at the same price with a lower rank. */
function before(down: boolean, next: Candidate | null, price: number, rank: number): boolean {
  return (
    next == null ||
    (down ? price > next.price : price < next.price) ||
    (price === next.price && rank < next.rank)
  );
}

/** The first thing the moving price meets; at one price: liquidation, stop, take-profit, then LIMITs. */
function nextEvent(
  context: PriceEventContext,
  book: SymbolBook,
  down: boolean,
  current: number,
  to: number,
): Candidate | null {
  let next: Candidate | null = null;
  const position = book.position;
  if (position) {
    if ((position.side === 'LONG') === down) {
      const liquidationPrice = book.liquidationPrice();
      if (liquidationPrice != null && ahead(down, current, to, liquidationPrice)) {
        next = { price: liquidationPrice, rank: 0, kind: 'liquidation' };
      }
      const stop = effectiveStop(book);
      if (stop && ahead(down, current, to, stop.trigger) && before(down, next, stop.trigger, 1)) {
        next = { price: stop.trigger, rank: 1, kind: 'leg', leg: stop.kind };
      }
    } else {
      const takeProfit = book.legTrigger('TAKE_PROFIT');
      if (takeProfit != null && ahead(down, current, to, takeProfit) && before(down, next, takeProfit, 2)) {
        next = { price: takeProfit, rank: 2, kind: 'leg', leg: 'TAKE_PROFIT' };
      }
    }
  }
  const side = down ? 'BUY' : 'SELL';
  for (const order of book.restingOrders) {
    if (order.type !== 'LIMIT' || order.side !== side) continue;
    const limit = order.price as number;
    const tradesThrough = down ? to < limit : to > limit;
    if (!tradesThrough || !ahead(down, current, to, limit) || !before(down, next, limit, 3)) continue;
    const qty = fillableQty(context, book, order);
    if (qty > 0) next = { price: limit, rank: 3, kind: 'limit', order, qty };
  }
  return next;
}

/** The price moves continuously from `from` to `to`. */
export function sweep(
  context: PriceEventContext,
  book: SymbolBook,
  from: number,
  to: number,
  timeMs: number,
): void {
  if (from === to) return;
  const settlement = context.settlement;
  const down = to < from;
  let current = from;
  for (let step = 0; step < MAX_STEPS_PER_MOVE; step++) {
    const next = nextEvent(context, book, down, current, to);
    if (!next) break;
    if (next.kind === 'liquidation') {
      settlement.liquidate(book, timeMs);
    } else if (next.kind === 'leg') {
      const exit = exitSide((book.position as SimPosition).side);
      settlement.fireLeg(book, next.leg, settlement.takerPrice(book, exit, next.price), timeMs);
    } else {
      fillLimit(context, book, next.order, next.qty, next.price, true, timeMs);
    }
    current = next.price;
    book.markPrice = current;
  }
  updateTrailing(book, to);
  book.markPrice = to;
}

/** A buy entry fills on the way down, so the adverse leg comes after it; a long sees its low first. */
function lowFirst(book: SymbolBook): boolean {
  if (book.position) return book.position.side === 'LONG';
  const entry = book.restingOrders.find((order) => !order.reduceOnly);
  return entry ? entry.side === 'SELL' : true;
}

/** Open, then the pessimistic extreme, then the other extreme, then the close. */
export function runCandle(
  context: PriceEventContext,
  book: SymbolBook,
  candle: Candle,
  timeframeMs: number,
): void {
  jumpTo(context, book, candle.open, candle.ts);
  const insideMs = candle.ts + timeframeMs - 1;
  const [first, second] = lowFirst(book) ? [candle.low, candle.high] : [candle.high, candle.low];
  sweep(context, book, candle.open, first, insideMs);
  sweep(context, book, first, second, insideMs);
  sweep(context, book, second, candle.close, insideMs);
}
