import { subQty } from './numbers.ts';
import { fillableQty, fillLimit, type PriceEventContext } from './price-path.ts';
import type { SymbolBook } from './state.ts';
import type { SimOrder } from './types.ts';

const OPEN = new Set(['NEW', 'PARTIALLY_FILLED']);

/**
 * Bybit's matching step for a taker order, run inside the call that places it: a MARKET fills
 * at once at the best ask (buy) or bid (sell) with the configured slippage and never rests; a
 * LIMIT that crosses the book fills there too, never worse than its limit, at the taker fee.
 * What a crossing LIMIT cannot fill (a partial-fill cap) rests as a maker at its price (GTC), or
 * is cancelled (IOC); a FOK that cannot fill whole fills nothing.
 */
export function takeAtBook(
  context: PriceEventContext,
  book: SymbolBook,
  order: SimOrder,
  best: { bidPrice: number; askPrice: number },
  nowMs: number,
): void {
  const settlement = context.settlement;
  const buy = order.side === 'BUY';
  const taker = settlement.takerPrice(book, order.side, buy ? best.askPrice : best.bidPrice);
  order.takesLiquidity = false;
  if (order.type === 'MARKET') {
    settlement.fill(book, order, subQty(order.qty, order.filledQty), taker, false, nowMs);
    // A reduce-only remainder is cancelled when the position closes; nothing else can be left.
    if (OPEN.has(order.status)) settlement.cancel(book, order, 'EC_NoImmediateQtyToFill', nowMs);
    return;
  }
  const limit = order.price as number;
  const price = buy ? Math.min(limit, taker) : Math.max(limit, taker);
  context.filledThisEvent.clear();
  const remaining = subQty(order.qty, order.filledQty);
  const qty = fillableQty(context, book, order);
  if (order.timeInForce === 'FOK' && qty < remaining) {
    // UNCONFIRMED reason: Bybit lists EC_CancelForNoFullFill among its reject reasons.
    settlement.cancel(book, order, 'EC_CancelForNoFullFill', nowMs);
    return;
  }
  if (qty > 0) fillLimit(context, book, order, qty, price, false, nowMs);
  if (order.timeInForce === 'IOC' && OPEN.has(order.status)) {
    settlement.cancel(book, order, 'EC_NoImmediateQtyToFill', nowMs);
  }
}
