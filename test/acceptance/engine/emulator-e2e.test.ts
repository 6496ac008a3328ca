import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../../src/exchange/emulator/index.ts';
import { type Journal, openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { hasRealData, repoRoot } from '../../support/data.ts';
import { startRealDataEmulator } from '../../support/real-data-emulator.ts';

/**
 * The issue-6 end-to-end run: `warden run` as a real process against the emulator replaying real
 * candles, killed with SIGKILL inside a cycle (while a request it made is still unanswered) and
 * restarted. The journal must lose nothing, no order may be doubled, every position keeps its stop.
 */
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const SPEED = 900; // a 15m decision candle every second of wall time
const FIRST_RUN_CYCLES = 30;
const TOTAL_CYCLES = 55;
const apiKey = 'e2eKEYabcdefgh12';
const apiSecret = 'e2eSECRETabcdefghijklmnop012345';

interface Counts {
  cycles: number;
  decisions: number;
  orderEvents: number;
  fills: number;
}

describe.skipIf(!hasRealData)('warden run against the emulator, killed and restarted', () => {
  let dir: string;
  let emulator: EmulatorHandle;
  let journalPath: string;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'warden-e2e-'));
    journalPath = path.join(dir, 'journal.db');
    emulator = await startRealDataEmulator({
      symbols: SYMBOLS,
      candles: 6000,
      speed: SPEED,
      apiKey,
      apiSecret,
    });
  }, 60_000);

  afterAll(async () => {
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function startBot(maxCycles: number): ChildProcess {
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot, 'bin/warden.mjs'),
        'run',
        '--exchange-url',
        emulator.restUrl,
        '--journal',
        journalPath,
        '--max-cycles',
        String(maxCycles),
      ],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          SYMBOLS: SYMBOLS.join(','),
          BYBIT_API_KEY: apiKey,
          BYBIT_API_SECRET: apiSecret,
          WEB_ENABLED: 'false',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (b: Buffer) => logs.push(b.toString()));
    child.stderr?.on('data', (b: Buffer) => logs.push(b.toString()));
    return child;
  }

  function readJournal<T>(read: (j: Journal) => T): T {
    const journal = openJournal(journalPath, { readOnly: true });
    try {
      return read(journal);
    } finally {
      journal.close();
    }
  }

  const count = (j: Journal, sql: string) => databaseOf(j).prepare(sql).pluck().get() as number;
  const counts = (): Counts =>
    readJournal((j) => ({
      cycles: count(j, 'SELECT COUNT(*) FROM cycles'),
      decisions: count(j, 'SELECT COUNT(*) FROM decisions'),
      orderEvents: count(j, 'SELECT COUNT(*) FROM order_events'),
      fills: count(j, 'SELECT COUNT(*) FROM fills'),
    }));

  async function waitFor(what: string, test: () => boolean, timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      try {
        if (test()) return;
      } catch {
        // the journal may not exist yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}\n${logs.join('').slice(-4000)}`);
  }

  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });

  it('trades, survives a SIGKILL inside a cycle, and restarts without losing or doubling anything', async () => {
    const first = startBot(1000);
    await waitFor(
      `${FIRST_RUN_CYCLES} completed cycles`,
      () => readJournal((j) => count(j, 'SELECT COUNT(*) FROM cycle_ends') >= FIRST_RUN_CYCLES),
      150_000,
    );
    // Hold the next cycle inside the exchange: the wallet answers only after 4 s. (Only the cycle
    // reads the wallet; the position manager also lists positions, between cycles.)
    emulator.faults.set({ lateAnswer: { count: 1, path: '/v5/account/wallet-balance', delayMs: 4000 } });
    await waitFor(
      'a cycle in flight',
      () =>
        readJournal(
          (j) =>
            count(
              j,
              'SELECT COUNT(*) FROM cycles c LEFT JOIN cycle_ends e ON e.cycle_id = c.id WHERE e.cycle_id IS NULL',
            ) > 0,
        ),
      30_000,
    );
    await new Promise((r) => setTimeout(r, 300));
    const before = counts();
    first.kill('SIGKILL');
    await exited(first);
    emulator.faults.clear();

    const afterKill = counts();
    expect(afterKill).toEqual(before);

    const second = startBot(TOTAL_CYCLES - FIRST_RUN_CYCLES);
    const code = await exited(second);
    expect(code, logs.join('').slice(-4000)).toBe(0);
    const after = counts();
    for (const key of Object.keys(before) as (keyof Counts)[])
      expect(after[key]).toBeGreaterThanOrEqual(before[key]);

    readJournal((j) => {
      const completed = count(j, "SELECT COUNT(*) FROM cycle_ends WHERE outcome = 'completed'");
      expect(completed).toBeGreaterThanOrEqual(50);
      expect(count(j, "SELECT COUNT(*) FROM cycle_ends WHERE outcome = 'interrupted'")).toBe(1);
      // one decision row per symbol per cycle that ran its decisions
      const perCycle = databaseOf(j)
        .prepare(
          `SELECT d.cycle_id, COUNT(*) AS n, COUNT(DISTINCT d.symbol) AS s FROM decisions d
           JOIN cycle_ends e ON e.cycle_id = d.cycle_id AND e.outcome = 'completed' GROUP BY d.cycle_id`,
        )
        .all() as { n: number; s: number }[];
      expect(perCycle.length).toBeGreaterThanOrEqual(50);
      for (const row of perCycle) expect(row).toMatchObject({ n: SYMBOLS.length, s: SYMBOLS.length });
      // every audit field filled
      const missing = count(
        j,
        `SELECT COUNT(*) FROM decisions WHERE prompt_version IS NULL OR provider IS NULL OR model IS NULL
           OR input_snapshot_json IS NULL OR blocked_by_json IS NULL OR adjustments_json IS NULL`,
      );
      expect(missing).toBe(0);
      // ids contiguous: nothing lost in the middle
      const ids = databaseOf(j)
        .prepare('SELECT MIN(id) AS lo, MAX(id) AS hi, COUNT(*) AS n FROM decisions')
        .get() as {
        lo: number;
        hi: number;
        n: number;
      };
      expect(ids.hi - ids.lo + 1).toBe(ids.n);
    });

    // Every approved open reached the emulator once, with its stop; no order the journal does not know.
    const venueOrders = await emulator.venue.paper.getOpenOrders();
    const journalIds = readJournal(
      (j) => new Set(databaseOf(j).prepare('SELECT client_order_id FROM orders').pluck().all() as string[]),
    );
    const approved = readJournal(
      (j) =>
        databaseOf(j)
          .prepare("SELECT order_ids_json FROM decisions WHERE final_action IN ('OPEN_LONG', 'OPEN_SHORT')")
          .pluck()
          .all() as string[],
    ).flatMap((ids) => JSON.parse(ids) as string[]);
    expect(approved.length).toBeGreaterThan(0);
    expect(new Set(approved).size).toBe(approved.length);
    for (const id of approved) {
      const order = await emulator.venue.paper.getOrder({
        symbol: id.split('-')[1] as string,
        clientOrderId: id,
      });
      expect(order, `order ${id} on the emulator`).not.toBeNull();
      expect(order?.stopLoss).toBeGreaterThan(0);
    }
    for (const order of venueOrders) {
      if (order.stopKind === 'NONE') expect(journalIds.has(order.clientOrderId)).toBe(true);
    }
    for (const position of await emulator.venue.paper.getPositions()) {
      expect(position.stopLoss, `${position.symbol} has a stop`).toBeGreaterThan(0);
    }

    // The audit export is parseable and complete.
    const exportPath = path.join(dir, 'ai_decisions.json');
    const exportRun = spawn(
      process.execPath,
      [
        path.join(repoRoot, 'bin/warden.mjs'),
        'decisions',
        'export',
        '--journal',
        journalPath,
        '--out',
        exportPath,
      ],
      { stdio: 'ignore' },
    );
    expect(await exited(exportRun)).toBe(0);
    const exported = JSON.parse((await import('node:fs')).readFileSync(exportPath, 'utf8'));
    const rows = Array.isArray(exported) ? exported : exported.decisions;
    expect(rows.length).toBe(after.decisions);
  }, 300_000);
});
