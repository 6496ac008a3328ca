import { maxDrawdown } from '../arena/metrics.ts';
import { wilsonInterval } from '../arena/proportion.ts';
import { positionFundingSql } from './closed-trades.ts';
import type { SqliteDatabase } from './connection.ts';
import { rangeParams, type TimeRange } from './decision-view.ts';
import { type DeciderScope, LEAD_SCOPE, scopeCondition } from './lookups.ts';
import { modelUsageByVersion } from './model-calls.ts';

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
  /** 95 % Wilson interval of the win rate: 3 wins of 4 trades is 75 % [30 %, 95 %], not evidence. */
  winRateLow: number | null;
  winRateHigh: number | null;
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
  /** Model calls made in range: one per prompt version per cycle, whatever the number of symbols. */
  modelCalls: number;
  /** Of those, calls whose provider stated no usage: their tokens were counted locally. */
  modelCallsWithEstimatedTokens: number;
  /** Tokens and cost of those calls, each call counted once (never once per symbol). */
  aiCostUsd: number;
  tokensIn: number;
  tokensOut: number;
  /** Of tokensIn, read from the providers' prompt caches (billed at the cached rate). */
  tokensCachedIn: number;
  /** AI cost over the days the range covers (first to last cycle); null below one cycle of span. */
  aiCostPerDayUsd: number | null;
  /** aiCostPerDayUsd × 30. */
  aiCostPerMonthUsd: number | null;
  /** aiCostPerMonthUsd against the last equity of the range (USD taken as USDT), a fraction. */
  aiCostPerMonthPctOfEquity: number | null;
  /** PnL net of fees and funding, minus the AI cost (USD taken as USDT). */
  netPnlAfterAiCostUsdt: number;
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
 * The WHERE conditions for a time column and the range. Only the bounds
 * given are written, so an all-time report scans tables instead of walking a whole index.
 */
/**
 * The decisions table for a range scan: all-time reads the table in order (walking the version
 * index and fetching every row is twice as slow); a bounded range walks the time index.
 */
function decisionsIn(range: TimeRange): string {
  return range.fromMs == null && range.toMs == null
    ? 'decisions d NOT INDEXED'
    : 'decisions d INDEXED BY decisions_at';
}

function where(timeColumn: string, range: TimeRange, mine: string): string {
  const conditions = [
    mine,
    range.fromMs != null ? `${timeColumn} >= @fromMs` : null,
    range.toMs != null ? `${timeColumn} < @toMs` : null,
  ].filter((c) => c !== null);
  return conditions.join(' AND ');
}

