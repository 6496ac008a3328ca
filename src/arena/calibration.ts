import { DEFAULT_LEVEL, type Interval } from './bootstrap.ts';
import { wilsonInterval } from './proportion.ts';

/** A stated probability of winning (0–1, e.g. confidence 80 → 0.8) and whether the trade won. */
export interface Forecast {
  probability: number;
  won: boolean;
}

export interface ReliabilityBucket {
  /** Stated probabilities in [from, to); the last bucket includes `to`. */
  from: number;
  to: number;
  trades: number;
  meanStated: number | null;
  /** Realised win rate with its Wilson interval; null for an empty bucket. */
  realised: Interval | null;
}

export interface BrierDecomposition {
  brier: number;
  reliability: number;
  resolution: number;
  uncertainty: number;
  withinBinVariance: number;
  withinBinCovariance: number;
}

function checked(forecasts: readonly Forecast[]): readonly Forecast[] {
  if (forecasts.length === 0) throw new RangeError('calibration needs at least one forecast');
  for (const f of forecasts)
    if (!(f.probability >= 0 && f.probability <= 1))
      throw new RangeError(
        `a stated probability must be in [0, 1] (divide a confidence by 100), got ${f.probability}`,
      );
  return forecasts;
}

/** Mean squared gap between stated probability and outcome (Brier 1950): 0 is perfect, 0.25 is a coin. */
export function brierScore(forecasts: readonly Forecast[]): number {
  let total = 0;
  for (const f of checked(forecasts)) total += (f.probability - (f.won ? 1 : 0)) ** 2;
  return total / forecasts.length;
}

function checkEdges(edges: readonly number[]): void {
  if (edges.length < 2) throw new RangeError('bucket edges need at least two values, e.g. [0, 0.5, 1]');
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i] as number;
    if (!(e >= 0 && e <= 1) || (i > 0 && e <= (edges[i - 1] as number)))
      throw new RangeError(`bucket edges must rise strictly within [0, 1], got ${edges.join(', ')}`);
  }
}

function bucketOf(p: number, edges: readonly number[]): number {
  for (let k = 0; k < edges.length - 1; k++) {
    const last = k === edges.length - 2;
    if (
      p >= (edges[k] as number) &&
      (p < (edges[k + 1] as number) || (last && p <= (edges[k + 1] as number)))
    )
      return k;
  }
  return -1;
}

function grouped(forecasts: readonly Forecast[], edges: readonly number[]): Forecast[][] {
  checkEdges(edges);
  const groups: Forecast[][] = edges.slice(1).map(() => []);
  for (const f of checked(forecasts)) {
    const k = bucketOf(f.probability, edges);
    if (k < 0)
      throw new RangeError(
        `stated probability ${f.probability} lies outside the buckets ${edges.join(', ')}`,
      );
    groups[k]?.push(f);
  }
  return groups;
}

/** Stated vs realised win rate per bucket, each with its trade count and Wilson interval. */
export function reliabilityCurve(
  forecasts: readonly Forecast[],
  edges: readonly number[],
  level = DEFAULT_LEVEL,
): ReliabilityBucket[] {
  return grouped(forecasts, edges).map((group, k) => ({
    from: edges[k] as number,
    to: edges[k + 1] as number,
    trades: group.length,
    meanStated: group.length === 0 ? null : group.reduce((s, f) => s + f.probability, 0) / group.length,
    realised:
      group.length === 0 ? null : wilsonInterval(group.filter((f) => f.won).length, group.length, level),
  }));
}

/**
 * Murphy's (1973) split of the Brier score over buckets, with the two within-bucket terms of
 * Stephenson, Coelho & Jolliffe (2008) so that it is exact when forecasts in a bucket differ:
 * brier = reliability − resolution + uncertainty + withinBinVariance − withinBinCovariance.
 */
export function brierDecomposition(
  forecasts: readonly Forecast[],
  edges: readonly number[],
): BrierDecomposition {
  const groups = grouped(forecasts, edges);
  const n = forecasts.length;
  const baseRate = forecasts.filter((f) => f.won).length / n;
  let reliability = 0;
  let resolution = 0;
  let withinBinVariance = 0;
  let withinBinCovariance = 0;
  for (const group of groups) {
    if (group.length === 0) continue;
    const stated = group.reduce((s, f) => s + f.probability, 0) / group.length;
    const realised = group.filter((f) => f.won).length / group.length;
    reliability += group.length * (stated - realised) ** 2;
    resolution += group.length * (realised - baseRate) ** 2;
    for (const f of group) {
      withinBinVariance += (f.probability - stated) ** 2;
      withinBinCovariance += 2 * ((f.won ? 1 : 0) - realised) * (f.probability - stated);
    }
  }
  return {
    brier: brierScore(forecasts),
    reliability: reliability / n,
    resolution: resolution / n,
    uncertainty: baseRate * (1 - baseRate),
    withinBinVariance: withinBinVariance / n,
    withinBinCovariance: withinBinCovariance / n,
  };
}
