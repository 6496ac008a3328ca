import { databaseOf, type JournalLookups, type JournalOrder, toJournalOrder } from './lookups.ts';
import type { OrderStateRow } from './order-events.ts';

/** Read-side helpers the engine's ledger needs when it matches exchange state to the journal. */

export function recentOrders(journal: JournalLookups, symbol: string, limit: number): JournalOrder[] {
  const rows = databaseOf(journal)
    .prepare('SELECT * FROM orders WHERE symbol = ? ORDER BY created_at_ms DESC LIMIT ?')
    .all(symbol, limit) as OrderStateRow[];
  return rows.map(toJournalOrder);
}

export function positionExists(journal: JournalLookups, positionId: string): boolean {
  return (
    databaseOf(journal).prepare('SELECT 1 FROM position_opens WHERE position_id = ?').get(positionId) !==
    undefined
  );
}

/** Fees of every fill on the symbol in [fromMs, toMs]: the entry and exit fees of one position. */
export function feesBetween(journal: JournalLookups, symbol: string, fromMs: number, toMs: number): number {
  const value = databaseOf(journal)
    .prepare('SELECT COALESCE(SUM(fee_usdt), 0) FROM fills WHERE symbol = ? AND at_ms >= ? AND at_ms <= ?')
    .pluck()
    .get(symbol, fromMs, toMs) as number;
  return value;
}

/** The highest equity ever journaled, for the drawdown kill switch after a restart. */
export function equityPeak(journal: JournalLookups): number | null {
  return databaseOf(journal).prepare('SELECT MAX(equity_usdt) FROM equity_snapshots').pluck().get() as
    | number
    | null;
}

/** Cycles that started but never ended: the process died inside them. */
export function unfinishedCycleIds(journal: JournalLookups): string[] {
  return databaseOf(journal)
    .prepare('SELECT c.id FROM cycles c LEFT JOIN cycle_ends e ON e.cycle_id = c.id WHERE e.cycle_id IS NULL')
    .pluck()
    .all() as string[];
}

export function cycleExists(journal: JournalLookups, cycleId: string): boolean {
  return databaseOf(journal).prepare('SELECT 1 FROM cycles WHERE id = ?').get(cycleId) !== undefined;
}

/** How far a journal has got: the cycles recorded and the time of the last one (simulated in a replay). */
export function journalProgress(journal: JournalLookups): { cycles: number; lastCycleAtMs: number | null } {
  const row = databaseOf(journal)
    .prepare('SELECT COUNT(*) AS cycles, MAX(started_at_ms) AS last FROM cycles')
    .get() as {
    cycles: number;
    last: number | null;
  };
  return { cycles: row.cycles, lastCycleAtMs: row.last };
}

/** Funding booked on one position (credits positive, payments negative). */
export function fundingOfPosition(journal: JournalLookups, positionId: string): number {
  return databaseOf(journal)
    .prepare('SELECT COALESCE(SUM(amount_usdt), 0) FROM funding_payments WHERE position_id = ?')
    .pluck()
    .get(positionId) as number;
}

/** The symbols of the journal's last cycle (empty when it has none). */
export function lastCycleSymbols(journal: JournalLookups): string[] {
  const json = databaseOf(journal)
    .prepare('SELECT symbols_json FROM cycles ORDER BY seq DESC LIMIT 1')
    .pluck()
    .get() as string | undefined;
  return json ? (JSON.parse(json) as string[]) : [];
}
