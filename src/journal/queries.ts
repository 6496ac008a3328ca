import type { SqliteDatabase } from './connection.ts';
import { rangeParams, type TimeRange } from './decision-view.ts';

/**
 * The SPEC section 8 figures over a time range, overall and per prompt version. Exact
 * definitions are in docs/journal.md; every ratio is null when its denominator is 0.
 */

export interface CalibrationBucket {
  /** e.g. "50–60"; the last bucket includes 100. */
  label: string;
  minConfidence: number;
  maxConfidence: number;
  trades: number;
  /** Mean of the stated confidence (0–100) of the opening decisions. */
  meanConfidence: number | null;
  /** Realised win rate of those trades, 0–1. */
  winRate: number | null;
}

export interface ReportFigures {
  /** null for the overall figures. */
  promptVersion: string | null;
  decisions: number;
  /** Decisions whose final action was HOLD (model HOLDs and blocked proposals). */
  holdDecisions: number;
  /** Decisions where the model itself proposed HOLD. */
  proposedHolds: number;
  /** Decisions with at least one blocked_by code. */
  blockedDecisions: number;
  /** blocked_by code → decisions carrying it (a decision with three codes counts three times). */
  blockedByConstraint: Record<string, number>;
  approvedOpens: number;
  positionsOpened: number;
  averagePositionNotionalUsdt: number | null;
  limitEntriesPlaced: number;
  limitEntriesFilled: number;
  limitFillRate: number | null;
  closedTrades: number;
  wins: number;
  losses: number;
  winRate: number | null;
  grossPnlUsdt: number;
  feesUsdt: number;
  fundingUsdt: number;
  netPnlUsdt: number;
  /** Overall: from equity snapshots; per version: from that version's cumulative net trade PnL. */
  maxDrawdownUsdt: number | null;
  /** Overall only, as a fraction of the running equity peak. */
  maxDrawdownPct: number | null;
  drawdownSource: 'equity' | 'trades' | 'none';
  calibration: CalibrationBucket[];
  /** Closed trades in no bucket: adopted positions, or no (or an out-of-range) stated confidence. */
  tradesWithoutConfidence: number;
  aiCostUsd: number;
  tokensIn: number;
  tokensOut: number;
}

export interface Report {
  fromMs: number | null;
  toMs: number | null;
  overall: ReportFigures;
  byPromptVersion: ReportFigures[];
}

export const CONFIDENCE_BUCKETS: readonly [number, number][] = [
  [0, 50],
  [50, 60],
  [60, 70],
  [70, 80],
  [80, 90],
  [90, 100],
];

interface TradeRow {
  gross: number;
  fees: number;
  funding: number;
  confidence: number | null;
}

/**
 * The WHERE conditions for a time column, the range and the prompt version. Only the bounds
 * given are written, so an all-time report scans tables instead of walking a whole index.
 */
function where(timeColumn: string, range: TimeRange, version: string | null): string {
  const conditions = [
    range.fromMs != null ? `${timeColumn} >= @fromMs` : null,
    range.toMs != null ? `${timeColumn} < @toMs` : null,
    version !== null ? 'd.prompt_version = @version' : null,
  ].filter((c) => c !== null);
  return conditions.length === 0 ? '1' : conditions.join(' AND ');
}

export function buildReport(db: SqliteDatabase, range: TimeRange = {}): Report {
  const params = rangeParams(range);
  const versions = db
    .prepare(
      `SELECT DISTINCT d.prompt_version FROM decisions d WHERE ${where('d.at_ms', range, null)} ORDER BY 1`,
    )
    .pluck()
    .all(params) as string[];
  return {
    fromMs: range.fromMs ?? null,
    toMs: range.toMs ?? null,
    overall: figuresFor(db, range, null),
    byPromptVersion: versions.map((version) => figuresFor(db, range, version)),
  };
}

