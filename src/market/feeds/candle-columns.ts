import type { Candle } from '../../domain/index.ts';

/**
 * Candles stored as columns of doubles (48 bytes a candle, outside the JS heap) instead of one
 * object per row (about 170 bytes, all of it live heap the garbage collector walks and scales its
 * limits on). A year of 5m candles for ten symbols is 50 MiB here, over 160 MiB as objects.
 * Candle objects are made on demand and are the caller's own.
 */
export class CandleColumns {
  readonly length: number;
  readonly ts: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;

  constructor(length: number) {
    this.length = length;
    const buffer = new ArrayBuffer(length * 6 * Float64Array.BYTES_PER_ELEMENT);
    const column = (i: number) =>
      new Float64Array(buffer, i * length * Float64Array.BYTES_PER_ELEMENT, length);
    this.ts = column(0);
    this.open = column(1);
    this.high = column(2);
    this.low = column(3);
    this.close = column(4);
    this.volume = column(5);
  }

  static from(candles: readonly Candle[]): CandleColumns {
    const out = new CandleColumns(candles.length);
    for (let i = 0; i < candles.length; i++) out.set(i, candles[i] as Candle);
    return out;
  }

  /** A copy of the first n candles. */
  first(n: number): CandleColumns {
    const out = new CandleColumns(n);
    for (const key of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const)
      out[key].set(this[key].subarray(0, n));
    return out;
  }

  set(i: number, candle: Candle): void {
    this.ts[i] = candle.ts;
    this.open[i] = candle.open;
    this.high[i] = candle.high;
    this.low[i] = candle.low;
    this.close[i] = candle.close;
    this.volume[i] = candle.volume;
  }

  /** The candle at index i (a fresh object), or undefined outside the store. */
  at(i: number): Candle | undefined {
    if (i < 0) i += this.length;
    if (i < 0 || i >= this.length) return undefined;
    return {
      ts: this.ts[i] as number,
      open: this.open[i] as number,
      high: this.high[i] as number,
      low: this.low[i] as number,
      close: this.close[i] as number,
      volume: this.volume[i] as number,
    };
  }

  /** Index of the first candle with ts ≥ `ts` (length when none). */
  firstIndexAtOrAfter(ts: number): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ts[mid] as number) < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Candles [start, end) as objects. */
  slice(start: number, end: number = this.length): Candle[] {
    const out: Candle[] = [];
    for (let i = Math.max(0, start); i < Math.min(end, this.length); i++) out.push(this.at(i) as Candle);
    return out;
  }

  *[Symbol.iterator](): IterableIterator<Candle> {
    for (let i = 0; i < this.length; i++) yield this.at(i) as Candle;
  }
}

/** The columns of a series given either way (arrays from tests and generators are converted once). */
export function asColumns(candles: CandleColumns | readonly Candle[]): CandleColumns {
  return candles instanceof CandleColumns ? candles : CandleColumns.from(candles);
}
