import type { SqliteDatabase } from './connection.ts';
import { type DeciderScope, LEAD_SCOPE, leadRows, scopeCondition } from './lookups.ts';

/** The columns of a decisions row that lead to its call. */
export interface DecisionCallColumns {
  model_call_id: number | null;
  tokens_in: number | null;
  cycle_id: string;
  prompt_version: string;
  provider: string;
  model: string;
}

// Mirrors ModelCallRecord on purpose: the read shape adds the id and what journals before migrations 5 and 6 leave null.
/** One model call as journaled: its usage counted once, whatever the number of symbols it answered. */
export interface ModelCallView {
  id: number;
  atMs: number;
  cycleId: string;
  promptVersion: string;
  provider: string;
  model: string;
  symbols: string[];
  latencyMs: number | null;
  tokensIn: number;
  tokensOut: number;
  /** Of tokensIn, read from / written to the provider's prompt cache (0 before migration 6). */
  tokensCachedIn: number;
  tokensCacheWrite: number;
  /** null on a call derived from a journal older than migration 5 (not recorded then). */
  tokensEstimated: boolean | null;
  costUsd: number;
  attempts: number | null;
  error: string | null;
  promptHash: string | null;
  responseHash: string | null;
  /** Derived by migration 5 from the usage copied on every decision row of an old journal. */
  legacy: boolean;
}

interface ModelCallRow {
  id: number;
  at_ms: number;
  cycle_id: string;
  prompt_version: string;
  provider: string;
  model: string;
  symbols_json: string;
  latency_ms: number | null;
  tokens_in: number;
  tokens_out: number;
  tokens_cached_in: number;
  tokens_cache_write: number;
  tokens_estimated: number | null;
  cost_usd: number;
  attempts: number | null;
  error: string | null;
  prompt_hash: string | null;
  response_hash: string | null;
  legacy: number;
}

function toModelCallView(row: ModelCallRow): ModelCallView {
  return {
    id: row.id,
    atMs: row.at_ms,
    cycleId: row.cycle_id,
    promptVersion: row.prompt_version,
    provider: row.provider,
    model: row.model,
    symbols: JSON.parse(row.symbols_json) as string[],
    latencyMs: row.latency_ms,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    tokensCachedIn: row.tokens_cached_in,
    tokensCacheWrite: row.tokens_cache_write,
    tokensEstimated: row.tokens_estimated === null ? null : row.tokens_estimated === 1,
    costUsd: row.cost_usd,
    attempts: row.attempts,
    error: row.error,
    promptHash: row.prompt_hash,
    responseHash: row.response_hash,
    legacy: row.legacy === 1,
  };
}

/**
 * Finds the call behind decision rows: by `model_call_id`, or for a row written before migration 5
 * (usage copied on the row, no link) by the call derived from it. Consecutive rows of one call
 * read it once.
 */
export class ModelCallReader {
  private last: ModelCallView | null = null;

  constructor(private readonly db: SqliteDatabase) {}

  forDecision(row: DecisionCallColumns): ModelCallView | null {
    if (row.model_call_id !== null) {
      if (this.last?.id === row.model_call_id) return this.last;
      return this.remember(
        this.db.prepare('SELECT * FROM model_calls WHERE id = ?').get(row.model_call_id) as
          | ModelCallRow
          | undefined,
      );
    }
    if (row.tokens_in === null) return null;
    const l = this.last;
    if (
      l?.legacy &&
      l.cycleId === row.cycle_id &&
      l.promptVersion === row.prompt_version &&
      l.provider === row.provider &&
      l.model === row.model
    ) {
      return l;
    }
    return this.remember(
      this.db
        .prepare(
          `SELECT * FROM model_calls WHERE cycle_id = ? AND prompt_version = ? AND provider = ? AND model = ?
           AND legacy = 1`,
        )
        .get(row.cycle_id, row.prompt_version, row.provider, row.model) as ModelCallRow | undefined,
    );
  }

  private remember(row: ModelCallRow | undefined): ModelCallView | null {
    this.last = row ? toModelCallView(row) : null;
    return this.last;
  }
}

/** Model usage of one prompt version over a time range: every call counted once. */
export interface ModelUsage {
  promptVersion: string;
  calls: number;
  tokensIn: number;
  tokensOut: number;
  /** Of tokensIn, read from the provider's prompt cache. */
  tokensCachedIn: number;
  costUsd: number;
  /** Calls whose tokens were counted locally (the provider stated none). */
  estimatedCalls: number;
}

/** Usage per prompt version of the calls made in [fromMs, toMs) (either end open when absent). */
export function modelUsageByVersion(
  db: SqliteDatabase,
  range: { fromMs?: number | null; toMs?: number | null } = {},
  scope: DeciderScope = LEAD_SCOPE,
): ModelUsage[] {
  const conditions = [
    scopeCondition(scope),
    range.fromMs != null ? 'at_ms >= @fromMs' : null,
    range.toMs != null ? 'at_ms < @toMs' : null,
  ].filter((c) => c !== null);
  return db
    .prepare(
      `SELECT prompt_version AS promptVersion, COUNT(*) AS calls, SUM(tokens_in) AS tokensIn,
         SUM(tokens_out) AS tokensOut, SUM(tokens_cached_in) AS tokensCachedIn, SUM(cost_usd) AS costUsd, COALESCE(SUM(tokens_estimated = 1), 0) AS estimatedCalls
       FROM model_calls WHERE ${conditions.join(' AND ')}
       GROUP BY prompt_version ORDER BY prompt_version`,
    )
    .all({ fromMs: range.fromMs ?? null, toMs: range.toMs ?? null }) as ModelUsage[];
}

export interface LatencyHistogram {
  /** Calls at or under each bound, in the order of the bounds (cumulative, as Prometheus wants). */
  atOrUnder: number[];
  count: number;
  sumMs: number;
}

/** Latency of every model call of the lead (one per prompt version per cycle) against upper bounds in ms. */
export function modelCallLatencyHistogram(db: SqliteDatabase, boundsMs: readonly number[]): LatencyHistogram {
  const buckets = boundsMs.map((b, i) => `COALESCE(SUM(latency_ms <= ${Number(b)}), 0) AS b${i}`).join(', ');
  const row = db
    .prepare(
      `SELECT COUNT(*) AS n, COALESCE(SUM(latency_ms), 0) AS total${buckets ? `, ${buckets}` : ''}
       FROM model_calls WHERE latency_ms IS NOT NULL AND ${leadRows()}`,
    )
    .get() as Record<string, number>;
  return { atOrUnder: boundsMs.map((_, i) => row[`b${i}`] ?? 0), count: row.n ?? 0, sumMs: row.total ?? 0 };
}
