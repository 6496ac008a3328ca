/** Small numeric helpers over plain arrays: moments, quantiles and the standard normal. */

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('mean of an empty series');
  let total = 0;
  for (const v of values) total += v;
  return total / values.length;
}

/** Sample variance (divides by n − 1); 0 for a single value. */
export function variance(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const m = mean(values);
  let total = 0;
  for (const v of values) total += (v - m) ** 2;
  return total / (values.length - 1);
}

/** Skewness and (non-excess) kurtosis as moment ratios m3/m2^1.5 and m4/m2², as in Bailey & López de Prado. */
export function shapeMoments(values: readonly number[]): { skewness: number; kurtosis: number } {
  const m = mean(values);
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const v of values) {
    const d = v - m;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  const n = values.length;
  m2 /= n;
  if (m2 === 0) return { skewness: 0, kurtosis: 3 };
  return { skewness: m3 / n / m2 ** 1.5, kurtosis: m4 / n / (m2 * m2) };
}

/** Quantile of already sorted values with linear interpolation (Hyndman & Fan type 7, numpy's default). */
export function sortedQuantile(sorted: ArrayLike<number>, probability: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty series');
  const position = Math.min(Math.max(probability, 0), 1) * (sorted.length - 1);
  const below = Math.floor(position);
  const lo = sorted[below] as number;
  const hi = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lo === hi ? lo : lo + (position - below) * (hi - lo);
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

export function normalDensity(x: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
}

/** Standard normal CDF: Taylor series near 0, Laplace's continued fraction for the tails (|error| < 1e-14). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 1;
  if (x === Number.NEGATIVE_INFINITY) return 0;
  const z = Math.abs(x);
  if (z < 3) {
    let term = x;
    let total = x;
    for (let n = 1; Math.abs(term) > 1e-17 * Math.abs(total); n++) {
      term *= (x * x) / (2 * n + 1);
      total += term;
    }
    return 0.5 + normalDensity(x) * total;
  }
  let fraction = z;
  for (let k = 200; k >= 1; k--) fraction = z + k / fraction;
  const tail = normalDensity(z) / fraction;
  return x > 0 ? 1 - tail : tail;
}

/** Inverse standard normal CDF: a rational start (Abramowitz & Stegun 26.2.23) refined by Newton steps. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`normal quantile needs a probability in [0, 1], got ${p}`);
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const lower = p < 0.5;
  const q = lower ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  let x =
    t -
    (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t ** 3);
  x = -x; // the lower-tail quantile of q
  for (let i = 0; i < 8; i++) {
    const step = (normalCdf(x) - q) / normalDensity(x);
    x -= step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return lower ? x : -x;
}

/**
 * Quantile of Student's t with `dof` degrees of freedom: exact for 1 and 2, else the Cornish–Fisher
 * expansion of Abramowitz & Stegun 26.7.5 (within 0.2 % for dof ≥ 3 at the usual levels).
 */
export function studentTQuantile(p: number, dof: number): number {
  if (!(dof >= 1)) throw new RangeError(`Student's t needs at least 1 degree of freedom, got ${dof}`);
  if (dof === 1) return Math.tan(Math.PI * (p - 0.5));
  if (dof === 2) return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const z = normalQuantile(p);
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / dof + g2 / dof ** 2 + g3 / dof ** 3 + g4 / dof ** 4;
}
