import type { SqliteDatabase } from './connection.ts';
import { rangeParams, type TimeRange } from './decision-view.ts';
import { type DeciderScope, databaseOf, type JournalLookups, scopeCondition } from './lookups.ts';

/** What `warden arena` reads from a journal: every decider over the same UTC days (docs/arena.md). */
export interface ArenaJournal {
  /** UTC days covered, [fromMs, toMs) on day boundaries; `days[i]` is 'YYYY-MM-DD'. Same for every decider. */
  fromMs: number;
  toMs: number;
  days: string[];
  /** The lead's rows first (by id), then the shadows by id. */
  deciders: ArenaDecider[];
}

export interface ArenaTradeRow {
  closedAtMs: number;
  netPnlUsdt: number;
  symbol: string;
  /** Stated confidence (0–100) of the decision that opened the trade; null when none was journaled. */
  confidence: number | null;
}

/** Structurally a `DeciderRecord` of src/arena/figures.ts, plus what the arena shows beside it. */
export interface ArenaDecider {
  decider: string;
  role: 'lead' | 'shadow';
  tradeNetsUsdt: number[];
  dailyPnlUsdt: number[];
  startEquityUsdt: number;
  decisions: number;
  invalidOutputs: number;
  trades: ArenaTradeRow[];
  forecasts: { probability: number; won: boolean }[];
  blockedBy: Record<string, number>;
  modelCalls: number;
  tokensIn: number;
  tokensOut: number;
  tokensCachedIn: number;
  costUsd: number;
  callLatenciesMs: number[];
  aiCostPerDayUsd: number[];
  equityCurve: { atMs: number; equityUsdt: number }[];
}

const DAY_MS = 86_400_000;

/**
 * Every decider of the journal over the range. A decider is one account: the lead's rows of one id
 * or one shadow's; one without an equity snapshot in the range (no cycle of it ran) is left out,
 * as it has no start equity. The days run from the first cycle or close in the range to the last,
 * whole UTC days, so every decider's daily series covers the same buckets.
 */
export function arenaRecords(journal: JournalLookups, range: TimeRange = {}): ArenaJournal {
  const db = databaseOf(journal);
  const p = rangeParams(range);
  const span = db
    .prepare(
      `SELECT MIN(t) AS first, MAX(t) AS last FROM (
         SELECT started_at_ms AS t FROM cycles WHERE started_at_ms >= @fromMs AND started_at_ms < @toMs
         UNION ALL SELECT closed_at_ms FROM position_closes WHERE closed_at_ms >= @fromMs AND closed_at_ms < @toMs)`,
    )
    .get(p) as { first: number | null; last: number | null };
  if (span.first === null || span.last === null) return { fromMs: 0, toMs: 0, days: [], deciders: [] };
  const fromMs = Math.floor(span.first / DAY_MS) * DAY_MS;
  const toMs = (Math.floor(span.last / DAY_MS) + 1) * DAY_MS;
  const days = Array.from({ length: (toMs - fromMs) / DAY_MS }, (_, i) =>
    new Date(fromMs + i * DAY_MS).toISOString().slice(0, 10),
  );
  const scopes = (
    db
      .prepare(
        `SELECT DISTINCT decider, shadow FROM equity_snapshots WHERE at_ms >= @fromMs AND at_ms < @toMs
         ORDER BY shadow, decider`,
      )
      .all(p) as { decider: string; shadow: number }[]
  ).map((row): DeciderScope => ({ decider: row.decider, shadow: row.shadow === 1 }));
  const deciders = scopes.map((scope) => deciderOf(db, scope, range, { fromMs, days: days.length }));
  return { fromMs, toMs, days, deciders };
}

