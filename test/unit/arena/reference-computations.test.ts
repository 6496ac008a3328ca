import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockPercentileInterval, resampleIndices } from '../../../src/arena/bootstrap.ts';
import { mean, normalQuantile, studentTQuantile } from '../../../src/arena/stats.ts';
import { chooseInSample, walkForwardFolds } from '../../../src/arena/walk-forward.ts';
import { mulberry32, Random } from '../../../src/domain/random.ts';

// Each figure here is checked against a computation written independently in this file, from the
// definition of the method rather than from the code under test.

/**
 * Exact moments of the circular block bootstrap mean (Politis & Romano 1992): with n a multiple of
 * the block length L, a resample is k = n/L blocks whose starts are uniform over the n points of
 * the circle, so its mean is the average of k independent draws from the n circular block means.
 */
function exactCircularBlockMoments(series: readonly number[], blockLength: number) {
  const n = series.length;
  const k = n / blockLength;
  const blockMeans = series.map((_, s) => {
    let sum = 0;
    for (let j = 0; j < blockLength; j++) sum += series[(s + j) % n] as number;
    return sum / blockLength;
  });
  const centre = blockMeans.reduce((a, b) => a + b, 0) / n;
  const m2 = blockMeans.reduce((a, b) => a + (b - centre) ** 2, 0) / n;
  const m3 = blockMeans.reduce((a, b) => a + (b - centre) ** 3, 0) / n;
  return { mean: centre, variance: m2 / k, thirdMoment: m3 / (k * k) };
}

function skewedSeries(seed: number, n: number): number[] {
  const rnd = new Random(seed);
  let x = 0;
  return Array.from({ length: n }, () => {
    x = 0.4 * x + rnd.normal();
    return x + (rnd.chance(0.1) ? 4 : 0);
  });
}

describe('the circular block bootstrap against its exact resampling distribution', () => {
  it('draws resample means whose mean, variance and third moment match the exact ones', () => {
    const series = skewedSeries(11, 60);
    const blockLength = 5;
    const exact = exactCircularBlockMoments(series, blockLength);
    // The circular block bootstrap is mean-unbiased: the block means average to the sample mean.
    expect(exact.mean).toBeCloseTo(mean(series), 12);
    const rnd = mulberry32(2026);
    const draws = 40_000;
    const means: number[] = [];
    for (let b = 0; b < draws; b++) {
      const idx = resampleIndices(series.length, blockLength, rnd);
      means.push(idx.reduce((s, i) => s + (series[i] as number), 0) / idx.length);
    }
    const m = mean(means);
    const v = means.reduce((s, x) => s + (x - m) ** 2, 0) / draws;
    const t = means.reduce((s, x) => s + (x - m) ** 3, 0) / draws;
    // Monte Carlo error: the mean within 4 standard errors, the variance within 4 % (40 000 draws).
    expect(Math.abs(m - exact.mean)).toBeLessThan(4 * Math.sqrt(exact.variance / draws));
    expect(v / exact.variance).toBeGreaterThan(0.96);
    expect(v / exact.variance).toBeLessThan(1.04);
    expect(Math.sign(t)).toBe(Math.sign(exact.thirdMoment));
    expect(t / exact.thirdMoment).toBeGreaterThan(0.7);
    expect(t / exact.thirdMoment).toBeLessThan(1.3);
  });

  it('gives an interval of the mean as wide as the exact resampling spread, expanded as documented', () => {
    // 120 points in 30 blocks of 4: the resample mean is close to normal, so its α and 1 − α
    // quantiles sit z(1 − α) exact standard deviations either side of the centre.
    const series = skewedSeries(5, 120);
    const blockLength = 4;
    const exact = exactCircularBlockMoments(series, blockLength);
    const interval = blockPercentileInterval(series, mean, { blockLength, resamples: 40_000, seed: 9 });
    const n = series.length;
    const dof = Math.floor((1.5 * n) / blockLength) - 1;
    const tail = 1 - (1 - 0.95) / 2;
    const z = Math.sqrt(n / (n - blockLength)) * studentTQuantile(tail, dof);
    const expectedWidth = 2 * z * Math.sqrt(exact.variance);
    // Within 2 %: without the documented expansion the width would be 4.6 % short.
    expect((interval.high - interval.low) / expectedWidth).toBeGreaterThan(0.98);
    expect((interval.high - interval.low) / expectedWidth).toBeLessThan(1.02);
    const centre = (interval.high + interval.low) / 2;
    expect(Math.abs(centre - exact.mean)).toBeLessThan(0.1 * expectedWidth);
    expect(z).toBeGreaterThan(normalQuantile(tail));
  });
});

