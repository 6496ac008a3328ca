import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentileInterval } from '../../../src/arena/bootstrap.ts';
import {
  brierDecomposition,
  brierScore,
  type Forecast,
  reliabilityCurve,
} from '../../../src/arena/calibration.ts';
import { wilsonInterval } from '../../../src/arena/proportion.ts';
import { mean } from '../../../src/arena/stats.ts';
import { reference } from './reference.ts';

const EDGES = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

describe('Wilson interval of a proportion', () => {
  it("reproduces Newcombe's (1998) worked examples to 4 decimals", () => {
    // Statistics in Medicine 17:857–872, its four examples, score method without continuity correction.
    const published: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [events, n, low, high] of published) {
      const i = wilsonInterval(events, n);
      expect(i.low).toBeCloseTo(low, 4);
      expect(i.high).toBeCloseTo(high, 4);
    }
  });

  it("matches SciPy's proportion_ci(method='wilson') to 1e-9", () => {
    for (const r of reference.wilson) {
      const i = wilsonInterval(r.events, r.n);
      expect(Math.abs(i.low - r.low)).toBeLessThan(1e-9);
      expect(Math.abs(i.high - r.high)).toBeLessThan(1e-9);
    }
  });

  it('contains the observed rate and widens as n shrinks at the same rate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, share) => {
          const events = Math.round(share * n);
          const small = wilsonInterval(events, n);
          const large = wilsonInterval(events * 2, n * 2);
          expect(small.low).toBeLessThanOrEqual(small.estimate);
          expect(small.high).toBeGreaterThanOrEqual(small.estimate);
          expect(small.high - small.low).toBeGreaterThan(large.high - large.low);
        },
      ),
    );
  });

  it('agrees with a percentile bootstrap of the win rate where both are valid (n = 200, 45 %)', () => {
    const outcomes = Array.from({ length: 200 }, (_, i) => (i < 90 ? 1 : 0));
    const boot = percentileInterval(outcomes, mean, { resamples: 20_000 });
    const wilson = wilsonInterval(90, 200);
    expect(Math.abs(boot.low - wilson.low)).toBeLessThan(0.01);
    expect(Math.abs(boot.high - wilson.high)).toBeLessThan(0.01);
    expect(percentileInterval([0, 0, 0, 0, 0], mean)).toMatchObject({ low: 0, high: 0 });
    expect(wilsonInterval(0, 5).high).toBeGreaterThan(0.4);
  });

  it('says what to fix for impossible counts', () => {
    expect(() => wilsonInterval(5, 4)).toThrow(/events must be an integer in \[0, 4\]/);
    expect(() => wilsonInterval(0, 0)).toThrow(/at least 1 observation/);
  });
});

describe('calibration', () => {
  it('shows "80 % stated, 75 % realised on 4 trades" with its real width', () => {
    const forecasts: Forecast[] = [0.8, 0.82, 0.85, 0.81].map((probability, i) => ({
      probability,
      won: i < 3,
    }));
    const bucket = reliabilityCurve(forecasts, EDGES)[4];
    expect(bucket).toMatchObject({ from: 0.8, to: 0.9, trades: 4 });
    expect(bucket?.meanStated).toBeCloseTo(0.82, 10);
    expect(bucket?.realised?.estimate).toBe(0.75);
    expect(bucket?.realised?.low).toBeCloseTo(0.3006, 4);
    expect(bucket?.realised?.high).toBeCloseTo(0.9544, 4);
    expect(reliabilityCurve(forecasts, EDGES)[0]).toMatchObject({
      trades: 0,
      meanStated: null,
      realised: null,
    });
  });

  it('puts a stated 100 % in the last bucket and refuses a confidence not divided by 100', () => {
    expect(reliabilityCurve([{ probability: 1, won: true }], EDGES)[5]?.trades).toBe(1);
    expect(() => brierScore([{ probability: 80, won: true }])).toThrow(/divide a confidence by 100/);
    expect(() => reliabilityCurve([{ probability: 0.5, won: true }], [0, 0.6, 0.5])).toThrow(/rise strictly/);
    expect(() => reliabilityCurve([{ probability: 0.2, won: true }], [0.5, 1])).toThrow(
      /outside the buckets/,
    );
  });

  it('decomposes the Brier score as in a hand-worked example (Murphy 1973)', () => {
    // Five trades: stated 0.9 won, won, lost; stated 0.6 won, lost. Buckets [0.5, 0.8) and [0.8, 1].
    // BS = (0.01 + 0.01 + 0.81 + 0.16 + 0.36) / 5 = 0.27; base rate 0.6 → uncertainty 0.24;
    // reliability = (2·0.1² + 3·(0.9 − 2/3)²) / 5 = 0.036667; resolution = (2·0.1² + 3·(2/3 − 0.6)²) / 5 = 0.006667.
    const f = (probability: number, won: boolean) => ({ probability, won });
    const d = brierDecomposition(
      [f(0.9, true), f(0.9, true), f(0.9, false), f(0.6, true), f(0.6, false)],
      [0, 0.5, 0.8, 1],
    );
    expect(d.brier).toBeCloseTo(0.27, 12);
    expect(d.uncertainty).toBeCloseTo(0.24, 12);
    expect(d.reliability).toBeCloseTo(0.0366667, 6);
    expect(d.resolution).toBeCloseTo(0.0066667, 6);
    expect(d.withinBinVariance).toBe(0);
    expect(d.withinBinCovariance).toBe(0);
  });

  it('decomposition is exact for any forecasts (Stephenson et al. 2008 within-bucket terms)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ probability: fc.double({ min: 0, max: 1, noNaN: true }), won: fc.boolean() }), {
          minLength: 1,
          maxLength: 80,
        }),
        (forecasts) => {
          const d = brierDecomposition(forecasts, EDGES);
          const sum =
            d.reliability - d.resolution + d.uncertainty + d.withinBinVariance - d.withinBinCovariance;
          expect(sum).toBeCloseTo(d.brier, 10);
          expect(d.brier).toBeGreaterThanOrEqual(0);
          expect(d.brier).toBeLessThanOrEqual(1);
        },
      ),
    );
  });

  it('scores a coin-flip forecaster 0.25 and a perfect one 0', () => {
    expect(
      brierScore([
        { probability: 0.5, won: true },
        { probability: 0.5, won: false },
      ]),
    ).toBe(0.25);
    expect(
      brierScore([
        { probability: 1, won: true },
        { probability: 0, won: false },
      ]),
    ).toBe(0);
  });
});
