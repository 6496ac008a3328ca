import { formatPct, formatUsdt } from '../domain/format.ts';
import type { AccountSnapshot, RiskLimits, SymbolDecision, Verdict } from '../domain/index.ts';
import { isOpenAction } from '../domain/index.ts';
import { accountRiskCosts, openRiskUsdt } from '../risk/index.ts';

/** How often (in cycle time, simulated in a replay) the account line is printed: every 4 hours. */
export const ACCOUNT_LINE_EVERY_MS = 4 * 3_600_000;

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
        `notional ${formatUsdt(o.notionalUsdt)} USDT, margin ${formatUsdt(o.marginUsdt)} USDT at ${o.leverage}x, ` +
        `risk ${formatUsdt(o.riskUsdt)} USDT of budget ${formatUsdt(verdict.riskBudgetUsdt)}`,
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
  limits: Pick<RiskLimits, 'maxTotalRiskUsdt' | 'slSlippageAllowancePct'>,
): string {
  const risk = openRiskUsdt(account, accountRiskCosts(limits.slSlippageAllowancePct, account.feeRates ?? {}));
  const peak = Math.max(equityPeakUsdt ?? account.equityUsdt, account.equityUsdt);
  const drawdown = peak > 0 ? (peak - account.equityUsdt) / peak : 0;
  return (
    `account: equity ${formatUsdt(account.equityUsdt)} USDT · open risk ${formatUsdt(risk)} of ${formatUsdt(limits.maxTotalRiskUsdt)} USDT ` +
    `(${account.positions.length} positions, ${account.pendingEntries.length} pending entries) · drawdown ${formatPct(drawdown)} from the peak ${formatUsdt(peak)} USDT`
  );
}