function deciderOf(
  db: SqliteDatabase,
  scope: DeciderScope,
  range: TimeRange,
  span: { fromMs: number; days: number },
): ArenaDecider {
  const p = { ...rangeParams(range), decider: scope.decider };
  // One id's rows: the lead's account may have been led by several ids over a journal's life.
  const mine = (alias: string) => `${scopeCondition(scope, alias)} AND ${alias}.decider = @decider`;
  const dayOf = (atMs: number) => Math.floor((atMs - span.fromMs) / DAY_MS);
  const trades = db
    .prepare(
      `SELECT c.closed_at_ms AS closedAtMs, o.symbol, d.confidence,
         c.gross_pnl_usdt - c.fees_usdt +
           COALESCE((SELECT SUM(f.amount_usdt) FROM funding_payments f WHERE f.position_id = c.position_id), 0)
           AS netPnlUsdt
       FROM position_closes c JOIN position_opens o ON o.position_id = c.position_id
       LEFT JOIN decisions d ON d.id = o.decision_id
       WHERE ${mine('o')} AND c.closed_at_ms >= @fromMs AND c.closed_at_ms < @toMs
       ORDER BY c.closed_at_ms, c.id`,
    )
    .all(p) as ArenaTradeRow[];
  const decisions = db
    .prepare(
      `SELECT COUNT(*) AS n,
         COALESCE(SUM(EXISTS (SELECT 1 FROM json_each(d.blocked_by_json) j WHERE j.value = 'AI_INVALID_OUTPUT')), 0)
           AS invalid
       FROM decisions d WHERE ${mine('d')} AND d.at_ms >= @fromMs AND d.at_ms < @toMs`,
    )
    .get(p) as { n: number; invalid: number };
  const blocked = db
    .prepare(
      `SELECT j.value AS code, COUNT(*) AS n FROM decisions d, json_each(d.blocked_by_json) j
       WHERE ${mine('d')} AND d.blocked_by_json <> '[]' AND d.at_ms >= @fromMs AND d.at_ms < @toMs
       GROUP BY j.value ORDER BY j.value`,
    )
    .all(p) as { code: string; n: number }[];
  const calls = db
    .prepare(
      `SELECT m.at_ms AS atMs, m.latency_ms AS latencyMs, m.tokens_in AS tokensIn, m.tokens_out AS tokensOut,
         m.tokens_cached_in AS tokensCachedIn, m.cost_usd AS costUsd
       FROM model_calls m WHERE ${mine('m')} AND m.at_ms >= @fromMs AND m.at_ms < @toMs ORDER BY m.at_ms, m.id`,
    )
    .all(p) as {
    atMs: number;
    latencyMs: number | null;
    tokensIn: number;
    tokensOut: number;
    tokensCachedIn: number;
    costUsd: number;
  }[];
  const equityCurve = db
    .prepare(
      `SELECT e.at_ms AS atMs, e.equity_usdt AS equityUsdt FROM equity_snapshots e
       WHERE ${mine('e')} AND e.at_ms >= @fromMs AND e.at_ms < @toMs ORDER BY e.at_ms, e.id`,
    )
    .all(p) as { atMs: number; equityUsdt: number }[];

  const aiCostPerDayUsd = new Array<number>(span.days).fill(0);
  for (const call of calls) {
    const day = dayOf(call.atMs);
    if (day >= 0 && day < span.days) aiCostPerDayUsd[day] = (aiCostPerDayUsd[day] as number) + call.costUsd;
  }
  const dailyPnlUsdt = aiCostPerDayUsd.map((cost) => -cost);
  for (const trade of trades) {
    const day = dayOf(trade.closedAtMs);
    dailyPnlUsdt[day] = (dailyPnlUsdt[day] as number) + trade.netPnlUsdt;
  }
  return {
    decider: scope.decider,
    role: scope.shadow ? 'shadow' : 'lead',
    tradeNetsUsdt: trades.map((t) => t.netPnlUsdt),
    dailyPnlUsdt,
    startEquityUsdt: equityCurve[0]?.equityUsdt as number,
    decisions: decisions.n,
    invalidOutputs: decisions.invalid,
    trades,
    forecasts: trades
      .filter((t) => t.confidence !== null)
      .map((t) => ({ probability: (t.confidence as number) / 100, won: t.netPnlUsdt > 0 })),
    blockedBy: Object.fromEntries(blocked.map((b) => [b.code, b.n])),
    modelCalls: calls.length,
    tokensIn: sum(calls.map((c) => c.tokensIn)),
    tokensOut: sum(calls.map((c) => c.tokensOut)),
    tokensCachedIn: sum(calls.map((c) => c.tokensCachedIn)),
    costUsd: sum(calls.map((c) => c.costUsd)),
    callLatenciesMs: calls.flatMap((c) => (c.latencyMs === null ? [] : [c.latencyMs])),
    aiCostPerDayUsd,
    equityCurve,
  };
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
