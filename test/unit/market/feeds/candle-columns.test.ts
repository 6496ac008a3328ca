import { describe, expect, it } from 'vitest';
import { CandleColumns } from '../../../../src/market/feeds/candle-columns.ts';
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
