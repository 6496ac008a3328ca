import type { ExitReason, PositionSide } from '../domain/index.ts';
import { positionFundingSql } from './closed-trades.ts';
import type { SqliteDatabase } from './connection.ts';
import { leadRows } from './lookups.ts';

/** Append-only journal tables and their ordered key: rows may only ever be added, without holes. */
const APPEND_ONLY: readonly [table: string, key: string][] = [
  ['cycles', 'seq'],
  ['cycle_ends', 'seq'],
  ['decisions', 'id'],
  ['order_events', 'id'],
  ['fills', 'id'],
  ['position_opens', 'id'],
  ['position_closes', 'id'],
  ['stop_moves', 'id'],
  ['funding_payments', 'id'],
  ['equity_snapshots', 'id'],
  ['trading_state_changes', 'id'],
  ['events', 'id'],
];

export interface TableRange {
  table: string;
  rows: number;
  lowestKey: number | null;
  highestKey: number | null;
}

/**
 * Row count and key range of every append-only table (the soak's "nothing lost, no holes"), every
 * decider's rows. The other queries here read the lead's rows: the venue's account.
 */
export function appendOnlyRanges(db: SqliteDatabase): TableRange[] {
  return APPEND_ONLY.map(([table, key]) => {
    const row = db
      .prepare(`SELECT COUNT(*) AS n, MIN(${key}) AS lo, MAX(${key}) AS hi FROM ${table}`)
      .get() as {
      n: number;
      lo: number | null;
      hi: number | null;
    };
    return { table, rows: row.n, lowestKey: row.lo, highestKey: row.hi };
  });
}

export interface ApprovedOpen {
  id: number;
  symbol: string;
  /** The loss the gate planned at the stop; null when the decision carried none. */
  riskUsdt: number | null;
  /** The per-trade budget the decision was sized with; null for journals older than the budget. */
  budgetUsdt: number | null;
}

/** Approved opens after decision `afterId`, oldest first. */
export function approvedOpensAfter(db: SqliteDatabase, afterId: number): ApprovedOpen[] {
  return db
    .prepare(
      `SELECT id, symbol, json_extract(order_json, '$.riskUsdt') AS riskUsdt,
         json_extract(input_snapshot_json, '$.extra.riskBudgetUsdt') AS budgetUsdt
       FROM decisions WHERE id > ? AND final_action IN ('OPEN_LONG', 'OPEN_SHORT') AND ${leadRows()} ORDER BY id`,
    )
    .all(afterId) as ApprovedOpen[];
}

export interface ClosedTradeBudget {
  positionId: string;
  symbol: string;
  side: PositionSide;
  exitReason: string;
  exitPrice: number;
  gross: number;
  fees: number;
  /** The last stop journaled (the last move, else the stop at open). */
  stop: number | null;
  budget: number | null;
}

/** Every closed trade with its last stop and the risk budget its decision was sized with. */
export function closedTradeBudgets(db: SqliteDatabase): ClosedTradeBudget[] {
  return db
    .prepare(
      `SELECT c.position_id AS positionId, o.symbol, o.side, c.exit_reason AS exitReason, c.exit_price AS exitPrice,
         c.gross_pnl_usdt AS gross, c.fees_usdt AS fees,
         COALESCE((SELECT m.new_stop FROM stop_moves m WHERE m.position_id = c.position_id ORDER BY m.id DESC LIMIT 1),
           o.stop_loss) AS stop,
         json_extract(d.input_snapshot_json, '$.extra.riskBudgetUsdt') AS budget
       FROM position_closes c JOIN position_opens o ON o.position_id = c.position_id
       LEFT JOIN decisions d ON d.id = o.decision_id WHERE ${leadRows('o')}`,
    )
    .all() as ClosedTradeBudget[];
}

export interface RunCounts {
  cycles: number;
  /** Cycles with an end row (a cycle the process died in has none). */
  cyclesEnded: number;
  decisions: number;
  proposals: number;
  approvals: number;
  /** Gate block codes, each decision's list in order. */
  blockedBy: string[][];
  exitReasons: { reason: string; n: number }[];
}

