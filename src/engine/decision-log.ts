import type { SymbolDecision, Verdict } from '../domain/index.ts';

/**
 * The human-readable lines of SPEC section 8 for one verdict: risk-based sizing, leverage clamps,
 * SYMBOL_ALREADY_OPEN blocks, LIMIT→HOLD conversions.
 */
export function describeVerdict(verdict: Verdict, decision: SymbolDecision): string[] {
  const lines: string[] = [];
  const s = verdict.symbol;
  for (const a of verdict.adjustments) {
    if (a.field === 'leverage') lines.push(`${s}: leverage clamped ${a.before} → ${a.after} (${a.reason})`);
  }
  if (verdict.order && verdict.action !== 'CLOSE') {
    const o = verdict.order;
    lines.push(
      `${s}: risk-based size ${o.qty} @ ${o.price} (${o.type}), stop ${o.stopLoss}, notional ${o.notionalUsdt.toFixed(2)} USDT, ` +
        `margin ${o.marginUsdt.toFixed(2)} USDT at ${o.leverage}x, risk ${o.riskUsdt.toFixed(4)} USDT of budget ${verdict.riskBudgetUsdt?.toFixed(4) ?? '?'}`,
    );
  }
  if (verdict.action === 'CLOSE') lines.push(`${s}: CLOSE approved, reduce-only`);
  if (verdict.blockedBy.includes('SYMBOL_ALREADY_OPEN')) {
    lines.push(
      `${s}: ${verdict.proposedAction} blocked: SYMBOL_ALREADY_OPEN (a position or pending entry exists)`,
    );
  }
  if (
    decision.proposal.entryType === 'LIMIT' &&
    verdict.proposedAction !== 'HOLD' &&
    verdict.action === 'HOLD'
  ) {
    lines.push(`${s}: LIMIT ${verdict.proposedAction} → HOLD (${verdict.blockedBy.join(', ')})`);
  } else if (verdict.blockedBy.length > 0 && !verdict.blockedBy.includes('SYMBOL_ALREADY_OPEN')) {
    lines.push(`${s}: ${verdict.proposedAction} → HOLD (${verdict.blockedBy.join(', ')})`);
  } else if (verdict.action === 'HOLD' && verdict.blockedBy.length === 0) {
    lines.push(`${s}: HOLD`);
  }
  return lines;
}
