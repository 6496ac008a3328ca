import { describe, expect, it } from 'vitest';
import { type BacktestRun, loadSeries, runBacktest } from '../../../src/backtest/run.ts';
import { loadConfig } from '../../../src/config/index.ts';
import { BaselineDecider } from '../../../src/decision/index.ts';
import type { Candle } from '../../../src/domain/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import type { SymbolSeries } from '../../../src/market/feeds/series-feed.ts';
import { dataFile, hasRealData } from '../../support/data.ts';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const DAY = 86_400_000;

/** A seeded generator (mulberry32): the garbage differs from the real data but is reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every candle from `cutMs` on replaced by a wild random walk, every later funding rate by noise. */
function garbleAfter(series: SymbolSeries[], cutMs: number): SymbolSeries[] {
  const next = random(42);
  return series.map((s) => {
    const original = [...s.candles];
    let price = (original.find((c) => c.ts >= cutMs)?.open ?? 1) * (0.5 + next());
    const candles: Candle[] = original.map((c) => {
      if (c.ts < cutMs) return c;
      const open = price;
      const close = Math.max(1, open * (1 + (next() - 0.5) * 0.2));
      price = close;
      return {
        ts: c.ts,
        open,
        close,
        high: Math.max(open, close) * (1 + next() * 0.05),
        low: Math.min(open, close) * (1 - next() * 0.05),
        volume: next() * 1e6,
      };
    });
    const funding = s.funding.map((f) => (f.ts < cutMs ? f : { ts: f.ts, rate: (next() - 0.5) * 0.01 }));
    return { symbol: s.symbol, candles, funding };
  });
}

function rows(run: BacktestRun, sql: string, cutMs: number): unknown[] {
  return databaseOf(run.journal).prepare(sql).all(cutMs);
}

describe.skipIf(!hasRealData)('no look-ahead', () => {
  it('decides and fills identically up to time T whatever the candles after T are', async () => {
    const real = loadSeries(dataFile('bybit-linear'), SYMBOLS, 'required');
    const { config } = loadConfig({ env: { SYMBOLS: SYMBOLS.join(',') }, dotenvPath: null });
    const fromMs = Date.parse('2025-02-01T00:00:00Z');
    const cutMs = fromMs + 6 * DAY;
    const toMs = cutMs + 2 * DAY;
    const runOn = (series: SymbolSeries[]) =>
      runBacktest({ config, series, decider: new BaselineDecider(), fromMs, toMs });
    const honest = await runOn(real);
    const garbled = await runOn(garbleAfter(real, cutMs));
    try {
      const decisions = `SELECT at_ms, cycle_id, symbol, proposed_action, final_action, confidence, blocked_by_json,
        order_json, pre_score, range_score FROM decisions WHERE at_ms <= ? ORDER BY id`;
      const fills =
        'SELECT exec_id, at_ms, symbol, side, price, qty, fee_usdt FROM fills WHERE at_ms < ? ORDER BY id';
      const opens =
        'SELECT position_id, opened_at_ms, entry_price, stop_loss FROM position_opens WHERE opened_at_ms < ? ORDER BY id';
      const equity = 'SELECT at_ms, equity_usdt FROM equity_snapshots WHERE at_ms <= ? ORDER BY id';
      const before = rows(honest, decisions, cutMs);
      expect(before.length).toBeGreaterThan(1000);
      expect(rows(honest, fills, cutMs).length).toBeGreaterThan(2);
      expect(rows(garbled, decisions, cutMs)).toEqual(before);
      expect(rows(garbled, fills, cutMs)).toEqual(rows(honest, fills, cutMs));
      expect(rows(garbled, opens, cutMs)).toEqual(rows(honest, opens, cutMs));
      expect(rows(garbled, equity, cutMs)).toEqual(rows(honest, equity, cutMs));
      // The garbage does change what happens after T: the test would notice a leak.
      const after = 'SELECT symbol, final_action, pre_score FROM decisions WHERE at_ms > ? ORDER BY id';
      expect(rows(garbled, after, cutMs)).not.toEqual(rows(honest, after, cutMs));
    } finally {
      honest.close();
      garbled.close();
    }
  }, 240_000);
});
