import { CLOSED_TRADES_SQL } from './closed-trades.ts';
import type { SqliteDatabase } from './connection.ts';
import { leadRows } from './lookups.ts';

/** The tables whose new rows the dashboard stream and the alerts follow. */
const FOLLOWED_TABLES = [
  'decisions',
  'order_events',
  'equity_snapshots',
  'stop_moves',
  'trading_state_changes',
  'events',
  'position_opens',
  'position_closes',
] as const;
export type FollowedTable = (typeof FOLLOWED_TABLES)[number];

const FOLLOWED = new Set<string>(FOLLOWED_TABLES);

function checked(table: FollowedTable): FollowedTable {
  if (!FOLLOWED.has(table)) throw new Error(`${String(table)} is not a journal table that can be followed`);
  return table;
}

export type JournalRow = Record<string, unknown>;

/** The newest row id of a table (0 when empty). */
export function latestRowId(db: SqliteDatabase, table: FollowedTable): number {
  return (
    (db
      .prepare(`SELECT COALESCE(MAX(id), 0) FROM ${checked(table)}`)
      .pluck()
      .get() as number) ?? 0
  );
}

/**
 * The lead's rows after `afterId` (the venue's account: shadows' rows are skipped), oldest first, as stored. Closes carry their open's symbol, side and entry
 * price and their `funding`; events are only the errors and criticals (the alertable ones).
 */
export function rowsAfter(db: SqliteDatabase, table: FollowedTable, afterId: number): JournalRow[] {
  const sql =
    table === 'position_closes'
      ? `${CLOSED_TRADES_SQL} WHERE c.id > ? AND ${leadRows('c')} ORDER BY c.id`
      : table === 'events'
        ? `SELECT * FROM events WHERE id > ? AND severity IN ('error', 'critical') AND ${leadRows()} ORDER BY id`
        : `SELECT * FROM ${checked(table)} WHERE id > ? AND ${leadRows()} ORDER BY id`;
  return db.prepare(sql).all(afterId) as JournalRow[];
}