/** Walk-forward folds by brute force: try every whole-day split and keep the ones on the step grid. */
function referenceFolds(days: number, isDays: number, oosDays: number, stepDays: number, anchored: boolean) {
  const out: [number, number, number][] = [];
  for (let split = isDays; split + oosDays <= days; split++) {
    if ((split - isDays) % stepDays !== 0) continue;
    out.push([anchored ? 0 : split - isDays, split, split + oosDays]);
  }
  return out;
}

/** Choose in sample by sorting each fold's settings by score (stable, so ties keep the listed order). */
function referenceChoice(scores: { setting: string; fold: number; inSample: number; outOfSample: number }[]) {
  const folds = [...new Set(scores.map((s) => s.fold))].sort((a, b) => a - b);
  const chosen = folds.map(
    (f) =>
      [...scores.filter((s) => s.fold === f)].sort(
        (a, b) => b.inSample - a.inSample,
      )[0] as (typeof scores)[number],
  );
  const isMean = chosen.reduce((s, c) => s + c.inSample, 0) / chosen.length;
  const oosMean = chosen.reduce((s, c) => s + c.outOfSample, 0) / chosen.length;
  return { settings: chosen.map((c) => c.setting), isMean, oosMean };
}

describe('walk-forward folds and the in-sample choice against a brute-force reference', () => {
  const DAY = 86_400_000;
  const T0 = Date.UTC(2025, 0, 1);

  it('lays out exactly the folds the brute force finds, rolling or anchored', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 120 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 20 }),
        fc.boolean(),
        (days, isDays, oosDays, stepDays, anchored) => {
          const expected = referenceFolds(days, isDays, oosDays, stepDays, anchored);
          const plan = {
            fromMs: T0,
            toMs: T0 + days * DAY,
            inSampleMs: isDays * DAY,
            outOfSampleMs: oosDays * DAY,
            stepMs: stepDays * DAY,
            anchored,
          };
          if (expected.length === 0) {
            expect(() => walkForwardFolds(plan)).toThrow(/no fold fits/);
            return;
          }
          const got = walkForwardFolds(plan).map((f) => [
            (f.inSample.fromMs - T0) / DAY,
            (f.inSample.toMs - T0) / DAY,
            (f.outOfSample.toMs - T0) / DAY,
          ]);
          expect(got).toEqual(expected);
        },
      ),
    );
  });

  it('chooses, averages and measures the gap as the reference does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 60, maxLength: 60 }),
        (settings, folds, raw) => {
          const scores = [];
          for (let f = 0; f < folds; f++)
            for (let s = 0; s < settings; s++)
              scores.push({
                setting: `s${s}`,
                fold: f,
                // Coarse values, so ties happen and the listed order must decide.
                inSample: (raw[(f * settings + s) % raw.length] as number) / 10,
                outOfSample: (raw[(f * settings + s + 17) % raw.length] as number) / 10,
              });
          const ours = chooseInSample(scores);
          const ref = referenceChoice(scores);
          expect(ours.chosen.map((c) => c.setting)).toEqual(ref.settings);
          expect(ours.meanInSample).toBeCloseTo(ref.isMean, 12);
          expect(ours.meanOutOfSample).toBeCloseTo(ref.oosMean, 12);
          expect(ours.gap).toBeCloseTo(ref.isMean - ref.oosMean, 12);
        },
      ),
    );
  });
});
