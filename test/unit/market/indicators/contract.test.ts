import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndicatorInputError, IndicatorUsageError } from '../../../../src/market/indicators/index.ts';
import { feed, indicatorCases, numbersIn, wigglyCandles } from './cases.ts';

const candleArb = fc
  .record({
    close: fc.double({ min: 50, max: 150, noNaN: true }),
    spreadUp: fc.double({ min: 0, max: 0.03, noNaN: true }),
    spreadDown: fc.double({ min: 0, max: 0.03, noNaN: true }),
    volume: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e4, noNaN: true })),
  })
  .map(({ close, spreadUp, spreadDown, volume }) => ({
    open: close,
    high: close * (1 + spreadUp),
    low: close * (1 - spreadDown),
    close,
    volume,
  }));

const badNumbers = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

describe.each(Object.entries(indicatorCases))('streaming indicator contract: %s', (_name, c) => {
  it('returns null and is not stable until warm, then a finite result from the declared warm-up on', () => {
    const indicator = c.make();
    expect(indicator.warmUpInputs).toBe(c.warmUp);
    const candles = wigglyCandles(c.warmUp + 30);
    candles.forEach((candle, i) => {
      const result = feed(c, indicator, candle);
      if (i < c.warmUp - 1) {
        expect(result).toBeNull();
        expect(indicator.getResult()).toBeNull();
        expect(indicator.isStable).toBe(false);
      } else {
        expect(result).not.toBeNull();
        expect(indicator.isStable).toBe(true);
        for (const value of numbersIn(result)) expect(Number.isFinite(value)).toBe(true);
        // Scalar indicators give a number; object results (MACD, swing levels) may hold null fields.
        expect(['number', 'object']).toContain(typeof result);
      }
    });
  });

  it('replace is idempotent: add(x); replace(y); replace(y) leaves exactly the state of add(y)', () => {
    fc.assert(
      fc.property(
        fc.array(candleArb, { minLength: 0, maxLength: c.warmUp + 12 }),
        candleArb,
        candleArb,
        fc.array(candleArb, { minLength: 1, maxLength: 4 }),
        (prefix, x, y, after) => {
          const replaced = c.make();
          const direct = c.make();
          for (const candle of prefix) {
            feed(c, replaced, candle);
            feed(c, direct, candle);
          }
          feed(c, replaced, x);
          feed(c, replaced, y, true);
          feed(c, replaced, y, true);
          feed(c, direct, y);
          expect(replaced.getResult()).toEqual(direct.getResult());
          expect(replaced.isStable).toBe(direct.isStable);
          for (const candle of after) {
            expect(feed(c, replaced, candle)).toEqual(feed(c, direct, candle));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses replace before any add with a usage error', () => {
    expect(() => feed(c, c.make(), wigglyCandles(1)[0]!, true)).toThrow(IndicatorUsageError);
  });

  it('rejects NaN and Infinity with an IndicatorInputError and keeps its state unpoisoned', () => {
    const candles = wigglyCandles(c.warmUp + 10);
    const poked = c.make();
    const clean = c.make();
    for (const candle of candles.slice(0, c.warmUp + 5)) {
      feed(c, poked, candle);
      feed(c, clean, candle);
    }
    const fields = c.kind === 'price' ? ['close'] : ['open', 'high', 'low', 'close', 'volume'];
    for (const bad of badNumbers) {
      for (const field of fields) {
        const candle = { ...candles[0]!, [field]: bad };
        expect(() => feed(c, poked, candle)).toThrow(IndicatorInputError);
        expect(() => feed(c, poked, candle, true)).toThrow(IndicatorInputError);
      }
    }
    expect(poked.getResult()).toEqual(clean.getResult());
    for (const candle of candles.slice(c.warmUp + 5)) {
      expect(feed(c, poked, candle)).toEqual(feed(c, clean, candle));
    }
  });

  it('handles zero-volume candles without NaN or Infinity', () => {
    const indicator = c.make();
    const candles = [...wigglyCandles(c.warmUp + 20, () => 0), ...wigglyCandles(30, (i) => (i % 2 ? 0 : 5))];
    for (const candle of candles) {
      const result = feed(c, indicator, candle);
      for (const value of numbersIn(result)) expect(Number.isFinite(value)).toBe(true);
    }
  });

  it('stays finite on a perfectly flat market', () => {
    const indicator = c.make();
    const flat = { open: 100, high: 100, low: 100, close: 100, volume: 10 };
    for (let i = 0; i < c.warmUp + 40; i++) {
      const result = feed(c, indicator, flat);
      for (const value of numbersIn(result)) expect(Number.isFinite(value)).toBe(true);
    }
    expect(indicator.isStable).toBe(true);
  });
});
