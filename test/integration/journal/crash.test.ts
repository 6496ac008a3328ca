import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { repoRoot } from '../../support/data.ts';
import { tempJournalPath } from '../../unit/journal/stubs.ts';

const temp = tempJournalPath();
afterAll(() => temp.remove());

const ROUNDS = 5;
const APPEND_ONLY_WITH_ROWID: [table: string, key: string][] = [
  ['decisions', 'id'],
  ['order_events', 'id'],
  ['equity_snapshots', 'id'],
  ['cycles', 'seq'],
  ['cycle_ends', 'seq'],
];

/** Runs the writer child, kills it with SIGKILL after `killAfterMs` of writing, returns what it reported. */
function writeThenKill(killAfterMs: number): Promise<{ pid: number; reportedIds: number[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'test/integration/journal/crash-writer.ts'), temp.file],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!timer && out.includes('READY')) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL')
        return reject(new Error(`writer exited on its own (${String(signal)}): ${err}`));
      const pid = Number(/READY (\d+)/.exec(out)?.[1]);
      const reportedIds = [...out.matchAll(/^D (\d+)$/gm)].map((m) => Number(m[1]));
      resolve({ pid, reportedIds });
    });
  });
}

describe('a writer killed with SIGKILL at random moments', () => {
  it('never corrupts the file, keeps every committed row, and leaves row ids contiguous', async () => {
    let everyReportedId: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const killAfterMs = 40 + Math.floor(Math.random() * 400);
      const { pid, reportedIds } = await writeThenKill(killAfterMs);
      expect(
        reportedIds.length,
        `round ${round}: the child wrote nothing in ${killAfterMs} ms`,
      ).toBeGreaterThan(0);
      everyReportedId = everyReportedId.concat(reportedIds);

      const journal = openJournal(temp.file);
      try {
        expect(journal.recoveredFromPid, 'the dead writer’s lock is taken over').toBe(pid);
        expect(databaseOf(journal).pragma('integrity_check', { simple: true })).toBe('ok');
        expect(databaseOf(journal).pragma('foreign_key_check')).toEqual([]);
        const present = new Set(
          databaseOf(journal).prepare('SELECT id FROM decisions').pluck().all() as number[],
        );
        const lost = everyReportedId.filter((id) => !present.has(id));
        expect(lost, 'committed decisions missing after the crash').toEqual([]);
        for (const [table, key] of APPEND_ONLY_WITH_ROWID) {
          const { n, lo, hi } = databaseOf(journal)
            .prepare(`SELECT COUNT(*) AS n, MIN(${key}) AS lo, MAX(${key}) AS hi FROM ${table}`)
            .get() as {
            n: number;
            lo: number | null;
            hi: number | null;
          };
          // A writer killed before its first row of this table leaves it empty: no bounds at all.
          const expected = n === 0 ? { lo: null, hi: null } : { lo: 1, hi: n };
          expect({ table, lo, hi }).toEqual({ table, ...expected });
        }
        // The order projection is written in the same transaction as its event: never ahead or behind.
        const drift = databaseOf(journal)
          .prepare(
            `SELECT o.client_order_id FROM orders o
             WHERE o.last_event_id <> (SELECT MAX(e.id) FROM order_events e WHERE e.client_order_id = o.client_order_id)`,
          )
          .all();
        expect(drift).toEqual([]);
        const eventsWithoutOrder = databaseOf(journal)
          .prepare(
            'SELECT COUNT(*) FROM order_events e LEFT JOIN orders o USING (client_order_id) WHERE o.client_order_id IS NULL',
          )
          .pluck()
          .get();
        expect(eventsWithoutOrder).toBe(0);
      } finally {
        journal.close();
      }
    }
    expect(everyReportedId.length).toBeGreaterThan(ROUNDS);
  }, 120_000);
});
