import type { OrderState } from '../domain/index.ts';
import { OrderNotFoundError } from '../exchange/errors.ts';
import type { ExchangeOrder, ExchangePort } from '../exchange/port.ts';
import type { ExecutionJournal } from './journal-port.ts';
import { journalOrderStep } from './journaled-orders.ts';

/** A resting order that opens risk: not reduce-only, not a conditional stop or take-profit. */
export function isPendingEntryOrder(order: ExchangeOrder): boolean {
  return (
    !order.reduceOnly &&
    order.stopKind === 'NONE' &&
    (order.status === 'NEW' || order.status === 'PARTIALLY_FILLED')
  );
}

export interface PendingEntryDeps {
  exchange: ExchangePort;
  journal: ExecutionJournal;
  log: (line: string, fields: Record<string, unknown>) => void;
}

async function cancelEntry(
  deps: PendingEntryDeps,
  order: ExchangeOrder,
  nowMs: number,
  state: Extract<OrderState, 'EXPIRED' | 'CANCELLED'>,
  reason: string,
): Promise<void> {
  try {
    await deps.exchange.cancelOrder({ symbol: order.symbol, orderId: order.orderId });
  } catch (error) {
    if (!(error instanceof OrderNotFoundError)) throw error;
  }
  // The venue's final filled quantity: a partial fill keeps its position (protected by its stop).
  const after = await deps.exchange
    .getOrder({ symbol: order.symbol, orderId: order.orderId })
    .catch(() => null);
  const filledQty = after?.filledQty ?? order.filledQty;
  if (after?.status === 'FILLED') return;
  if (deps.journal.findOrder(order.clientOrderId)) {
    journalOrderStep(deps.journal, {
      atMs: nowMs,
      clientOrderId: order.clientOrderId,
      state,
      exchangeOrderId: order.orderId,
      filledQty,
      reason,
    });
  }
  deps.log(
    `${order.symbol}: LIMIT entry ${order.clientOrderId} ${state === 'EXPIRED' ? 'expired' : 'cancelled'} (${reason})${filledQty > 0 ? `; ${filledQty} of ${order.qty} had filled and stays protected` : ''}`,
    { symbol: order.symbol, clientOrderId: order.clientOrderId },
  );
}

/** Unfilled LIMIT entries are cancelled after their time-to-live (SPEC section 6). */
export function cancelExpiredEntries(deps: PendingEntryDeps, nowMs: number, ttlMs: number): Promise<number> {
  return cancelPendingEntries(
    deps,
    nowMs,
    (order) => nowMs - order.createdAtMs >= ttlMs,
    'EXPIRED',
    `unfilled after ${Math.round(ttlMs / 60_000)} min`,
  );
}

/** HALTED: every pending entry is cancelled, whatever its age. */
export function cancelAllPendingEntries(
  deps: PendingEntryDeps,
  nowMs: number,
  reason: string,
): Promise<number> {
  return cancelPendingEntries(deps, nowMs, () => true, 'CANCELLED', reason);
}

async function cancelPendingEntries(
  deps: PendingEntryDeps,
  nowMs: number,
  selected: (order: ExchangeOrder) => boolean,
  state: 'EXPIRED' | 'CANCELLED',
  reason: string,
): Promise<number> {
  let cancelled = 0;
  for (const order of await deps.exchange.getOpenOrders()) {
    if (!isPendingEntryOrder(order) || !selected(order)) continue;
    await cancelEntry(deps, order, nowMs, state, reason);
    cancelled += 1;
  }
  return cancelled;
}
