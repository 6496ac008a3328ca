import type { Candle } from '../../domain/index.ts';

/** Aggregation was asked something impossible, or fed candles out of order. */
export class CandleAggregationError extends Error {
  override readonly name = 'CandleAggregationError';
}

function checkIntervals(sourceMs: number, targetMs: number): number {
  if (!Number.isSafeInteger(sourceMs) || sourceMs <= 0 || !Number.isSafeInteger(targetMs) || targetMs <= 0) {
    throw new CandleAggregationError(`intervals must be positive whole ms, got ${sourceMs} → ${targetMs}`);
  }
  if (targetMs % sourceMs !== 0) {
    throw new CandleAggregationError(
      `target interval ${targetMs}ms is not a multiple of the source ${sourceMs}ms`,
    );
  }
  return targetMs / sourceMs;
}

/** Drops the binary noise of summing decimals (3153.3410000000003 → 3153.341); 15 digits are exact in a double. */
function cleanSum(value: number): number {
  return Number(value.toPrecision(15));
}

/**
 * Streaming aggregation of closed source candles into closed target candles.
 * Buckets start at UTC epoch multiples of targetMs; a bucket is emitted only when every one of its
 * source candles arrived — a bucket with a missing source candle is dropped (counted), never guessed.
 */
export class CandleAggregator {
  readonly perBucket: number;
  private bucketTs = -1;
  private count = 0;
  private broken = false;
  private open = 0;
  private high = 0;
  private low = 0;
  private close = 0;
  private volume = 0;
  private lastTs = Number.NEGATIVE_INFINITY;
  /** Buckets abandoned because a source candle was missing. */
  incompleteBuckets = 0;

  constructor(
    readonly sourceMs: number,
    readonly targetMs: number,
  ) {
    this.perBucket = checkIntervals(sourceMs, targetMs);
  }

  /** Adds the next closed source candle; returns the target candle it completes, else null. */
  push(candle: Candle): Candle | null {
    const { ts } = candle;
    if (ts % this.sourceMs !== 0) {
      throw new CandleAggregationError(
        `candle ts ${ts} is not aligned to the ${this.sourceMs}ms source interval`,
      );
    }
    if (ts <= this.lastTs) {
      throw new CandleAggregationError(
        `candle ts ${ts} is not after the previous ${this.lastTs}: source candles must be pushed in order, once`,
      );
    }
    this.lastTs = ts;
    const bucketTs = ts - (ts % this.targetMs);
    if (bucketTs !== this.bucketTs) {
      if (this.bucketTs !== -1) this.incompleteBuckets++;
      this.bucketTs = bucketTs;
      this.count = 0;
      this.broken = false;
    }
    if (this.broken) return null;
    if (ts !== bucketTs + this.count * this.sourceMs) {
      // A source candle of this bucket is missing: it can never be complete.
      this.broken = true;
      return null;
    }
    if (this.count === 0) {
      this.open = candle.open;
      this.high = candle.high;
      this.low = candle.low;
      this.volume = 0;
    } else {
      if (candle.high > this.high) this.high = candle.high;
      if (candle.low < this.low) this.low = candle.low;
    }
    this.close = candle.close;
    this.volume += candle.volume;
    this.count++;
    if (this.count < this.perBucket) return null;
    this.count = 0;
    this.bucketTs = -1;
    return {
      ts: bucketTs,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: cleanSum(this.volume),
    };
  }

  /** The target candle formed so far (for display with `replaceForming`), null when none or broken by a gap. */
  forming(): Candle | null {
    if (this.count === 0 || this.broken) return null;
    return {
      ts: this.bucketTs,
      open: this.open,
      high: this.high,
      low: this.low,
      close: this.close,
      volume: cleanSum(this.volume),
    };
  }
}

/** Aggregates sorted, aligned source candles; only complete buckets are returned. */
export function aggregateCandles(candles: readonly Candle[], sourceMs: number, targetMs: number): Candle[] {
  const aggregator = new CandleAggregator(sourceMs, targetMs);
  const out: Candle[] = [];
  for (const candle of candles) {
    const done = aggregator.push(candle);
    if (done) out.push(done);
  }
  return out;
}
