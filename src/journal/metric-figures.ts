import type { SqliteDatabase } from './connection.ts';
import { leadRows } from './lookups.ts';
import {
  type LatencyHistogram,
  type ModelUsage,
  modelCallLatencyHistogram,
  modelUsageByVersion,
} from './model-calls.ts';
import { buildReport, type Report } from './queries.ts';

/** Journal events that mean a call to the venue failed or its answer could not be trusted. */
export const EXCHANGE_ERROR_EVENT_KINDS = [
  'position-manager.failed',
  'reconcile.failed',
  'stop.move-failed',
  'stream.unavailable',
  'cycle.failed',
] as const;

/**
 * Everything /metrics reads from the journal, all time (counters of journal rows survive restarts):
 * the lead's rows, the venue's account; cycles are shared by every decider.
 */
export interface MetricFigures {
  equity: { equity: number; wallet: number; available: number; unrealised: number } | null;
  equityPeak: number | null;
  decisionsByAction: Map<string, number>;
  /** The SPEC 8 key figures, overall and per prompt version (the report's definitions). */
  report: Report;
  latency: LatencyHistogram;
  /** Model usage per prompt version, each call counted once. */
  usage: ModelUsage[];
  orderErrors: Map<string, number>;
  eventErrors: Map<string, number>;
  netPnlUsdt: number;
  closedTrades: number;
  cyclesByOutcome: Map<string, number>;
}

export function readMetricFigures(db: SqliteDatabase, latencyBoundsMs: readonly number[]): MetricFigures {
  const rows = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  const equity = one<{ equity: number; wallet: number; available: number; unrealised: number } | undefined>(
    `SELECT equity_usdt AS equity, wallet_balance_usdt AS wallet, available_usdt AS available,
       unrealised_pnl_usdt AS unrealised FROM equity_snapshots WHERE ${leadRows()} ORDER BY id DESC LIMIT 1`,
  );
  const peak = one<{ peak: number | null }>(
    `SELECT MAX(equity_usdt) AS peak FROM equity_snapshots WHERE ${leadRows()}`,
  );
  const trades = one<{ n: number; net: number | null }>(
    `SELECT COUNT(*) AS n, SUM(c.gross_pnl_usdt - c.fees_usdt) +
       COALESCE((SELECT SUM(amount_usdt) FROM funding_payments WHERE ${leadRows()}), 0) AS net
     FROM position_closes c WHERE ${leadRows('c')}`,
  );
  const kinds = EXCHANGE_ERROR_EVENT_KINDS.map((k) => `'${k}'`).join(', ');
  return {
    equity: equity ?? null,
    equityPeak: peak.peak,
    decisionsByAction: toMap(
      rows(
        `SELECT final_action AS k, COUNT(*) AS n FROM decisions WHERE ${leadRows()} GROUP BY final_action`,
      ),
    ),
    report: buildReport(db),
    latency: modelCallLatencyHistogram(db, latencyBoundsMs),
    usage: modelUsageByVersion(db),
    orderErrors: toMap(
      rows(
        `SELECT state AS k, COUNT(*) AS n FROM order_events WHERE state IN ('REJECTED', 'OUTCOME_UNKNOWN')
         AND ${leadRows()} GROUP BY state`,
      ),
    ),
    eventErrors: toMap(
      rows(
        `SELECT kind AS k, COUNT(*) AS n FROM events WHERE kind IN (${kinds}) AND ${leadRows()} GROUP BY kind`,
      ),
    ),
    netPnlUsdt: trades.net ?? 0,
    closedTrades: trades.n,
    cyclesByOutcome: toMap(rows('SELECT outcome AS k, COUNT(*) AS n FROM cycle_ends GROUP BY outcome')),
  };
}

function toMap(rows: { k: string; n: number }[]): Map<string, number> {
  return new Map(rows.map((r) => [r.k, r.n]));
}
