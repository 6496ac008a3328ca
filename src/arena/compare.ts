import { type BootstrapOptions, blockPercentileInterval, type Interval } from './bootstrap.ts';
import { mean } from './stats.ts';

export type Verdict = 'A_BEATS_B' | 'B_BEATS_A' | 'NO_EVIDENCE';

/** Below this many common buckets no verdict is given: on the synthetic null 5 buckets gave 19 % false claims. */
export const MIN_BUCKETS_FOR_VERDICT = 10;

const MANY_TRADES = 1_000_000;

export interface PairedSide {
  name: string;
  /** Net PnL (or return) per time bucket; bucket i of A and of B cover the same time. */
  perBucket: readonly number[];
  /** Closed trades over the compared span, to say how many more are needed. */
  trades: number;
}

export interface PairedComparison {
  buckets: number;
  /** Mean of A − B per bucket, with its paired circular block bootstrap interval; null below 2 buckets. */
  difference: (Interval & { blockLength: number }) | null;
  /** Sum of A − B over the span. */
  totalDifference: number;
  verdict: Verdict;
  /** Estimated further buckets and trades per decider until the interval would exclude 0; null if unknown. */
  moreBuckets: number | null;
  moreTrades: number | null;
  text: string;
}

/**
 * Confidence level for each of the pairs among `deciders` so that all verdicts together hold at
 * `familyLevel` (Bonferroni): with 4 deciders, 6 pairs, each at 99.17 %. Use more resamples then
 * (10 000), since fewer of them lie beyond the narrower tails.
 */
export function levelForPairs(deciders: number, familyLevel = 0.95): number {
  if (!Number.isInteger(deciders) || deciders < 2)
    throw new RangeError(`pairs need at least 2 deciders, got ${deciders}`);
  const pairs = (deciders * (deciders - 1)) / 2;
  return 1 - (1 - familyLevel) / pairs;
}

/**
 * The interval's near end moves towards the mean as 1/√n: with the observed mean difference d and
 * near-end distance h after n buckets, the interval just excludes 0 after about n·(h/d)² buckets.
 * An estimate that takes the observed difference as true: at that size it is found about half the time.
 */
function bucketsNeeded(n: number, diff: number, low: number, high: number): number | null {
  if (diff === 0) return null;
  const nearEnd = diff > 0 ? diff - low : high - diff;
  return Math.max(1, Math.ceil(n * (nearEnd / Math.abs(diff)) ** 2 - n));
}

/**
 * Paired comparison over the same time buckets: differences A − B are resampled in circular blocks
 * (both sides move together, so the market the two faced cancels out) and the verdict is given
 * only when the interval of the mean difference excludes 0.
 */
export function comparePaired(
  a: PairedSide,
  b: PairedSide,
  options: BootstrapOptions & { blockLength?: number } = {},
): PairedComparison {
  if (a.perBucket.length !== b.perBucket.length)
    throw new RangeError(
      `paired comparison needs the same time buckets: ${a.name} has ${a.perBucket.length}, ${b.name} ${b.perBucket.length}`,
    );
  const diffs = a.perBucket.map((v, i) => v - (b.perBucket[i] as number));
  const n = diffs.length;
  const totalDifference = diffs.reduce((s, v) => s + v, 0);
  if (n < 2)
    return {
      buckets: n,
      difference: null,
      totalDifference,
      verdict: 'NO_EVIDENCE',
      moreBuckets: null,
      moreTrades: null,
      text: `no evidence of a difference yet (${n} common time bucket${n === 1 ? '' : 's'}; at least ${MIN_BUCKETS_FOR_VERDICT} needed)`,
    };
  const difference = blockPercentileInterval(diffs, mean, options);
  const enough = n >= MIN_BUCKETS_FOR_VERDICT;
  const verdict: Verdict =
    enough && difference.low > 0 ? 'A_BEATS_B' : enough && difference.high < 0 ? 'B_BEATS_A' : 'NO_EVIDENCE';
  const needed =
    verdict === 'NO_EVIDENCE' ? bucketsNeeded(n, difference.estimate, difference.low, difference.high) : null;
  const moreBuckets = enough ? needed : Math.max(MIN_BUCKETS_FOR_VERDICT - n, needed ?? 0);
  const tradesPerBucket = (a.trades + b.trades) / 2 / n;
  const moreTrades =
    moreBuckets === null || tradesPerBucket === 0 ? null : Math.ceil(moreBuckets * tradesPerBucket);
  return {
    buckets: n,
    difference,
    totalDifference,
    verdict,
    moreBuckets,
    moreTrades,
    text: verdictText(a, b, verdict, moreBuckets, moreTrades),
  };
}

function verdictText(
  a: PairedSide,
  b: PairedSide,
  verdict: Verdict,
  moreBuckets: number | null,
  moreTrades: number | null,
): string {
  if (verdict === 'A_BEATS_B') return `${a.name} beats ${b.name}`;
  if (verdict === 'B_BEATS_A') return `${b.name} beats ${a.name}`;
  // A difference near zero extrapolates to absurd sizes; past a million the count says nothing more.
  if (moreTrades !== null && moreTrades > MANY_TRADES)
    return 'no evidence of a difference yet (need over a million more trades: the difference so far is near zero)';
  if (moreTrades !== null) return `no evidence of a difference yet (need about ${moreTrades} more trades)`;
  if (moreBuckets !== null)
    return `no evidence of a difference yet (need about ${moreBuckets} more time buckets)`;
  return 'no evidence of a difference yet (no difference observed so far)';
}