export function figuresFor(db: SqliteDatabase, range: TimeRange, version: string | null): ReportFigures {
  const p = { ...rangeParams(range), version };
  const decisions = db
    .prepare(
      `SELECT COUNT(*) AS n, COALESCE(SUM(final_action = 'HOLD'), 0) AS holds,
         COALESCE(SUM(proposed_action = 'HOLD'), 0) AS proposedHolds,
         COALESCE(SUM(blocked_by_json <> '[]'), 0) AS blocked,
         COALESCE(SUM(final_action IN ('OPEN_LONG', 'OPEN_SHORT')), 0) AS approvedOpens,
         COALESCE(SUM(cost_usd), 0) AS cost, COALESCE(SUM(tokens_in), 0) AS tokensIn,
         COALESCE(SUM(tokens_out), 0) AS tokensOut
       FROM decisions d WHERE ${where('d.at_ms', range, version)}`,
    )
    .get(p) as Record<
    'n' | 'holds' | 'proposedHolds' | 'blocked' | 'approvedOpens' | 'cost' | 'tokensIn' | 'tokensOut',
    number
  >;

  const histogram = db
    .prepare(
      `SELECT j.value AS code, COUNT(*) AS n FROM decisions d, json_each(d.blocked_by_json) j
       WHERE d.blocked_by_json <> '[]' AND ${where('d.at_ms', range, version)} GROUP BY j.value ORDER BY n DESC, code`,
    )
    .all(p) as { code: string; n: number }[];

  const opened = db
    .prepare(
      `SELECT COUNT(*) AS n, AVG(o.qty * o.entry_price) AS avgNotional
       FROM position_opens o LEFT JOIN decisions d ON d.id = o.decision_id
       WHERE ${where('o.opened_at_ms', range, version)}`,
    )
    .get(p) as { n: number; avgNotional: number | null };

  const limits = db
    .prepare(
      `SELECT COUNT(*) AS placed, COALESCE(SUM(o.ever_filled), 0) AS filled
       FROM orders o LEFT JOIN decisions d ON d.id = o.decision_id
       WHERE o.role = 'ENTRY' AND o.type = 'LIMIT' AND o.submitted_at_ms IS NOT NULL
         AND (o.ever_filled = 1 OR o.state IN ('FILLED', 'CANCELLED', 'EXPIRED')) AND ${where('o.submitted_at_ms', range, version)}`,
    )
    .get(p) as { placed: number; filled: number };

  const trades = db
    .prepare(
      `SELECT c.gross_pnl_usdt AS gross, c.fees_usdt AS fees, d.confidence AS confidence,
         COALESCE((SELECT SUM(f.amount_usdt) FROM funding_payments f WHERE f.position_id = c.position_id), 0) AS funding
       FROM position_closes c JOIN position_opens o ON o.position_id = c.position_id
       LEFT JOIN decisions d ON d.id = o.decision_id
       WHERE ${where('c.closed_at_ms', range, version)}
       ORDER BY c.closed_at_ms, c.id`,
    )
    .all(p) as TradeRow[];

  const fundingInRange = db
    .prepare(
      `SELECT COALESCE(SUM(f.amount_usdt), 0) FROM funding_payments f
       LEFT JOIN position_opens o ON o.position_id = f.position_id LEFT JOIN decisions d ON d.id = o.decision_id
       WHERE ${where('f.at_ms', range, version)}`,
    )
    .pluck()
    .get(p) as number;

  const tradeNets = trades.map((t) => t.gross - t.fees + t.funding);
  const wins = tradeNets.filter((net) => net > 0).length;
  const grossPnlUsdt = sum(trades.map((t) => t.gross));
  const feesUsdt = sum(trades.map((t) => t.fees));
  const calibration = calibrate(trades, tradeNets);
  const drawdown = version === null ? equityDrawdown(db, range) : tradeDrawdown(tradeNets);

  return {
    promptVersion: version,
    decisions: decisions.n,
    holdDecisions: decisions.holds,
    proposedHolds: decisions.proposedHolds,
    blockedDecisions: decisions.blocked,
    blockedByConstraint: Object.fromEntries(histogram.map((h) => [h.code, h.n])),
    approvedOpens: decisions.approvedOpens,
    positionsOpened: opened.n,
    averagePositionNotionalUsdt: opened.avgNotional,
    limitEntriesPlaced: limits.placed,
    limitEntriesFilled: limits.filled,
    limitFillRate: ratio(limits.filled, limits.placed),
    closedTrades: trades.length,
    wins,
    losses: trades.length - wins,
    winRate: ratio(wins, trades.length),
    grossPnlUsdt,
    feesUsdt,
    fundingUsdt: fundingInRange,
    netPnlUsdt: grossPnlUsdt - feesUsdt + fundingInRange,
    ...drawdown,
    calibration,
    tradesWithoutConfidence: trades.length - sum(calibration.map((b) => b.trades)),
    aiCostUsd: decisions.cost,
    tokensIn: decisions.tokensIn,
    tokensOut: decisions.tokensOut,
  };
}

type Drawdown = Pick<ReportFigures, 'maxDrawdownUsdt' | 'maxDrawdownPct' | 'drawdownSource'>;

function equityDrawdown(db: SqliteDatabase, range: TimeRange): Drawdown {
  const row = db
    .prepare(
      `SELECT COUNT(*) AS n, MAX(peak - equity_usdt) AS dd,
         MAX(CASE WHEN peak > 0 THEN (peak - equity_usdt) / peak END) AS ddPct
       FROM (SELECT equity_usdt, MAX(equity_usdt) OVER (ORDER BY at_ms, id) AS peak
             FROM equity_snapshots WHERE ${where('at_ms', range, null)})`,
    )
    .get(rangeParams(range)) as { n: number; dd: number | null; ddPct: number | null };
  if (row.n === 0) return { maxDrawdownUsdt: null, maxDrawdownPct: null, drawdownSource: 'none' };
  return { maxDrawdownUsdt: row.dd ?? 0, maxDrawdownPct: row.ddPct ?? 0, drawdownSource: 'equity' };
}

/** Peak-to-trough of the cumulative net PnL of closed trades, starting from 0. */
function tradeDrawdown(tradeNets: number[]): Drawdown {
  if (tradeNets.length === 0) return { maxDrawdownUsdt: null, maxDrawdownPct: null, drawdownSource: 'none' };
  let cumulative = 0;
  let peak = 0;
  let worst = 0;
  for (const net of tradeNets) {
    cumulative += net;
    peak = Math.max(peak, cumulative);
    worst = Math.max(worst, peak - cumulative);
  }
  return { maxDrawdownUsdt: worst, maxDrawdownPct: null, drawdownSource: 'trades' };
}

function calibrate(trades: TradeRow[], tradeNets: number[]): CalibrationBucket[] {
  return CONFIDENCE_BUCKETS.map(([min, max], index) => {
    const last = index === CONFIDENCE_BUCKETS.length - 1;
    const inBucket = trades
      .map((t, i) => ({ confidence: t.confidence, win: (tradeNets[i] ?? 0) > 0 }))
      .filter(
        (t): t is { confidence: number; win: boolean } =>
          t.confidence !== null &&
          t.confidence >= min &&
          (t.confidence < max || (last && t.confidence <= max)),
      );
    return {
      label: `${min}–${max}`,
      minConfidence: min,
      maxConfidence: max,
      trades: inBucket.length,
      meanConfidence: inBucket.length === 0 ? null : sum(inBucket.map((t) => t.confidence)) / inBucket.length,
      winRate: ratio(inBucket.filter((t) => t.win).length, inBucket.length),
    };
  });
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
