import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../../src/domain/index.ts';
import { candleTurnover, ReplayMarket } from '../../../../src/exchange/emulator/market.ts';

const MINUTE = 60_000;
const series = (symbolOffset: number, n: number): Candle[] =>
  Array.from({ length: n }, (_, i) => ({
    ts: i * MINUTE + symbolOffset,
    open: 10 + i,
    high: 11 + i,
    low: 9 + i,
    close: 10.5 + i,
    volume: 1,
  }));

describe('replay market', () => {
  it('releases candles in time order across symbols, only once they have closed', () => {
    const released: string[] = [];
    const market = new ReplayMarket((symbol, candle) => released.push(`${symbol}@${candle.ts / MINUTE}`));
    market.load('A', series(0, 3), MINUTE);
    market.load('B', series(0, 3), MINUTE);
    expect(market.advanceTo(MINUTE - 1)).toBe(0);
    expect(market.advanceTo(2 * MINUTE)).toBe(4);
    expect(released).toEqual(['A@0', 'B@0', 'A@1', 'B@1']);
    expect(market.nextCloseMs()).toBe(3 * MINUTE);
  });

  it('never shows an unreleased candle and aggregates only complete buckets', () => {
    const market = new ReplayMarket(() => {});
    market.load('A', series(0, 20), MINUTE);
    market.advanceTo(12 * MINUTE);
    expect(market.closedCandles('A', MINUTE, 0, Number.MAX_SAFE_INTEGER, 1000)).toHaveLength(12);
    const fives = market.closedCandles('A', 5 * MINUTE, 0, Number.MAX_SAFE_INTEGER, 1000);
    expect(fives).toEqual([
      { ts: 0, open: 10, high: 15, low: 9, close: 14.5, volume: 5 },
      { ts: 5 * MINUTE, open: 15, high: 20, low: 14, close: 19.5, volume: 5 },
    ]);
    expect(market.closedCandles('A', 5 * MINUTE, 0, Number.MAX_SAFE_INTEGER, 1)).toEqual([fives[1]]);
  });

  it('tells when a closing candle completes a higher-timeframe bucket', () => {
    const market = new ReplayMarket(() => {});
    market.load('A', series(0, 10), MINUTE);
    market.advanceTo(5 * MINUTE);
    const candles = market.closedCandles('A', MINUTE, 0, Number.MAX_SAFE_INTEGER, 10);
    expect(market.completedBucket('A', candles[3] as Candle, 5 * MINUTE)).toBeNull();
    expect(market.completedBucket('A', candles[4] as Candle, 5 * MINUTE)).toMatchObject({
      ts: 0,
      close: 14.5,
    });
  });

  it('refuses a pushed candle that is not after the last one', () => {
    const market = new ReplayMarket(() => {});
    market.push('A', { ts: MINUTE, open: 1, high: 1, low: 1, close: 1, volume: 0 }, MINUTE);
    expect(() =>
      market.push('A', { ts: MINUTE, open: 1, high: 1, low: 1, close: 1, volume: 0 }, MINUTE),
    ).toThrow(/not after/);
  });
  it('keeps rolling 24 h statistics equal to a full recount as the clock moves forward', () => {
    const DAY = 1440 * MINUTE;
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ high: fc.integer({ min: 0, max: 500 }), low: fc.integer({ min: 0, max: 500 }) }),
          {
            minLength: 1,
            maxLength: 400,
          },
        ),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 12 }),
        (shapes, steps) => {
          // 30-minute candles: a day holds 48, so the window both fills and slides.
          const step = 30 * MINUTE;
          const candles: Candle[] = shapes.map((shape, i) => ({
            ts: i * step,
            open: 1000 + i,
            high: 1000 + i + shape.high,
            low: 1000 + i - shape.low,
            close: 1000 + i,
            volume: 1 + (i % 3),
          }));
          const market = new ReplayMarket(() => {});
          market.load('A', candles, step);
          let now = 0;
          for (const candlesAhead of steps) {
            now += candlesAhead * step;
            market.advanceTo(now);
            const released = candles.filter((c) => c.ts + step <= now);
            const day = released.filter((c) => c.ts >= now - DAY);
            const stats = market.stats24h('A', now);
            if (day.length === 0) {
              expect(stats).toBeNull();
              continue;
            }
            expect(stats).not.toBeNull();
            expect(stats?.prevPrice).toBe(day[0]?.open);
            expect(stats?.high).toBe(Math.max(...day.map((c) => c.high)));
            expect(stats?.low).toBe(Math.min(...day.map((c) => c.low)));
            expect(stats?.volume).toBeCloseTo(
              day.reduce((sum, c) => sum + c.volume, 0),
              6,
            );
            expect(stats?.turnover).toBeCloseTo(
              day.reduce((sum, c) => sum + candleTurnover(c), 0),
              3,
            );
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
