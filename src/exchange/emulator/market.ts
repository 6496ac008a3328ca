import type { Candle } from '../../domain/index.ts';

interface Series {
  intervalMs: number;
  candles: Candle[];
  /** Candles [0, released) are closed and were handed to the matcher. */
  released: number;
  /** Rolling 24 h window over released candles, moved forward only (see stats24h). */
  window?: RollingWindow;
}

/** Candles [from, to) of a series, with running sums and monotonic queues for high and low. */
interface RollingWindow {
  from: number;
  to: number;
  volume: number;
  turnover: number;
  highs: number[];
  lows: number[];
}

export interface Stats24h {
  /** Price 24 h ago: the open of the oldest candle in the window. */
  prevPrice: number;
  high: number;
  low: number;
  volume: number;
  turnover: number;
}

const DAY_MS = 86_400_000;

/** Turnover of a candle as the kline payloads state it: volume at the typical price. */
export function candleTurnover(candle: Candle): number {
  return (candle.volume * (candle.high + candle.low + candle.close)) / 3;
}

export type CandleClosed = (symbol: string, candle: Candle, intervalMs: number) => void;

/** Binary search: first index whose ts >= target. */
function lowerBound(candles: readonly Candle[], target: number, end: number): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((candles[mid] as Candle).ts < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Replay market data: base candles per symbol, released in time order as the clock moves. Only
 * released candles are visible to REST and streams, so the emulator never shows the future.
 */
export class ReplayMarket {
  private readonly series = new Map<string, Series>();

  constructor(private readonly onClose: CandleClosed) {}

  get symbols(): string[] {
    return [...this.series.keys()];
  }

  has(symbol: string): boolean {
    return this.series.has(symbol);
  }

  baseIntervalMs(symbol: string): number | null {
    return this.series.get(symbol)?.intervalMs ?? null;
  }

  load(symbol: string, candles: Candle[], intervalMs: number): void {
    for (let i = 1; i < candles.length; i++) {
      if ((candles[i] as Candle).ts <= (candles[i - 1] as Candle).ts) {
        throw new Error(`replay candles of ${symbol} must be sorted by ts without duplicates (row ${i + 1})`);
      }
    }
    this.series.set(symbol, { intervalMs, candles: [...candles], released: 0 });
  }

  /** Appends a candle and releases it at once (the control endpoint's "push candle"). */
  push(symbol: string, candle: Candle, intervalMs: number): void {
    let series = this.series.get(symbol);
    if (!series) {
      series = { intervalMs, candles: [], released: 0 };
      this.series.set(symbol, series);
    }
    if (series.released < series.candles.length) {
      throw new Error(
        `${symbol} still has ${series.candles.length - series.released} replay candles to release; advance the clock instead`,
      );
    }
    const last = series.candles[series.candles.length - 1];
    if (last && candle.ts <= last.ts) {
      throw new Error(`pushed candle ts ${candle.ts} is not after the last candle of ${symbol} (${last.ts})`);
    }
    if (intervalMs !== series.intervalMs) {
      throw new Error(`${symbol} candles are ${series.intervalMs} ms long; a pushed candle must be too`);
    }
    series.candles.push(candle);
    series.released = series.candles.length;
    this.onClose(symbol, candle, intervalMs);
  }

  /** Close time of the next unreleased candle over all symbols. */
  nextCloseMs(): number | null {
    let next: number | null = null;
    for (const series of this.series.values()) {
      const candle = series.candles[series.released];
      if (candle && (next === null || candle.ts + series.intervalMs < next))
        next = candle.ts + series.intervalMs;
    }
    return next;
  }

  /** Releases every candle whose close time is at or before `toMs`, oldest first across symbols. */
  advanceTo(toMs: number): number {
    let count = 0;
    for (;;) {
      let pick: [string, Series] | null = null;
      for (const entry of this.series) {
        const candle = entry[1].candles[entry[1].released];
        if (!candle || candle.ts + entry[1].intervalMs > toMs) continue;
        const pickTs = pick ? (pick[1].candles[pick[1].released] as Candle).ts : Number.POSITIVE_INFINITY;
        if (candle.ts < pickTs) pick = entry;
      }
      if (!pick) return count;
      const [symbol, series] = pick;
      const candle = series.candles[series.released] as Candle;
      series.released++;
      count++;
      this.onClose(symbol, candle, series.intervalMs);
    }
  }

  firstTs(): number | null {
    let first: number | null = null;
    for (const series of this.series.values()) {
      const candle = series.candles[0];
      if (candle && (first === null || candle.ts < first)) first = candle.ts;
    }
    return first;
  }

  lastClose(symbol: string): number | null {
    const series = this.series.get(symbol);
    if (!series || series.released === 0) return null;
    return (series.candles[series.released - 1] as Candle).close;
  }

  /**
   * Statistics of the released candles that started within 24 h before `nowMs` (null when there
   * are none). The window only moves forward, so each candle enters and leaves it once.
   */
  stats24h(symbol: string, nowMs: number): Stats24h | null {
    const series = this.series.get(symbol);
    if (!series) return null;
    const { candles } = series;
    let w = series.window;
    if (!w || series.released < w.to) {
      w = { from: 0, to: 0, volume: 0, turnover: 0, highs: [], lows: [] };
      series.window = w;
    }
    for (; w.to < series.released; w.to++) {
      const c = candles[w.to] as Candle;
      w.volume += c.volume;
      w.turnover += candleTurnover(c);
      while (w.highs.length > 0 && (candles[w.highs[w.highs.length - 1] as number] as Candle).high <= c.high)
        w.highs.pop();
      w.highs.push(w.to);
      while (w.lows.length > 0 && (candles[w.lows[w.lows.length - 1] as number] as Candle).low >= c.low)
        w.lows.pop();
      w.lows.push(w.to);
    }
    for (; w.from < w.to && (candles[w.from] as Candle).ts < nowMs - DAY_MS; w.from++) {
      const c = candles[w.from] as Candle;
      w.volume -= c.volume;
      w.turnover -= candleTurnover(c);
      if (w.highs[0] === w.from) w.highs.shift();
      if (w.lows[0] === w.from) w.lows.shift();
    }
    if (w.from >= w.to) return null;
    return {
      prevPrice: (candles[w.from] as Candle).open,
      high: (candles[w.highs[0] as number] as Candle).high,
      low: (candles[w.lows[0] as number] as Candle).low,
      volume: Math.max(0, w.volume),
      turnover: Math.max(0, w.turnover),
    };
  }

  /** Released candles that started at or after `fromMs`, oldest first (a forming bucket's members). */
  releasedSince(symbol: string, fromMs: number): Candle[] {
    const series = this.series.get(symbol);
    if (!series) return [];
    return series.candles.slice(lowerBound(series.candles, fromMs, series.released), series.released);
  }

  lastClosedCandle(symbol: string): Candle | null {
    const series = this.series.get(symbol);
    if (!series || series.released === 0) return null;
    return series.candles[series.released - 1] as Candle;
  }

  /**
   * Closed candles of `timeframeMs` (a multiple of the base interval) with start in [startMs, endMs],
   * newest `limit` of them, oldest first. Incomplete buckets are left out.
   */
  closedCandles(
    symbol: string,
    timeframeMs: number,
    startMs: number,
    endMs: number,
    limit: number,
  ): Candle[] {
    const series = this.series.get(symbol);
    if (!series) return [];
    const base = series.intervalMs;
    if (timeframeMs % base !== 0) return [];
    const ratio = timeframeMs / base;
    const released = series.released;
    const out: Candle[] = [];
    // Walk buckets backwards from the newest released candle.
    let index = released - 1;
    while (index >= 0 && out.length < limit) {
      const candle = series.candles[index] as Candle;
      const bucketTs = candle.ts - (candle.ts % timeframeMs);
      if (bucketTs < startMs) break;
      const first = lowerBound(series.candles, bucketTs, index + 1);
      const members = series.candles.slice(first, index + 1);
      const complete = members.length === ratio && candle.ts + base === bucketTs + timeframeMs;
      if (complete && bucketTs <= endMs) {
        out.push(ratio === 1 ? { ...candle } : merge(bucketTs, members));
      }
      index = first - 1;
    }
    return out.reverse();
  }

  /** The aggregated candle that `candle` (just closed) completes in `timeframeMs`, if it completes one. */
  completedBucket(symbol: string, candle: Candle, timeframeMs: number): Candle | null {
    const series = this.series.get(symbol);
    if (!series) return null;
    const base = series.intervalMs;
    if (timeframeMs % base !== 0 || (candle.ts + base) % timeframeMs !== 0) return null;
    const bucketTs = candle.ts + base - timeframeMs;
    const [found] = this.closedCandles(symbol, timeframeMs, bucketTs, bucketTs, 1);
    return found ?? null;
  }
}

function merge(ts: number, members: readonly Candle[]): Candle {
  let high = Number.NEGATIVE_INFINITY;
  let low = Number.POSITIVE_INFINITY;
  let volume = 0;
  for (const m of members) {
    if (m.high > high) high = m.high;
    if (m.low < low) low = m.low;
    volume += m.volume;
  }
  return {
    ts,
    open: (members[0] as Candle).open,
    high,
    low,
    close: (members[members.length - 1] as Candle).close,
    volume,
  };
}
