import { afterEach, describe, expect, it } from 'vitest';
import { type Journal, openJournal } from '../../../src/journal/index.ts';
import { databaseOf, leadRows, scopeCondition } from '../../../src/journal/lookups.ts';
import { tempJournalPath } from './stubs.ts';

let temp: ReturnType<typeof tempJournalPath> | null = null;
let journal: Journal | null = null;

afterEach(() => {
  journal?.close();
  journal = null;
  temp?.remove();
});

/** SQLite's chosen plan, one line per step. */
function plan(sql: string): string {
  temp = tempJournalPath();
  journal = openJournal(temp.file);
  const rows = databaseOf(journal).prepare(`EXPLAIN QUERY PLAN ${sql}`).all(0) as { detail: string }[];
  return rows.map((r) => r.detail).join('\n');
}

// The per-cycle reads of a time range: a plan that scans (or searches only by `shadow`) makes
// each cycle's read grow with the journal, and a backtest quadratic.
describe('the lead and the shadows read time ranges through time indexes', () => {
  const ranged = [
    ['model_calls', 'model_calls_at'],
    ['decisions', 'decisions_at'],
    ['equity_snapshots', 'equity_at'],
  ] as const;

  for (const [table, index] of ranged) {
    it(`the lead's ${table} since a time uses ${index}`, () => {
      expect(plan(`SELECT COUNT(*) FROM ${table} WHERE at_ms >= ? AND ${leadRows()}`)).toMatch(
        new RegExp(`USING (COVERING )?INDEX ${index} \\(at_ms>\\?\\)`),
      );
    });

    it(`a shadow's ${table} since a time uses the decider index with the time`, () => {
      const shadow = scopeCondition({ shadow: true, decider: 'chaos' });
      expect(plan(`SELECT COUNT(*) FROM ${table} WHERE at_ms >= ? AND ${shadow}`)).toMatch(
        /USING (COVERING )?INDEX \w+_decider \(decider=\? AND at_ms>\?\)/,
      );
    });
  }
});
