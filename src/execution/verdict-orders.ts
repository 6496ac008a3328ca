import type { AccountSnapshot, PendingEntry, Verdict } from '../domain/index.ts';
import { isOpenAction } from '../domain/index.ts';
import type { Logger } from '../domain/logger.ts';
import type { Executor, SubmissionReport } from './executor.ts';
import type { ExecutionJournal } from './journal-port.ts';
import { journaledClose, journaledOpen } from './journaled-orders.ts';

export interface VerdictOrders {
  executor: Executor;
  journal: ExecutionJournal;
  logger: Logger;
}

export interface VerdictContext {
  account: AccountSnapshot;
  /** The cycle's candle close: the key of every client id the cycle sends. */
  closeMs: number;
  cycleId: string;
  decisionId: number;
  nowMs: number;
}

/** Client ids are deterministic, so the decision row names its orders before they are sent. */
export function plannedOrderIds(
  executor: Executor,
  verdict: Verdict,
  account: AccountSnapshot,
  closeMs: number,
): string[] {
  if (!verdict.order) return [];
  if (isOpenAction(verdict.action)) return [executor.clientOrderId(closeMs, verdict.symbol, 'entry')];
  if (verdict.action === 'CLOSE' && account.positions.some((p) => p.symbol === verdict.symbol)) {
    return [executor.clientOrderId(closeMs, verdict.symbol, 'close')];
  }
  return [];
}

/**
 * Sends what an approved verdict asks for through the journaled paths: an entry with its stop, or
 * a reduce-only close of the whole position. A HOLD, a blocked verdict or a CLOSE of a position
 * that is no longer there sends nothing.
 */
export async function executeVerdict(
  deps: VerdictOrders,
  verdict: Verdict,
  context: VerdictContext,
): Promise<SubmissionReport[]> {
  if (!verdict.order) return [];
  if (isOpenAction(verdict.action)) {
    const report = await journaledOpen(deps.executor, deps.journal, {
      intent: verdict.order,
      cycleKeyMs: context.closeMs,
      atMs: context.nowMs,
      cycleId: context.cycleId,
      decisionId: context.decisionId,
    });
    warnIfNotSent(deps.logger, report);
    return [report];
  }
  if (verdict.action === 'CLOSE') {
    const position = context.account.positions.find((p) => p.symbol === verdict.symbol);
    if (!position) return [];
    const report = await journaledClose(deps.executor, deps.journal, {
      symbol: verdict.symbol,
      side: position.side,
      qty: position.qty,
      keyMs: context.closeMs,
      atMs: context.nowMs,
      purpose: 'close',
      cycleId: context.cycleId,
      decisionId: context.decisionId,
    });
    warnIfNotSent(deps.logger, report);
    return [report];
  }
  return [];
}

/**
 * The entry an open just sent, as the account will list it, so later decisions of the same cycle
 * count its risk; null when nothing was sent or the venue refused it.
 */
export function sentEntry(verdict: Verdict, reports: SubmissionReport[], nowMs: number): PendingEntry | null {
  if (!verdict.order || !isOpenAction(verdict.action)) return null;
  if (!reports.some((r) => r.status !== 'rejected')) return null;
  return {
    symbol: verdict.symbol,
    side: verdict.order.side === 'BUY' ? 'LONG' : 'SHORT',
    qty: verdict.order.qty,
    price: verdict.order.fillPrice ?? verdict.order.price,
    entryType: verdict.order.type,
    stopLoss: verdict.order.stopLoss,
    plannedRiskUsdt: verdict.order.riskUsdt,
    createdAtMs: nowMs,
    orderLinkId: reports[0]?.clientOrderId ?? null,
  };
}

function warnIfNotSent(logger: Logger, report: SubmissionReport): void {
  if (report.status !== 'submitted' && report.status !== 'already-submitted') {
    logger.warn(
      { symbol: report.symbol, clientOrderId: report.clientOrderId, error: report.error },
      `order ${report.status}`,
    );
  }
}
