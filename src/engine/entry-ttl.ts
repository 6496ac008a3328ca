import { OrderNotFoundError } from '../exchange/errors.ts';
import { isPendingEntry } from './account.ts';
import type { CycleDeps } from './cycle.ts';

/** Unfilled LIMIT entries are cancelled after their time-to-live (SPEC section 6). */
export async function cancelExpiredEntries(
  deps: Pick<CycleDeps, 'exchange' | 'journal' | 'logger'>,
  nowMs: number,
  ttlMs: number,
): Promise<number> {
  let cancelled = 0;
  const orders = await deps.exchange.getOpenOrders();
  for (const order of orders) {
    if (!isPendingEntry(order) || nowMs - order.createdAtMs < ttlMs) continue;
    try {
      await deps.exchange.cancelOrder({ symbol: order.symbol, orderId: order.orderId });
    } catch (error) {
      if (!(error instanceof OrderNotFoundError)) throw error;
    }
    cancelled += 1;
    if (deps.journal.findOrder(order.clientOrderId)) {
      deps.journal.recordOrderEvent({
        atMs: nowMs,
        clientOrderId: order.clientOrderId,
        state: 'EXPIRED',
        exchangeOrderId: order.orderId,
        filledQty: order.filledQty,
        reason: `unfilled after ${Math.round(ttlMs / 60_000)} min`,
      });
    }
    deps.logger.info(
      { symbol: order.symbol },
      `${order.symbol}: LIMIT entry ${order.clientOrderId} expired unfilled and was cancelled`,
    );
  }
  return cancelled;
}