/** One pass per table, grouped by prompt version (null: rows with no decision behind them). */
export function buildReport(
  db: SqliteDatabase,
  range: TimeRange = {},
  scope: DeciderScope = LEAD_SCOPE,
): Report {
  const p = rangeParams(range);
  const mine = (alias?: string) => scopeCondition(scope, alias);
  const decisions = db
    .prepare(
      `SELECT d.prompt_version AS v, COUNT(*) AS n, SUM(final_action = 'HOLD') AS holds,
         SUM(proposed_action = 'HOLD') AS proposedHolds, SUM(blocked_by_json <> '[]') AS blocked,
         SUM(final_action IN ('OPEN_LONG', 'OPEN_SHORT')) AS approvedOpens
       FROM ${decisionsIn(range)} WHERE ${where('d.at_ms', range, mine('d'))} GROUP BY d.prompt_version`,
    )
    .all(p) as (Versioned & DecisionCounts)[];
  const histogram = db
    .prepare(
      `SELECT d.prompt_version AS v, j.value AS code, COUNT(*) AS n FROM ${decisionsIn(range)}, json_each(d.blocked_by_json) j
       WHERE d.blocked_by_json <> '[]' AND ${where('d.at_ms', range, mine('d'))} GROUP BY d.prompt_version, j.value`,
    )
    .all(p) as (Versioned & { code: string; n: number })[];
  const opened = db
    .prepare(
      `SELECT d.prompt_version AS v, COUNT(*) AS n, SUM(o.qty * o.entry_price) AS notional
       FROM position_opens o LEFT JOIN decisions d ON d.id = o.decision_id
       WHERE ${where('o.opened_at_ms', range, mine('o'))} GROUP BY d.prompt_version`,
    )
    .all(p) as (Versioned & { n: number; notional: number })[];
  const limits = db
    .prepare(
      `SELECT d.prompt_version AS v, COUNT(*) AS placed, SUM(o.ever_filled) AS filled
       FROM orders o LEFT JOIN decisions d ON d.id = o.decision_id
       WHERE o.role = 'ENTRY' AND o.type = 'LIMIT' AND o.submitted_at_ms IS NOT NULL
         AND (o.ever_filled = 1 OR o.state IN ('FILLED', 'CANCELLED', 'EXPIRED'))
         AND ${where('o.submitted_at_ms', range, mine('o'))} GROUP BY d.prompt_version`,
    )
    .all(p) as (Versioned & { placed: number; filled: number })[];
  const trades = db
    .prepare(
      `SELECT d.prompt_version AS v, c.gross_pnl_usdt AS gross, c.fees_usdt AS fees, d.confidence AS confidence,
         ${positionFundingSql('c')} AS funding
       FROM position_closes c JOIN position_opens o ON o.position_id = c.position_id
       LEFT JOIN decisions d ON d.id = o.decision_id
       WHERE ${where('c.closed_at_ms', range, mine('o'))} ORDER BY c.closed_at_ms, c.id`,
    )
    .all(p) as (Versioned & TradeRow)[];
  const funding = db
    .prepare(
      `SELECT d.prompt_version AS v, SUM(f.amount_usdt) AS amount FROM funding_payments f
       LEFT JOIN position_opens o ON o.position_id = f.position_id LEFT JOIN decisions d ON d.id = o.decision_id
       WHERE ${where('f.at_ms', range, mine('f'))} GROUP BY d.prompt_version`,
    )
    .all(p) as (Versioned & { amount: number })[];
  const usage = modelUsageByVersion(db, range, scope).map((u) => ({ ...u, v: u.promptVersion }));
  const span = activeSpan(db, range, mine());

  const versions = [
    ...new Set(
      [decisions, histogram, opened, limits, trades, funding, usage].flatMap((rows) => rows.map((r) => r.v)),
    ),
  ]
    .filter((v): v is string => v !== null)
    .sort();
  // Equity drawdown cannot be split by version; per version it is the closed trades' drawdown,
  // unless one version made every trade: then it is the whole account's, as for all versions.
  const accountDrawdown = equityDrawdown(db, range, mine());
  const soleVersion = versions.length === 1 && trades.every((t) => t.v === versions[0]);
  const figures = (version: string | null): ReportFigures => {
    const mine = <T extends Versioned>(rows: T[]): T[] =>
      version === null ? rows : rows.filter((r) => r.v === version);
    const add = <T extends Versioned>(rows: T[], pick: (r: T) => number | null): number =>
      sum(mine(rows).map((r) => pick(r) ?? 0));
    const blockedByConstraint: Record<string, number> = {};
    for (const h of mine(histogram)) blockedByConstraint[h.code] = (blockedByConstraint[h.code] ?? 0) + h.n;
    const myTrades = mine(trades);
    const tradeNets = myTrades.map((t) => t.gross - t.fees + t.funding);
    const wins = tradeNets.filter((net) => net > 0).length;
    const grossPnlUsdt = sum(myTrades.map((t) => t.gross));
    const feesUsdt = sum(myTrades.map((t) => t.fees));
    const fundingUsdt = add(funding, (r) => r.amount);
    const positionsOpened = add(opened, (r) => r.n);
    const placed = add(limits, (r) => r.placed);
    const filled = add(limits, (r) => r.filled);
    const calibration = calibrate(myTrades, tradeNets);
    const netPnlUsdt = grossPnlUsdt - feesUsdt + fundingUsdt;
    const aiCostUsd = add(usage, (r) => r.costUsd);
    const aiCostPerDayUsd = span.days === null ? null : aiCostUsd / span.days;
    const aiCostPerMonthUsd = aiCostPerDayUsd === null ? null : aiCostPerDayUsd * 30;
    return {
      promptVersion: version,
      decisions: add(decisions, (r) => r.n),
      holdDecisions: add(decisions, (r) => r.holds),
      proposedHolds: add(decisions, (r) => r.proposedHolds),
      blockedDecisions: add(decisions, (r) => r.blocked),
      blockedByConstraint: Object.fromEntries(
        Object.entries(blockedByConstraint).sort(([a, x], [b, y]) => y - x || a.localeCompare(b)),
      ),
      approvedOpens: add(decisions, (r) => r.approvedOpens),
      positionsOpened,
      averagePositionNotionalUsdt:
        positionsOpened === 0 ? null : add(opened, (r) => r.notional) / positionsOpened,
      limitEntriesPlaced: placed,
      limitEntriesFilled: filled,
      limitFillRate: ratio(filled, placed),
      closedTrades: myTrades.length,
      wins,
      losses: myTrades.length - wins,
      winRate: ratio(wins, myTrades.length),
      grossPnlUsdt,
      feesUsdt,
      fundingUsdt,
      netPnlUsdt,
      ...(version === null || soleVersion ? accountDrawdown : tradeDrawdown(tradeNets)),
      calibration,
      tradesWithoutConfidence: myTrades.length - sum(calibration.map((b) => b.trades)),
      modelCalls: add(usage, (r) => r.calls),
      modelCallsWithEstimatedTokens: add(usage, (r) => r.estimatedCalls),
      aiCostUsd,
      tokensIn: add(usage, (r) => r.tokensIn),
      tokensOut: add(usage, (r) => r.tokensOut),
      tokensCachedIn: add(usage, (r) => r.tokensCachedIn),
      aiCostPerDayUsd,
      aiCostPerMonthUsd,
      aiCostPerMonthPctOfEquity:
        aiCostPerMonthUsd === null || span.equityUsdt === null || span.equityUsdt <= 0
          ? null
          : aiCostPerMonthUsd / span.equityUsdt,
      netPnlAfterAiCostUsdt: netPnlUsdt - aiCostUsd,
    };
  };
  return {
    fromMs: range.fromMs ?? null,
    toMs: range.toMs ?? null,
    overall: figures(null),
    byPromptVersion: versions.map(figures),
  };
}

