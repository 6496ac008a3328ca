import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MarketDataError } from '../../../../src/market/errors.ts';
import { CandleColumns } from '../../../../src/market/feeds/candle-columns.ts';
import { readCandleColumns, readCandleCsv } from '../../../../src/market/feeds/csv.ts';
import { formatCandleCsv } from '../../../../src/market/feeds/csv-write.ts';
import {
  generateSyntheticColumns,
  generateSyntheticMarket,
} from '../../../../src/market/synthetic/generator.ts';

describe('CandleColumns', () => {
  const market = generateSyntheticMarket({ seed: 3, candles: 500, missingCandleChance: 0.05 });

  it('gives back every candle it was made from, in order, as fresh objects', () => {
    const columns = CandleColumns.from(market.candles);
    expect(columns.length).toBe(market.candles.length);
    expect([...columns]).toEqual(market.candles);
    expect(columns.at(-1)).toEqual(market.candles.at(-1));
    expect(columns.at(columns.length)).toBeUndefined();
    expect(columns.at(0)).not.toBe(columns.at(0));
    expect(columns.slice(10, 20)).toEqual(market.candles.slice(10, 20));
  });

  it('finds the first candle at or after a time by binary search', () => {
    const columns = CandleColumns.from(market.candles);
    for (const i of [0, 1, 137, market.candles.length - 1]) {
      const ts = (market.candles[i] as { ts: number }).ts;
      expect(columns.firstIndexAtOrAfter(ts)).toBe(i);
      expect(columns.firstIndexAtOrAfter(ts - 1)).toBe(i);
    }
    expect(columns.firstIndexAtOrAfter(Number.POSITIVE_INFINITY)).toBe(columns.length);
  });

  it('is what the synthetic generator makes when asked for columns, holes included', () => {
    const options = { seed: 3, candles: 500, missingCandleChance: 0.05 };
    const columns = generateSyntheticColumns(options);
    expect(market.missing.length).toBeGreaterThan(0);
    expect([...columns.candles]).toEqual(market.candles);
    expect(columns.funding).toEqual(market.funding);
  });
});

describe('readCandleColumns', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-columns-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const market = generateSyntheticMarket({ seed: 5, candles: 300 });

  it('reads a file into exactly the candles readCandleCsv returns', () => {
    const file = path.join(dir, 'SYNTHUSDT-5m.csv');
    writeFileSync(file, formatCandleCsv(market.candles));
    const columns = readCandleColumns(file, { expectedIntervalMs: 300_000 });
    expect([...columns]).toEqual(readCandleCsv(file, { expectedIntervalMs: 300_000 }));
    expect(columns.length).toBe(300);
  });

  it('refuses a file whose rows are not spaced as its interval, with the line', () => {
    const file = path.join(dir, 'SYNTHUSDT-1h.csv');
    writeFileSync(file, formatCandleCsv(market.candles));
    expect(() => readCandleColumns(file, { expectedIntervalMs: 3_600_000 })).toThrow(MarketDataError);
    expect(() => readCandleColumns(file, { expectedIntervalMs: 3_600_000 })).toThrow(
      /line 3: ts \d+ \(2025-01-01T00:05:00\.000Z\) is not aligned to the 1h interval/,
    );
  });
});
