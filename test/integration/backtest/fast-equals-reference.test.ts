import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BacktestRun, loadSeries, runBacktest } from '../../../src/backtest/run.ts';
import { loadConfig } from '../../../src/config/index.ts';
import { BaselineDecider } from '../../../src/decision/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import type { SymbolSeries } from '../../../src/market/feeds/series-feed.ts';
import { generateSyntheticMarket } from '../../../src/market/synthetic/generator.ts';
import { dataFile, hasRealData } from '../../support/data.ts';

/** Columns that hold the wall clock (a duration or a moment of the machine), not the simulation. */
const WALL_CLOCK = new Set(['latency_ms']);
/** Not records of the run: the writer's lock and the migration times. */
const NOT_RECORDS = new Set(['writer_lock', 'schema_migrations']);

/** Every row of every table of a journal, in insertion order, without the wall-clock columns. */
function journalRows(run: BacktestRun): Map<string, unknown[]> {
  const db = databaseOf(run.journal);
  const tables = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all() as { name: string; sql: string }[];
  const out = new Map<string, unknown[]>();
  for (const { name, sql } of tables) {
    if (NOT_RECORDS.has(name)) continue;
    const order = sql.includes('WITHOUT ROWID') ? 'ORDER BY 1' : 'ORDER BY rowid';
    const rows = db.prepare(`SELECT * FROM ${name} ${order}`).all() as Record<string, unknown>[];
    out.set(
      name,
      rows.map((row) =>
        Object.fromEntries(Object.entries(row).filter(([column]) => !WALL_CLOCK.has(column))),
      ),
    );
  }
  return out;
}

/** Table by table, the first row that differs (so a failure names the table and the row, not a 10 MB diff). */
function expectSameJournal(fast: BacktestRun, reference: BacktestRun): Map<string, unknown[]> {
  const a = journalRows(fast);
  const b = journalRows(reference);
  expect([...a.keys()]).toEqual([...b.keys()]);
  for (const [table, rows] of a) {
    const other = b.get(table) as unknown[];
    expect({ table, rows: rows.length }).toEqual({ table, rows: other.length });
    const index = rows.findIndex((row, i) => JSON.stringify(row) !== JSON.stringify(other[i]));
    if (index >= 0) expect({ table, index, row: rows[index] }).toEqual({ table, index, row: other[index] });
    expect(rows).toEqual(other);
  }
  return a;
}

// The reference journal commits and fsyncs every record as live does; on tmpfs the fsync costs
// nothing, so the test checks the same writes without waiting on a disk.
const referenceDir = mkdtempSync(
  path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'warden-reference-'),
);
afterAll(() => rmSync(referenceDir, { recursive: true, force: true }));
let referenceRuns = 0;

async function fastAndReference(
  symbols: string[],
  series: SymbolSeries[],
  window: { fromMs?: number; toMs?: number },
) {
  const { config } = loadConfig({ env: { SYMBOLS: symbols.join(',') }, dotenvPath: null });
  const fast = await runBacktest({ config, series, decider: new BaselineDecider(), ...window });
  const reference = await runBacktest({
    config,
    series,
    decider: new BaselineDecider(),
    ...window,
    journalPath: path.join(referenceDir, `reference-${++referenceRuns}.db`),
    commitEvery: 0,
    durability: 'full',
    cacheStatements: false,
    fastPaths: false,
  });
  return { fast, reference };
}

function count(rows: Map<string, unknown[]>, table: string): number {
  return rows.get(table)?.length ?? 0;
}

describe('a fast backtest journals exactly what the reference path journals', () => {
  it('on synthetic markets that trade: every decision, order, fill, position and equity row is the same', async () => {
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    const series = symbols.map((symbol, i) => {
      const market = generateSyntheticMarket({
        seed: 11 + i,
        symbol,
        candles: 1000 + 14 * 288,
        startPrice: i === 0 ? 95_000 : 3_300,
        priceGapChance: 0.002,
        crashChance: 0.0005,
      });
      return { symbol, candles: market.candles, funding: market.funding };
    });
    const { fast, reference } = await fastAndReference(symbols, series, {});
    try {
      const rows = expectSameJournal(fast, reference);
      expect(count(rows, 'decisions')).toBe(2 * fast.cycles);
      expect(count(rows, 'fills')).toBeGreaterThan(4);
      expect(count(rows, 'position_closes')).toBeGreaterThan(2);
      expect(count(rows, 'stop_moves')).toBeGreaterThan(0);
    } finally {
      fast.close();
      reference.close();
    }
  }, 240_000);

  it.skipIf(!hasRealData)(
    'on a month of the shared Bybit data (BTCUSDT, ETHUSDT, with funding)',
    async () => {
      const symbols = ['BTCUSDT', 'ETHUSDT'];
      const series = loadSeries(dataFile('bybit-linear'), symbols, 'required');
      const fromMs = Date.parse('2025-03-01T00:00:00Z');
      const { fast, reference } = await fastAndReference(symbols, series, {
        fromMs,
        toMs: fromMs + 31 * 86_400_000,
      });
      try {
        const rows = expectSameJournal(fast, reference);
        expect(count(rows, 'decisions')).toBe(2 * fast.cycles);
        expect(count(rows, 'position_closes')).toBeGreaterThan(5);
        expect(count(rows, 'funding_payments')).toBeGreaterThan(0);
      } finally {
        fast.close();
        reference.close();
      }
    },
    240_000,
  );
});
