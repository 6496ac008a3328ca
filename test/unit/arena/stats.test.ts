import { describe, expect, it } from 'vitest';
import {
  mean,
  normalCdf,
  normalQuantile,
  shapeMoments,
  sortedQuantile,
  studentTQuantile,
  variance,
} from '../../../src/arena/stats.ts';
import { reference } from './reference.ts';

describe('arena numeric helpers', () => {
  it('match SciPy on the standard normal CDF, tails included (relative error < 1e-9)', () => {
    for (const [x, expected] of reference.normalCdf) {
      expect(Math.abs(normalCdf(x) - expected) / expected).toBeLessThan(1e-9);
    }
  });

  it('match SciPy on the normal quantile, and invert the CDF', () => {
    for (const [p, expected] of reference.normalQuantile) {
      expect(normalQuantile(p)).toBeCloseTo(expected, 9);
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
    }
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(() => normalQuantile(1.2)).toThrow(/probability in \[0, 1\]/);
  });

  it('interpolate quantiles as numpy does (type 7) and give textbook moments', () => {
    expect(sortedQuantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
    expect(sortedQuantile([1, 2, 3, 4], 1)).toBe(4);
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(variance([1, 2, 3, 4])).toBeCloseTo(5 / 3, 12);
    // {1, 2, 3, 10}: m2 = 12.5, m3 = 45, m4 = 348.5 (deviations −3, −2, −1, 6).
    const { skewness, kurtosis } = shapeMoments([1, 2, 3, 10]);
    expect(skewness).toBeCloseTo(45 / 12.5 ** 1.5, 12);
    expect(kurtosis).toBeCloseTo(348.5 / 12.5 ** 2, 12);
    expect(() => mean([])).toThrow(/empty/);
  });

  it("match SciPy's t.ppf(0.975, dof) within 0.2 % (exact for 1 and 2 degrees of freedom)", () => {
    // scipy 1.17.1, scipy.stats.t.ppf(0.975, dof)
    const scipy: [number, number][] = [
      [1, 12.706204736174694],
      [2, 4.302652729749462],
      [3, 3.1824463052837078],
      [4, 2.7764451051977934],
      [9, 2.262157162798205],
      [29, 2.045229642132703],
    ];
    for (const [dof, expected] of scipy)
      expect(Math.abs(studentTQuantile(0.975, dof) / expected - 1)).toBeLessThan(dof <= 2 ? 1e-12 : 0.002);
  });
});
