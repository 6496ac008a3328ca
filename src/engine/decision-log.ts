import { formatPct, formatUsdt } from '../domain/format.ts';
import type { AccountSnapshot, RiskLimits, SymbolDecision, Verdict } from '../domain/index.ts';
import { openRiskUsdt } from '../risk/index.ts';

/** How often (in cycle time, simulated in a replay) the account line is printed: every 4 hours. */
export const ACCOUNT_LINE_EVERY_MS = 4 * 3_600_000;

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
      `${s}: risk-based size ${o.qty} @ ${o.price} (${o.type}), stop ${o.stopLoss}, notional ${formatUsdt(o.notionalUsdt)} USDT, ` +
        `margin ${formatUsdt(o.marginUsdt)} USDT at ${o.leverage}x, risk ${formatUsdt(o.riskUsdt)} USDT of budget ${formatUsdt(verdict.riskBudgetUsdt)}`,
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

/** A HOLD that placed nothing: "BTCUSDT: HOLD" or a proposal the gate turned into a HOLD. */
export function isHoldLine(line: string): boolean {
  return / HOLD$|→ HOLD \(/.test(line);
}

/** The cycle's HOLDs on one line: "HOLD ETHUSDT, SOLUSDT · BTCUSDT LIMIT OPEN_LONG → HOLD (LOW_SETUP_SCORE)". */
export function summariseHolds(lines: readonly string[]): string {
  const plain = lines.filter((l) => l.endsWith(': HOLD')).map((l) => l.slice(0, -': HOLD'.length));
  const blocked = lines.filter((l) => !l.endsWith(': HOLD')).map((l) => l.replace(': ', ' '));
  return [...(plain.length > 0 ? [`HOLD ${plain.join(', ')}`] : []), ...blocked].join(' · ');
}

/** The periodic account line: equity, open risk against its cap, drawdown from the equity peak. */
export function describeAccount(
  account: AccountSnapshot,
  equityPeakUsdt: number | null,
  limits: Pick<RiskLimits, 'maxTotalRiskUsdt'>,
): string {
  const risk = openRiskUsdt(account);
  const peak = Math.max(equityPeakUsdt ?? account.equityUsdt, account.equityUsdt);
  const drawdown = peak > 0 ? (peak - account.equityUsdt) / peak : 0;
  return (
    `account: equity ${formatUsdt(account.equityUsdt)} USDT · open risk ${formatUsdt(risk)} of ${formatUsdt(limits.maxTotalRiskUsdt)} USDT ` +
    `(${account.positions.length} positions, ${account.pendingEntries.length} pending entries) · drawdown ${formatPct(drawdown)} from the peak ${formatUsdt(peak)} USDT`
  );
}
