import { sharpeRatio } from './metrics.ts';
import { normalCdf, normalQuantile, shapeMoments } from './stats.ts';

const EULER_GAMMA = 0.5772156649015329;

export interface SharpeSample {
  /** Observed Sharpe ratio per period (not annualised). */
  sharpe: number;
  /** Number of return periods behind it. */
  observations: number;
  skewness: number;
  /** Non-excess kurtosis (3 for a normal distribution). */
  kurtosis: number;
}

/** The Sharpe, length and shape of a return series, as the probabilistic and deflated Sharpe need them. */
export function sharpeSample(returns: readonly number[]): SharpeSample {
  return { sharpe: sharpeRatio(returns), observations: returns.length, ...shapeMoments(returns) };
}

/**
 * Probabilistic Sharpe ratio (Bailey & López de Prado 2012): the probability that the true Sharpe
 * exceeds `benchmark`, allowing for the track length and the skew and fat tails of the returns.
 */
export function probabilisticSharpe(s: SharpeSample, benchmark = 0): number {
  if (!(s.observations >= 2))
    throw new RangeError(`the probabilistic Sharpe needs at least 2 observations, got ${s.observations}`);
  const spread = 1 - s.skewness * s.sharpe + ((s.kurtosis - 1) / 4) * s.sharpe ** 2;
  if (!(spread > 0))
    throw new RangeError('skewness and kurtosis give a non-positive Sharpe variance: check the moments');
  return normalCdf(((s.sharpe - benchmark) * Math.sqrt(s.observations - 1)) / Math.sqrt(spread));
}

/**
 * Expected maximum Sharpe of `trials` independent strategies with no skill whose Sharpes vary with
 * `variance` (the false strategy theorem): the bar the best of them must clear. 0 for a single trial.
 */
export function expectedMaxSharpe(trials: number, variance: number): number {
  if (!Number.isInteger(trials) || trials < 1)
    throw new RangeError(`trials must be a positive integer, got ${trials}`);
  if (!(variance >= 0))
    throw new RangeError(`the variance of the trials' Sharpes must be ≥ 0, got ${variance}`);
  if (trials === 1) return 0;
  return (
    Math.sqrt(variance) *
    ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) +
      EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)))
  );
}

export interface DeflatedSharpe {
  /** Probability that the chosen strategy's true Sharpe beats the best of `trials` skill-less ones. */
  probability: number;
  expectedMaxSharpe: number;
  /** True when the probability is at least `threshold` (0.95 by default). */
  survives: boolean;
}

/** Deflated Sharpe ratio (Bailey & López de Prado 2014): the PSR against the expected maximum Sharpe. */
export function deflatedSharpe(
  chosen: SharpeSample,
  trials: { count: number; sharpeVariance: number },
  threshold = 0.95,
): DeflatedSharpe {
  const bar = expectedMaxSharpe(trials.count, trials.sharpeVariance);
  const probability = probabilisticSharpe(chosen, bar);
  return { probability, expectedMaxSharpe: bar, survives: probability >= threshold };
}
