import { mulberry32 } from '../domain/random.ts';
import { normalCdf, normalQuantile, sortedQuantile, studentTQuantile } from './stats.ts';

/**
 * How an interval was made: `bca` (bias-corrected and accelerated, i.i.d. resampling), `percentile`
 * (i.i.d. resampling), `block-percentile` (circular blocks, for series in time) or `wilson` (score
 * interval of a proportion).
 */
export type IntervalMethod = 'bca' | 'percentile' | 'block-percentile' | 'wilson';

export interface Interval {
  estimate: number;
  low: number;
  high: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  method: IntervalMethod;
  /** Observations behind the estimate (trades, buckets or decisions). */
  n: number;
  /** Resamples on which the statistic was undefined (NaN, e.g. a profit factor of only breakeven trades), left out. */
  undefinedResamples?: number;
}

export interface BootstrapOptions {
  /** Seed of the resampling; the same seed gives the same interval. */
  seed?: number;
  resamples?: number;
  level?: number;
}

export const DEFAULT_SEED = 19;
export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_LEVEL = 0.95;

type Statistic<T> = (sample: readonly T[]) => number;

function settings(options: BootstrapOptions) {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const level = options.level ?? DEFAULT_LEVEL;
  if (!Number.isInteger(resamples) || resamples < 100)
    throw new RangeError(`bootstrap needs at least 100 resamples, got ${resamples}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  return { resamples, level, rnd: mulberry32(options.seed ?? DEFAULT_SEED) };
}

/** Indices of one circular block resample of n points; a block length of 1 is the plain i.i.d. bootstrap. */
export function resampleIndices(n: number, blockLength: number, rnd: () => number): number[] {
  const indices: number[] = [];
  while (indices.length < n) {
    const start = Math.floor(rnd() * n);
    for (let j = 0; j < blockLength && indices.length < n; j++) indices.push((start + j) % n);
  }
  return indices;
}

/**
 * Block length for a series of n buckets: ⌈n^(1/3)⌉, the order Hall, Horowitz & Jing (1995) show is
 * optimal, and at most n/2 so that a resample is more than a rotation of the series.
 */
export function defaultBlockLength(n: number): number {
  return Math.max(1, Math.min(Math.ceil(Math.cbrt(n)), Math.floor(n / 2)));
}

function replicates<T>(
  sample: readonly T[],
  statistic: Statistic<T>,
  blockLength: number,
  resamples: number,
  rnd: () => number,
): number[] {
  const out: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const value = statistic(resampleIndices(sample.length, blockLength, rnd).map((i) => sample[i] as T));
    if (!Number.isNaN(value)) out.push(value);
  }
  if (out.length < resamples * 0.9)
    throw new RangeError(
      `the statistic is undefined on ${resamples - out.length} of ${resamples} resamples: too little data for an interval`,
    );
  return out.sort((x, y) => x - y);
}

function checkSample(n: number, blockLength = 1): void {
  if (n < 2) throw new RangeError(`a bootstrap interval needs at least 2 observations, got ${n}`);
  const most = Math.max(1, Math.floor(n / 2));
  if (!Number.isInteger(blockLength) || blockLength < 1 || blockLength > most)
    throw new RangeError(
      `block length must be an integer in [1, ${most}] (half the series), got ${blockLength}`,
    );
}

/** Percentile interval from i.i.d. resamples of the sample. */
export function percentileInterval<T>(
  sample: readonly T[],
  statistic: Statistic<T>,
  options: BootstrapOptions = {},
): Interval {
  checkSample(sample.length);
  const { resamples, level, rnd } = settings(options);
  const sorted = replicates(sample, statistic, 1, resamples, rnd);
  const alpha = (1 - level) / 2;
  return {
    estimate: statistic(sample),
    low: sortedQuantile(sorted, alpha),
    high: sortedQuantile(sorted, 1 - alpha),
    level,
    method: 'percentile',
    n: sample.length,
    undefinedResamples: resamples - sorted.length,
  };
}

/**
 * Tail probability of the expanded percentile interval (after Hesterberg 2015). A block bootstrap
 * of n points in blocks of L is a Bartlett-window estimate of the mean's variance: on independent
 * data it runs low by about L/n (the mean is estimated, and each of the L − 1 lags it adds is
 * biased by −1/n), and it has about 3n/(2L) degrees of freedom (Priestley 1981, §6.2.5, at
 * frequency zero). So the interval is widened by √(n/(n − L)) and to a t quantile with
 * 3n/(2L) − 1 degrees of freedom; for L = 1 this is Hesterberg's √(n/(n − 1))·t(n − 1).
 * It keeps false "A beats B" claims near the stated rate early in a run; past a few hundred
 * buckets it barely matters.
 */
function expandedTail(n: number, blockLength: number, level: number): number {
  const dof = Math.max(1, Math.floor((1.5 * n) / blockLength) - 1);
  return normalCdf(-Math.sqrt(n / (n - blockLength)) * studentTQuantile(1 - (1 - level) / 2, dof));
}

// Same result shape as percentileInterval on purpose: the block variant differs in its resampling and tail.
/**
 * Expanded percentile interval from circular block resamples of a series in time (Politis &
 * Romano 1992); the statistic sees whole blocks, so streaks and quiet spells stay together.
 */
export function blockPercentileInterval<T>(
  series: readonly T[],
  statistic: Statistic<T>,
  options: BootstrapOptions & { blockLength?: number } = {},
): Interval & { blockLength: number } {
  const blockLength = options.blockLength ?? defaultBlockLength(series.length);
  checkSample(series.length, blockLength);
  const { resamples, level, rnd } = settings(options);
  const sorted = replicates(series, statistic, blockLength, resamples, rnd);
  const alpha = expandedTail(series.length, blockLength, level);
  return {
    estimate: statistic(series),
    low: sortedQuantile(sorted, alpha),
    high: sortedQuantile(sorted, 1 - alpha),
    level,
    method: 'block-percentile',
    n: series.length,
    undefinedResamples: resamples - sorted.length,
    blockLength,
  };
}

/** Jackknife acceleration: skewness of the leave-one-out estimates (Efron & Tibshirani 1993, eq. 14.15). */
function acceleration<T>(sample: readonly T[], statistic: Statistic<T>): number {
  const leaveOneOut = sample.map((_, i) => statistic(sample.filter((__, j) => j !== i)));
  const centre = leaveOneOut.reduce((a, b) => a + b, 0) / leaveOneOut.length;
  let num = 0;
  let den = 0;
  for (const v of leaveOneOut) {
    const d = centre - v;
    num += d ** 3;
    den += d ** 2;
  }
  return den === 0 ? 0 : num / (6 * den ** 1.5);
}

/**
 * BCa interval (Efron 1987): percentile endpoints moved by the median bias z0 and the jackknife
 * acceleration a, second-order accurate for skewed statistics such as trade expectancy or profit
 * factor. Where z0 or a cannot be formed (every resample on one side of the estimate, or an
 * infinite statistic) the plain percentile interval is returned and labelled so.
 */
export function bcaInterval<T>(
  sample: readonly T[],
  statistic: Statistic<T>,
  options: BootstrapOptions = {},
): Interval {
  checkSample(sample.length);
  const { resamples, level, rnd } = settings(options);
  const estimate = statistic(sample);
  const sorted = replicates(sample, statistic, 1, resamples, rnd);
  const alpha = (1 - level) / 2;
  const below = sorted.filter((v) => v < estimate).length;
  // Ties count half, so a discrete statistic (a win rate) is not pushed to one side.
  const ties = sorted.filter((v) => v === estimate).length;
  const z0 = normalQuantile((below + ties / 2) / sorted.length);
  const a = Number.isFinite(estimate) ? acceleration(sample, statistic) : Number.NaN;
  const adjusted = (z: number) => normalCdf(z0 + (z0 + z) / (1 - a * (z0 + z)));
  const lowP = adjusted(normalQuantile(alpha));
  const highP = adjusted(normalQuantile(1 - alpha));
  const usable = [z0, a, lowP, highP].every(Number.isFinite) && lowP <= highP;
  const [pLow, pHigh] = usable ? [lowP, highP] : [alpha, 1 - alpha];
  return {
    estimate,
    low: sortedQuantile(sorted, pLow),
    high: sortedQuantile(sorted, pHigh),
    level,
    method: usable ? 'bca' : 'percentile',
    n: sample.length,
    undefinedResamples: resamples - sorted.length,
  };
}
