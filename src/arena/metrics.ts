import { mean, variance } from './stats.ts';

/** A closed trade as the arena sees it: when it closed and its PnL net of fees and funding. */
export interface ArenaTrade {
  closedAtMs: number;
  netPnlUsdt: number;
}

/** Mean net PnL per trade. */
export function expectancy(nets: readonly number[]): number {
  return mean(nets);
}

/** Gross won over gross lost; Infinity with no losing trade, NaN with neither. */
export function profitFactor(nets: readonly number[]): number {
  let won = 0;
  let lost = 0;
  for (const v of nets) {
    if (v > 0) won += v;
    else lost -= v;
  }
  return won / lost;
}

/**
 * Mean over standard deviation of per-period returns, not annualised. A flat series (say a
 * resample of idle days) has no risk: 0 when it earns nothing, ±Infinity when it earns every period.
 */
export function sharpeRatio(returns: readonly number[]): number {
  const m = mean(returns);
  const sd = Math.sqrt(variance(returns));
  if (sd === 0) return m === 0 ? 0 : Math.sign(m) * Number.POSITIVE_INFINITY;
  return m / sd;
}

/** Largest fall of cumulative PnL from its running peak (the start counts as a peak at 0), in USDT. */
export function maxDrawdown(pnlPerPeriod: readonly number[]): number {
  let equity = 0;
  let peak = 0;
  let worst = 0;
  for (const v of pnlPerPeriod) {
    equity += v;
    peak = Math.max(peak, equity);
    worst = Math.max(worst, peak - equity);
  }
  return worst;
}

/** Net PnL summed into fixed time buckets [fromMs + k·bucketMs, …) by close time, empty buckets 0. */
export function pnlPerBucket(
  trades: readonly ArenaTrade[],
  span: { fromMs: number; toMs: number; bucketMs: number },
): number[] {
  const { fromMs, toMs, bucketMs } = span;
  if (!(bucketMs > 0) || !(toMs > fromMs))
    throw new RangeError('buckets need bucketMs > 0 and toMs > fromMs');
  const buckets = new Array<number>(Math.ceil((toMs - fromMs) / bucketMs)).fill(0);
  for (const t of trades) {
    if (t.closedAtMs < fromMs || t.closedAtMs >= toMs)
      throw new RangeError(
        `trade closed at ${new Date(t.closedAtMs).toISOString()} lies outside the compared span`,
      );
    const k = Math.floor((t.closedAtMs - fromMs) / bucketMs);
    buckets[k] = (buckets[k] as number) + t.netPnlUsdt;
  }
  return buckets;
}

/** Per-period returns from per-period PnL, each relative to the equity at the start of its period. */
export function returnsFromPnl(pnlPerPeriod: readonly number[], startEquityUsdt: number): number[] {
  if (!(startEquityUsdt > 0)) throw new RangeError(`start equity must be positive, got ${startEquityUsdt}`);
  let equity = startEquityUsdt;
  return pnlPerPeriod.map((pnl) => {
    if (!(equity > 0)) throw new RangeError('equity reached zero: returns after a wipe-out are undefined');
    const r = pnl / equity;
    equity += pnl;
    return r;
  });
}