/** What a run did, counted from its journal. */
export function runCounts(db: SqliteDatabase): RunCounts {
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  return {
    cycles: count('SELECT COUNT(*) FROM cycles'),
    cyclesEnded: count('SELECT COUNT(*) FROM cycle_ends'),
    decisions: count(`SELECT COUNT(*) FROM decisions WHERE ${leadRows()}`),
    proposals: count(`SELECT COUNT(*) FROM decisions WHERE proposed_action <> 'HOLD' AND ${leadRows()}`),
    approvals: count(`SELECT COUNT(*) FROM decisions WHERE final_action <> 'HOLD' AND ${leadRows()}`),
    blockedBy: (
      db.prepare(`SELECT blocked_by_json FROM decisions WHERE ${leadRows()}`).pluck().all() as string[]
    ).map((json) => JSON.parse(json) as string[]),
    exitReasons: db
      .prepare(
        `SELECT exit_reason AS reason, COUNT(*) AS n FROM position_closes WHERE ${leadRows()} GROUP BY exit_reason`,
      )
      .all() as { reason: string; n: number }[],
  };
}

/** A position of the journal, open or closed, with its close and decision (the backtest's trade list). */
export interface PositionHistoryRow {
  positionId: string;
  symbol: string;
  side: PositionSide;
  qty: number;
  openedAtMs: number;
  entryPrice: number;
  stopLoss: number | null;
  takeProfit: number | null;
  closedAtMs: number | null;
  exitPrice: number | null;
  closedQty: number | null;
  exitReason: ExitReason | null;
  grossPnlUsdt: number | null;
  feesUsdt: number | null;
  fundingUsdt: number;
  promptVersion: string | null;
  confidence: number | null;
  riskUsdt: number | null;
}

/** Every position, oldest first. */
export function positionHistory(db: SqliteDatabase): PositionHistoryRow[] {
  return db
    .prepare(
      `SELECT o.position_id AS positionId, o.symbol, o.side, o.qty, o.opened_at_ms AS openedAtMs,
         o.entry_price AS entryPrice, o.stop_loss AS stopLoss, o.take_profit AS takeProfit,
         c.closed_at_ms AS closedAtMs, c.exit_price AS exitPrice, c.qty AS closedQty, c.exit_reason AS exitReason,
         c.gross_pnl_usdt AS grossPnlUsdt, c.fees_usdt AS feesUsdt, ${positionFundingSql('o')} AS fundingUsdt,
         d.prompt_version AS promptVersion, d.confidence AS confidence,
         json_extract(d.order_json, '$.riskUsdt') AS riskUsdt
       FROM position_opens o
       LEFT JOIN position_closes c ON c.position_id = o.position_id
       LEFT JOIN decisions d ON d.id = o.decision_id
       WHERE ${leadRows('o')} ORDER BY o.opened_at_ms, o.id`,
    )
    .all() as PositionHistoryRow[];
}

export interface StopMoveRow {
  positionId: string;
  atMs: number;
  stop: number;
  rule: string;
}

/** Every stop move, by position then in order. */
export function allStopMoves(db: SqliteDatabase): StopMoveRow[] {
  return db
    .prepare(
      `SELECT position_id AS positionId, at_ms AS atMs, new_stop AS stop, rule FROM stop_moves WHERE ${leadRows()}
       ORDER BY position_id, id`,
    )
    .all() as StopMoveRow[];
}

export interface JournalTotals {
  feesUsdt: number;
  fundingUsdt: number;
  /** Closing fills that fall in no position's lifetime on their symbol (should be 0). */
  orphanClosingFills: number;
}

/** Totals to reconcile the journal against the exchange's own books. */
export function journalTotals(db: SqliteDatabase): JournalTotals {
  const value = (sql: string) => (db.prepare(sql).pluck().get() as number | null) ?? 0;
  return {
    feesUsdt: value(`SELECT SUM(fee_usdt) FROM fills WHERE ${leadRows()}`),
    fundingUsdt: value(`SELECT SUM(amount_usdt) FROM funding_payments WHERE ${leadRows()}`),
    orphanClosingFills: value(
      `SELECT COUNT(*) FROM fills f WHERE f.closed_qty > 0 AND ${leadRows('f')} AND NOT EXISTS (
         SELECT 1 FROM position_opens o LEFT JOIN position_closes c ON c.position_id = o.position_id
         WHERE ${leadRows('o')} AND o.symbol = f.symbol AND f.at_ms >= o.opened_at_ms AND (c.closed_at_ms IS NULL OR f.at_ms <= c.closed_at_ms))`,
    ),
  };
}
