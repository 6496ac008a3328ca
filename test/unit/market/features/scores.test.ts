import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preScore, rangeScore, type ScoreBreakdown } from '../../../../src/market/features/index.ts';
import { analysis } from './stubs.ts';

const sum = (b: ScoreBreakdown) => b.components.reduce((acc, c) => acc + c.points, 0);
const points = (b: ScoreBreakdown, name: string) => b.components.find((c) => c.name === name)?.points;

describe('pre_score', () => {
  it('gives 100 to a clean, aligned, strong, roomy uptrend', () => {
    const score = preScore(analysis(), ['UP', 'UP']);
    expect(score.direction).toBe('UP');
    expect(score.score).toBe(100);
    expect(sum(score)).toBeCloseTo(100, 6);
  });

  it('is direction-agnostic: the mirrored downtrend scores the same, with direction DOWN', () => {
    const down = analysis({
      close: 97,
      ema20: 98,
      ema200: 101,
      rsi: 30,
      macdHistogram: -0.2,
      support: null,
      resistance: 98,
      previousClose: 97.1,
    });
    const score = preScore(down, ['DOWN', 'DOWN']);
    expect(score.direction).toBe('DOWN');
    expect(score.score).toBe(100);
  });

  it('counts context timeframes that disagree or are not warm yet against trend alignment', () => {
    expect(points(preScore(analysis(), ['UP', 'DOWN']), 'trendAlignment')).toBe(12.5);
    expect(points(preScore(analysis(), ['UP', null]), 'trendAlignment')).toBe(12.5);
    expect(points(preScore(analysis(), []), 'trendAlignment')).toBe(0);
  });

  it('takes up to 20 points off a choppy market whose close keeps crossing EMA20', () => {
    const calm = preScore(analysis(), ['UP']);
    const choppy = preScore(analysis({ emaCrossings: 8 }), ['UP']);
    expect(points(choppy, 'chopPenalty')).toBe(-20);
    expect(calm.score! - choppy.score!).toBe(20);
  });

  it('rewards room to the opposing level in ATRs, and none when price sits under resistance', () => {
    expect(points(preScore(analysis({ resistance: 103.2 }), ['UP']), 'roomToLevel')).toBe(0);
    expect(points(preScore(analysis({ resistance: 106 }), ['UP']), 'roomToLevel')).toBe(15);
    expect(points(preScore(analysis({ levelsWarm: false }), ['UP']), 'roomToLevel')).toBe(0);
  });

  it('is null until the decision timeframe has EMA200, ADX, ATR and RSI', () => {
    expect(preScore(analysis({ ema200: null }), ['UP']).score).toBeNull();
    expect(preScore(analysis({ adx: null }), ['UP']).score).toBeNull();
    expect(preScore(analysis({ atr: null }), ['UP']).score).toBeNull();
  });
});

describe('range_score', () => {
  const atSupport = analysis({
    close: 100.2,
    previousClose: 100.4,
    adx: 15,
    ema20: 100.5,
    ema200: 100.6,
    rsi: 28,
    support: 100,
    resistance: 104,
  });

  it('gives 100 to a quiet range with price at support and RSI stretched down', () => {
    const score = rangeScore(atSupport);
    expect(score.direction).toBe('UP');
    expect(score.score).toBe(100);
  });

  it('gives no RSI points when RSI is stretched away from the nearest edge', () => {
    expect(points(rangeScore({ ...atSupport, rsi: 72 }), 'rsiStretch')).toBe(0);
  });

  it('needs two edges: without a resistance there is no range to fade', () => {
    const score = rangeScore({ ...atSupport, resistance: null });
    expect(points(score, 'edgeNearness')).toBe(0);
    expect(score.direction).toBeNull();
  });

  it('penalises chasing a candle that just moved 2.5 ATR or more', () => {
    const chased = rangeScore({ ...atSupport, previousClose: 103 });
    expect(points(chased, 'chasePenalty')).toBe(-25);
    expect(chased.score).toBe(75);
  });

  it('fades out as ADX rises from 18 to 30', () => {
    expect(points(rangeScore({ ...atSupport, adx: 24 }), 'adxBand')).toBe(12.5);
    expect(points(rangeScore({ ...atSupport, adx: 35 }), 'adxBand')).toBe(0);
  });
});

describe('both scores', () => {
  it('always stay within 0–100 and equal the clamped sum of their components', () => {
    const nullable = (arb: fc.Arbitrary<number>) => fc.option(arb, { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          close: fc.double({ min: 50, max: 150, noNaN: true }),
          previousClose: nullable(fc.double({ min: 50, max: 150, noNaN: true })),
          atr: fc.double({ min: 0.01, max: 10, noNaN: true }),
          adx: fc.double({ min: 0, max: 100, noNaN: true }),
          rsi: fc.double({ min: 0, max: 100, noNaN: true }),
          ema20: fc.double({ min: 50, max: 150, noNaN: true }),
          ema200: fc.double({ min: 50, max: 150, noNaN: true }),
          macdHistogram: nullable(fc.double({ min: -5, max: 5, noNaN: true })),
          volumeRatio: nullable(fc.double({ min: 0, max: 10, noNaN: true })),
          support: nullable(fc.double({ min: 40, max: 150, noNaN: true })),
          resistance: nullable(fc.double({ min: 50, max: 160, noNaN: true })),
          emaCrossings: nullable(fc.integer({ min: 0, max: 20 })),
          levelsWarm: fc.boolean(),
        }),
        fc.array(fc.constantFrom('UP' as const, 'DOWN' as const, null), { maxLength: 3 }),
        (fields, context) => {
          for (const b of [preScore(analysis(fields), context), rangeScore(analysis(fields))]) {
            if (b.score === null) continue;
            expect(b.score).toBeGreaterThanOrEqual(0);
            expect(b.score).toBeLessThanOrEqual(100);
            expect(b.score).toBeCloseTo(Math.min(100, Math.max(0, sum(b))), 0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
