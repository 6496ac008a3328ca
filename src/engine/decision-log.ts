import type { SymbolDecision, Verdict } from '../domain/index.ts';
import { isOpenAction } from '../domain/index.ts';

/**
 * The seed's four log lines, worded as the seed writes them (SPEC section 8). Each fires only in
 * its own situation:
 * - risk-based sizing: an approved open (the order was sized from the risk budget);
 * - leverage clamped: an approved open whose leverage the gate changed (a blocked proposal's clamps
 *   are in the journal's adjustments, but no order used them);
 * - blocked, symbol already open: SYMBOL_ALREADY_OPEN is among the verdict's codes;
 * - LIMIT converted to HOLD: INVALID_ENTRY_PRICE is among the codes, and only then.
 */
export const SEED_LOG_PREFIXES = {
  riskBasedSizing: '📊 Risk-based sizing for ',
  leverageClamped: '📊 Leverage clamped for ',
  symbolAlreadyOpen: '🚫 Blocked ',
  limitToHold: '⚠️ LIMIT entry without valid entry_price for ',
} as const;

/** The human-readable lines for one verdict: the seed's four, plus one line for any other outcome. */
export function describeVerdict(verdict: Verdict, decision: SymbolDecision): string[] {
  const lines: string[] = [];
  const s = verdict.symbol;
  const approvedOpen = verdict.order !== undefined && isOpenAction(verdict.action);
  if (approvedOpen && verdict.order) {
    const o = verdict.order;
    lines.push(
      `${SEED_LOG_PREFIXES.riskBasedSizing}${s}: qty ${o.qty} @ ${o.price} (${o.type}), stop ${o.stopLoss}, ` +
        `notional ${o.notionalUsdt.toFixed(2)} USDT, margin ${o.marginUsdt.toFixed(2)} USDT at ${o.leverage}x, ` +
        `risk ${o.riskUsdt.toFixed(4)} USDT of budget ${verdict.riskBudgetUsdt?.toFixed(4) ?? '?'}`,
    );
    const clamps = verdict.adjustments.filter((a) => a.field === 'leverage');
    if (clamps.length > 0) {
      lines.push(
        `${SEED_LOG_PREFIXES.leverageClamped}${s}: ${clamps.map((a) => `${a.before} → ${a.after} (${a.reason})`).join('; ')}`,
      );
    }
  }
  if (verdict.blockedBy.includes('SYMBOL_ALREADY_OPEN')) {
    lines.push(
      `${SEED_LOG_PREFIXES.symbolAlreadyOpen}${verdict.proposedAction} on ${s}: symbol already has open position ` +
        '(SYMBOL_ALREADY_OPEN: a position or a pending entry exists)',
    );
  }
  if (verdict.blockedBy.includes('INVALID_ENTRY_PRICE')) {
    const entry = decision.proposal.entryPrice;
    lines.push(
      `${SEED_LOG_PREFIXES.limitToHold}${s}: entry_price=${entry ?? 'missing'}${verdict.detail ? ` (${verdict.detail})` : ''}, ` +
        'blocked_by INVALID_ENTRY_PRICE. Converting to HOLD.',
    );
  }
  if (verdict.action === 'CLOSE') lines.push(`${s}: CLOSE approved, reduce-only`);
  else if (verdict.blockedBy.length > 0) {
    lines.push(`${s}: ${verdict.proposedAction} refused → HOLD (${verdict.blockedBy.join(', ')})`);
  } else if (verdict.action === 'HOLD') lines.push(`${s}: HOLD`);
  return lines;
}