interface Versioned {
  v: string | null;
}

const DAY_MS = 86_400_000;

/**
 * The days a range covers, for the AI cost per day: from its start (else the first cycle) to its
 * end (else the last cycle plus one cadence, the last cycle's own period); and the last equity.
 */
function activeSpan(
  db: SqliteDatabase,
  range: TimeRange,
  mine: string,
): { days: number | null; equityUsdt: number | null } {
  const cycles = db
    .prepare(
      `SELECT MIN(started_at_ms) AS first, MAX(started_at_ms) AS last, COUNT(*) AS n FROM cycles
       WHERE ${where('started_at_ms', range, '1')}`,
    )
    .get(rangeParams(range)) as { first: number | null; last: number | null; n: number };
  const equity = db
    .prepare(
      `SELECT equity_usdt FROM equity_snapshots WHERE ${where('at_ms', range, mine)} ORDER BY at_ms DESC, id DESC LIMIT 1`,
    )
    .pluck()
    .get(rangeParams(range)) as number | undefined;
  if (cycles.first === null || cycles.last === null) return { days: null, equityUsdt: equity ?? null };
  const cadence = cycles.n > 1 ? (cycles.last - cycles.first) / (cycles.n - 1) : 0;
  const from = range.fromMs ?? cycles.first;
  const to = range.toMs ?? cycles.last + cadence;
  const days = (to - from) / DAY_MS;
  return { days: days > 0 ? days : null, equityUsdt: equity ?? null };
}

type DecisionCounts = Record<'n' | 'holds' | 'proposedHolds' | 'blocked' | 'approvedOpens', number>;

type Drawdown = Pick<ReportFigures, 'maxDrawdownUsdt' | 'maxDrawdownPct' | 'drawdownSource'>;

function equityDrawdown(db: SqliteDatabase, range: TimeRange, mine: string): Drawdown {
  const row = db
    .prepare(
      `SELECT COUNT(*) AS n, MAX(peak - equity_usdt) AS dd,
         MAX(CASE WHEN peak > 0 THEN (peak - equity_usdt) / peak END) AS ddPct
       FROM (SELECT equity_usdt, MAX(equity_usdt) OVER (ORDER BY at_ms, id) AS peak
             FROM equity_snapshots WHERE ${where('at_ms', range, mine)})`,
    )
    .get(rangeParams(range)) as { n: number; dd: number | null; ddPct: number | null };
  if (row.n === 0) return { maxDrawdownUsdt: null, maxDrawdownPct: null, drawdownSource: 'none' };
  return { maxDrawdownUsdt: row.dd ?? 0, maxDrawdownPct: row.ddPct ?? 0, drawdownSource: 'equity' };
}

/** Peak-to-trough of the cumulative net PnL of closed trades, starting from 0. */
function tradeDrawdown(tradeNets: number[]): Drawdown {
  if (tradeNets.length === 0) return { maxDrawdownUsdt: null, maxDrawdownPct: null, drawdownSource: 'none' };
  return { maxDrawdownUsdt: maxDrawdown(tradeNets), maxDrawdownPct: null, drawdownSource: 'trades' };
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
    const wins = inBucket.filter((t) => t.win).length;
    const interval = inBucket.length === 0 ? null : wilsonInterval(wins, inBucket.length);
    return {
      label: `${min}–${max}`,
      minConfidence: min,
      maxConfidence: max,
      trades: inBucket.length,
      meanConfidence: inBucket.length === 0 ? null : sum(inBucket.map((t) => t.confidence)) / inBucket.length,
      winRate: ratio(wins, inBucket.length),
      winRateLow: interval?.low ?? null,
      winRateHigh: interval?.high ?? null,
    };
  });
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
