import type { OrderEventRecord, OrderIntent, OrderState, PositionSide } from '../domain/index.ts';
import { exitSide } from '../domain/index.ts';
import type { OrderPurpose } from './client-id.ts';
import type { Executor, SubmissionReport } from './executor.ts';
import type { ExecutionJournal } from './journal-port.ts';
import { checkOrderTransition } from './order-lifecycle.ts';

/**
 * Journals one step of an order's life if the lifecycle allows it; an illegal step is journaled
 * as an event instead and returns false (the journal keeps the last legal state).
 */
export function journalOrderStep(journal: ExecutionJournal, record: OrderEventRecord): boolean {
  const current = journal.findOrder(record.clientOrderId);
  const filledQty = record.filledQty ?? current?.filledQty ?? 0;
  const check = checkOrderTransition(current, { state: record.state, filledQty });
  if (check.legal) {
    journal.recordOrderEvent(record);
    return true;
  }
  journal.recordEvent({
    atMs: record.atMs,
    kind: 'order.illegal-transition',
    severity: 'warn',
    symbol: record.symbol ?? null,
    message: `order ${record.clientOrderId}: ${check.reason}; not journaled`,
    detail: { clientOrderId: record.clientOrderId, from: current?.state ?? null, to: record.state },
  });
  return false;
}

export function submissionState(report: SubmissionReport): OrderState {
  if (report.status === 'rejected') return 'REJECTED';
  if (report.status === 'outcome-unknown') return 'OUTCOME_UNKNOWN';
  return 'SUBMITTED';
}

export interface CloseRequest {
  symbol: string;
  side: PositionSide;
  qty: number;
  /** Key of the deterministic client id (the cycle close, or the tick time). */
  keyMs: number;
  /** When it is sent; the key when absent. */
  atMs?: number;
  purpose: OrderPurpose;
  /** Why it closes (the position manager's rule, a protection failure); none for a model's CLOSE. */
  reason?: string | null;
  positionId?: string | null;
  cycleId?: string | null;
  decisionId?: number | null;
}

/** A reduce-only MARKET close, journaled INTENT → SUBMITTED / REJECTED / OUTCOME_UNKNOWN. */
export async function journaledClose(
  executor: Executor,
  journal: ExecutionJournal,
  request: CloseRequest,
): Promise<SubmissionReport> {
  const id = executor.clientOrderId(request.keyMs, request.symbol, request.purpose);
  const atMs = request.atMs ?? request.keyMs;
  if (journal.findOrder(id) === null) {
    journal.recordOrderEvent({
      atMs,
      clientOrderId: id,
      state: 'INTENT',
      symbol: request.symbol,
      side: exitSide(request.side),
      type: 'MARKET',
      role: 'CLOSE',
      qty: request.qty,
      reduceOnly: true,
      positionId: request.positionId ?? null,
      reason: request.reason ?? null,
      cycleId: request.cycleId ?? null,
      decisionId: request.decisionId ?? null,
    });
  }
  const report = await executor.closePosition(
    request.symbol,
    request.side,
    request.qty,
    request.keyMs,
    request.purpose,
  );
  journalOrderStep(journal, {
    atMs,
    clientOrderId: id,
    state: submissionState(report),
    exchangeOrderId: report.orderId,
    reason: report.error,
  });
  return report;
}

export interface OpenRequest {
  intent: OrderIntent;
  /** The cycle's candle close: the key of the deterministic client id. */
  cycleKeyMs: number;
  atMs: number;
  cycleId?: string | null;
  decisionId?: number | null;
}

/**
 * An entry with its stop (and take-profit) attached, journaled INTENT before it is sent and
 * SUBMITTED / REJECTED / OUTCOME_UNKNOWN after. Sending the same cycle's entry again (a retry, a
 * restart) reuses the client id: the venue refuses the duplicate and the executor looks it up.
 */
export async function journaledOpen(
  executor: Executor,
  journal: ExecutionJournal,
  request: OpenRequest,
): Promise<SubmissionReport> {
  const { intent } = request;
  const id = executor.clientOrderId(request.cycleKeyMs, intent.symbol, 'entry');
  if (journal.findOrder(id) === null) {
    journal.recordOrderEvent({
      atMs: request.atMs,
      clientOrderId: id,
      state: 'INTENT',
      symbol: intent.symbol,
      side: intent.side,
      type: intent.type,
      role: 'ENTRY',
      qty: intent.qty,
      price: intent.price,
      stopLoss: intent.stopLoss,
      takeProfit: intent.takeProfit,
      reduceOnly: false,
      cycleId: request.cycleId ?? null,
      decisionId: request.decisionId ?? null,
    });
  }
  const report = await executor.openPosition(intent, request.cycleKeyMs);
  const current = journal.findOrder(id);
  if (current?.state === 'INTENT') {
    journalOrderStep(journal, {
      atMs: request.atMs,
      clientOrderId: id,
      state: submissionState(report),
      exchangeOrderId: report.orderId,
      reason: report.error,
    });
  }
  return report;
}
