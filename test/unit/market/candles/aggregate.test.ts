import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../../src/domain/index.ts';
import {
  aggregateCandles,
  CandleAggregationError,
  CandleAggregator,
} from '../../../../src/market/candles/aggregate.ts';

const M5 = 300_000;
const M15 = 900_000;
const H1 = 3_600_000;
const T0 = 1_735_689_600_000; // 2025-01-01T00:00Z, a multiple of every interval up to 1d

function candle(ts: number, open: number, high: number, low: number, close: number, volume = 1): Candle {
  return { ts, open, high, low, close, volume };
}

function series(start: number, count: number): Candle[] {
  return Array.from({ length: count }, (_, i) =>
    candle(start + i * M5, 100 + i, 101 + i * 2, 99 - i, 100.5 + i, i + 1),
  );
}

describe('aggregateCandles', () => {
  it('builds OHLCV from first open, highest high, lowest low, last close and summed volume', () => {
    const out = aggregateCandles(series(T0, 3), M5, M15);
    expect(out).toEqual([candle(T0, 100, 105, 97, 102.5, 6)]);
  });

  it('aligns buckets to UTC epoch multiples and drops a partial first bucket', () => {
    // starts at 00:05: the 00:00 bucket misses its first candle
    const out = aggregateCandles(series(T0 + M5, 8), M5, M15);
    expect(out.map((c) => c.ts)).toEqual([T0 + M15, T0 + 2 * M15]);
    expect(out[0]?.open).toBe(102);
  });

  it('emits only complete buckets: a missing source candle drops its bucket and nothing else', () => {
    const source = series(T0, 12).filter((c) => c.ts !== T0 + 4 * M5);
    const aggregator = new CandleAggregator(M5, M15);
    const out = source.map((c) => aggregator.push(c)).filter((c): c is Candle => c !== null);
    expect(out.map((c) => c.ts)).toEqual([T0, T0 + 2 * M15, T0 + 3 * M15]);
    expect(aggregator.incompleteBuckets).toBe(1);
  });

  it('does not emit the last bucket until its last source candle arrives', () => {
    expect(aggregateCandles(series(T0, 11), M5, H1)).toEqual([]);
    expect(aggregateCandles(series(T0, 12), M5, H1)).toHaveLength(1);
  });

  it('refuses unsorted, duplicated or misaligned source candles and impossible intervals', () => {
    const [a, b] = series(T0, 2) as [Candle, Candle];
    expect(() => aggregateCandles([b, a], M5, M15)).toThrow(CandleAggregationError);
    expect(() => aggregateCandles([a, a], M5, M15)).toThrow(/in order, once/);
    expect(() => aggregateCandles([{ ...a, ts: T0 + 1 }], M5, M15)).toThrow(/not aligned/);
    expect(() => new CandleAggregator(M5, 7 * 60_000)).toThrow(/not a multiple/);
    expect(() => new CandleAggregator(0, M15)).toThrow(/positive whole ms/);
  });

  it('shows the forming bucket and forgets it once complete', () => {
    const aggregator = new CandleAggregator(M5, M15);
    const [a, b, c] = series(T0, 3) as [Candle, Candle, Candle];
    expect(aggregator.forming()).toBeNull();
    aggregator.push(a);
    aggregator.push(b);
    expect(aggregator.forming()).toEqual(candle(T0, 100, 103, 98, 101.5, 3));
    expect(aggregator.push(c)).not.toBeNull();
    expect(aggregator.forming()).toBeNull();
  });

  it('streams exactly what the batch function returns, and every output respects OHLC order (property)', () => {
    const candleArb = fc
      .tuple(
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 1, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.boolean(),
      )
      .map(([open, close, up, down, volume, keep]) => ({ open, close, up, down, volume, keep }));
    fc.assert(
      fc.property(fc.array(candleArb, { maxLength: 80 }), fc.constantFrom(M15, H1), (raw, targetMs) => {
        const source = raw
          .map((r, i) => {
            const high = Math.max(r.open, r.close) * (1 + r.up);
            const low = Math.min(r.open, r.close) * (1 - r.down);
            return {
              keep: r.keep || i % 3 !== 0,
              c: candle(T0 + i * M5, r.open, high, low, r.close, r.volume),
            };
          })
          .filter((x) => x.keep)
          .map((x) => x.c);
        const out = aggregateCandles(source, M5, targetMs);
        const present = new Set(source.map((c) => c.ts));
        for (const bucket of out) {
          expect(bucket.ts % targetMs).toBe(0);
          for (let t = bucket.ts; t < bucket.ts + targetMs; t += M5) expect(present.has(t)).toBe(true);
          expect(bucket.high).toBeGreaterThanOrEqual(Math.max(bucket.open, bucket.close));
          expect(bucket.low).toBeLessThanOrEqual(Math.min(bucket.open, bucket.close));
        }
        const expectedBuckets = new Set<number>();
        for (const c of source) {
          const b = c.ts - (c.ts % targetMs);
          let complete = true;
          for (let t = b; t < b + targetMs; t += M5) if (!present.has(t)) complete = false;
          if (complete) expectedBuckets.add(b);
        }
        expect(out.map((c) => c.ts)).toEqual([...expectedBuckets]);
      }),
      { numRuns: 200 },
    );
  });
});
