import { databaseOf, type JournalLookups, scopeCondition, scopeOf } from './lookups.ts';

/** Read-side helpers of the engine and the CLI: restarts, resumes and the dashboard's symbols. */

/** The highest equity ever journaled for the journal's account, for the drawdown kill switch after a restart. */
export function equityPeak(journal: JournalLookups): number | null {
  return databaseOf(journal)
    .prepare(`SELECT MAX(equity_usdt) FROM equity_snapshots WHERE ${scopeCondition(scopeOf(journal))}`)
    .pluck()
    .get() as number | null;
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

/** The symbols of the journal's last cycle (empty when it has none). */
export function lastCycleSymbols(journal: JournalLookups): string[] {
  const json = databaseOf(journal)
    .prepare('SELECT symbols_json FROM cycles ORDER BY seq DESC LIMIT 1')
    .pluck()
    .get() as string | undefined;
  return json ? (JSON.parse(json) as string[]) : [];
}
