import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bcaInterval,
  blockPercentileInterval,
  defaultBlockLength,
  percentileInterval,
  resampleIndices,
} from '../../../src/arena/bootstrap.ts';
import { expectancy, profitFactor } from '../../../src/arena/metrics.ts';
import { mean } from '../../../src/arena/stats.ts';
import { Random } from '../../../src/domain/random.ts';
import { reference } from './reference.ts';

const width = (i: { low: number; high: number }) => i.high - i.low;

function ar1(seed: number, n: number, phi: number): number[] {
  const rnd = new Random(seed);
  const out: number[] = [];
  let x = 0;
  for (let i = 0; i < n; i++) {
    x = phi * x + rnd.normal();
    out.push(x);
  }
  return out;
}

describe('bootstrap intervals', () => {
  it('agree with SciPy (200 000 resamples, see the fixture) on the BCa and percentile intervals of a mean', () => {
    const options = { resamples: 50_000, seed: 5 };
    const bca = bcaInterval(reference.nets, expectancy, options);
    const pct = percentileInterval(reference.nets, expectancy, options);
    expect(bca.method).toBe('bca');
    // At 50 000 resamples an endpoint moves by about 0.002 between seeds; BCa sits 0.015–0.024 from percentile.
    expect(Math.abs(bca.low - reference.mean.bca[0])).toBeLessThan(0.006);
    expect(Math.abs(bca.high - reference.mean.bca[1])).toBeLessThan(0.006);
    expect(Math.abs(pct.low - reference.mean.percentile[0])).toBeLessThan(0.006);
    expect(Math.abs(pct.high - reference.mean.percentile[1])).toBeLessThan(0.006);
  });

  it('agree with SciPy on the BCa interval of a profit factor (within 3 %)', () => {
    const bca = bcaInterval(reference.nets, profitFactor, { resamples: 50_000, seed: 6 });
    expect(bca.method).toBe('bca');
    expect(Math.abs(bca.low / reference.profitFactor.bca[0] - 1)).toBeLessThan(0.03);
    expect(Math.abs(bca.high / reference.profitFactor.bca[1] - 1)).toBeLessThan(0.03);
  });

  it('cover the true expectancy and profit factor of a skewed trade book about 95 % of the time at 20 trades', () => {
    // Wins 40 % at 0.7 ± 0.3 USDT, losses 60 % at −0.35 ± 0.1: expectancy 0.07, profit factor ≈ 4/3.
    let expectancyCovered = 0;
    let factorCovered = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const rnd = new Random(seed * 104_729);
      const nets = Array.from({ length: 20 }, () =>
        rnd.chance(0.4) ? 0.7 + 0.3 * rnd.normal() : -0.35 + 0.1 * rnd.normal(),
      );
      const e = bcaInterval(nets, expectancy, { seed, resamples: 1000 });
      const f = bcaInterval(nets, profitFactor, { seed, resamples: 1000 });
      if (e.low <= 0.07 && 0.07 <= e.high) expectancyCovered++;
      if (f.low <= 4 / 3 && 4 / 3 <= f.high) factorCovered++;
    }
    expect(expectancyCovered / 300).toBeGreaterThan(0.91);
    expect(factorCovered / 300).toBeGreaterThan(0.91);
  });

  it('are reproducible from the seed and differ between seeds', () => {
    const a = bcaInterval(reference.nets, expectancy, { seed: 1 });
    expect(bcaInterval(reference.nets, expectancy, { seed: 1 })).toEqual(a);
    expect(bcaInterval(reference.nets, expectancy, { seed: 2 }).low).not.toBe(a.low);
  });

  it('contain the point estimate of a mean, for percentile and BCa', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 40 }),
        fc.nat(),
        (sample, seed) => {
          for (const i of [
            percentileInterval(sample, mean, { seed, resamples: 400 }),
            bcaInterval(sample, mean, { seed, resamples: 400 }),
          ]) {
            expect(i.low).toBeLessThanOrEqual(i.estimate + 1e-9);
            expect(i.high).toBeGreaterThanOrEqual(i.estimate - 1e-9);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('widen as the sample shrinks: the same trades seen twice give an interval about 1/√2 as wide', () => {
    const cents = fc.integer({ min: -1000, max: 1000 }).map((c) => c / 100);
    fc.assert(
      fc.property(fc.array(cents, { minLength: 8, maxLength: 40 }), fc.nat(), (sample, seed) => {
        // One outlier among near-equal trades gives a lumpy bootstrap distribution whose quantiles jump
        // by whole outlier counts (fast-check found one where the width did not move): no trade may
        // carry more than a quarter of the spread.
        const m = mean(sample);
        const squares = sample.map((v) => (v - m) ** 2);
        const spread = squares.reduce((a, b) => a + b, 0);
        fc.pre(spread > 0 && Math.max(...squares) <= 0.25 * spread);
        const once = width(percentileInterval(sample, mean, { seed, resamples: 1000 }));
        const twice = width(percentileInterval([...sample, ...sample], mean, { seed, resamples: 1000 }));
        expect(twice).toBeLessThan(once);
        expect(twice / once).toBeGreaterThan(0.5);
        expect(twice / once).toBeLessThan(0.9);
      }),
      { numRuns: 150 },
    );
  });

  it('block resampling of i.i.d. data agrees with the plain bootstrap (width within 20 %)', () => {
    for (let seed = 1; seed <= 8; seed++) {
      const iid = ar1(seed, 500, 0);
      const plain = width(percentileInterval(iid, mean, { seed }));
      const block = blockPercentileInterval(iid, mean, { seed });
      expect(block.blockLength).toBe(8);
      expect(width(block) / plain).toBeGreaterThan(0.8);
      expect(width(block) / plain).toBeLessThan(1.2);
    }
  });

  it('block resampling of autocorrelated data recovers the long-run variance that the plain bootstrap misses', () => {
    // AR(1), φ = 0.5, unit shocks: the mean's standard error is √(1/(1−φ)² / n) = 2/√n, against the
    // i.i.d. figure √(1/(1−φ²) / n) ≈ 1.155/√n (Brockwell & Davis, §7.1).
    const n = 3000;
    const series = ar1(42, n, 0.5);
    const z = 2 * 1.959964;
    const block = blockPercentileInterval(series, mean, { seed: 3, blockLength: 30 });
    const plain = percentileInterval(series, mean, { seed: 3 });
    expect(width(block) / (z * (2 / Math.sqrt(n)))).toBeGreaterThan(0.8);
    expect(width(block) / (z * (2 / Math.sqrt(n)))).toBeLessThan(1.2);
    expect(width(plain) / (z * (2 / Math.sqrt(n)))).toBeLessThan(0.7);
  });

  it('cover a zero mean near the stated 95 % even on 12 or 30 buckets (the plain percentile misses ~9 %)', () => {
    for (const n of [12, 30]) {
      let misses = 0;
      for (let seed = 1; seed <= 600; seed++) {
        const rnd = new Random(seed * 7919);
        const series = Array.from({ length: n }, () => rnd.normal());
        const i = blockPercentileInterval(series, mean, { seed, resamples: 1000 });
        if (i.low > 0 || i.high < 0) misses++;
      }
      expect(misses / 600).toBeLessThan(0.08);
    }
  });

  it('draw circular blocks of the asked length and choose ⌈n^(1/3)⌉ by default', () => {
    const indices = resampleIndices(10, 4, () => 0.85);
    expect(indices).toEqual([8, 9, 0, 1, 8, 9, 0, 1, 8, 9]);
    expect(defaultBlockLength(1000)).toBe(10);
    expect(defaultBlockLength(30)).toBe(4);
    expect(defaultBlockLength(1)).toBe(1);
    expect(defaultBlockLength(3)).toBe(1);
    expect(defaultBlockLength(8)).toBe(2);
  });

  it('refuse what cannot give an interval, saying why', () => {
    expect(() => bcaInterval([1], mean)).toThrow(/at least 2 observations/);
    expect(() => percentileInterval([1, 2], mean, { resamples: 10 })).toThrow(/at least 100 resamples/);
    expect(() => blockPercentileInterval([1, 2, 3, 4], mean, { blockLength: 3 })).toThrow(
      /block length must be an integer in \[1, 2\] \(half the series\)/,
    );
    expect(() => percentileInterval([0, 0, 0], profitFactor)).toThrow(/undefined on/);
  });

  it('label a BCa that cannot be formed as percentile: every resample equals the estimate', () => {
    const flat = bcaInterval([2, 2, 2, 2], mean);
    expect(flat).toMatchObject({ low: 2, high: 2, estimate: 2 });
    const noLoss = bcaInterval([1, 2, 3], profitFactor);
    expect(noLoss.method).toBe('percentile');
    expect(noLoss.high).toBe(Number.POSITIVE_INFINITY);
  });
});
