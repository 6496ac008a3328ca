import type { Candle, FundingRate, Timeframe } from '../../domain/index.ts';
import { TIMEFRAME_MS } from '../../domain/index.ts';
import { asColumns, type CandleColumns } from './candle-columns.ts';
import { InstantClock } from './clock.ts';
import type { CandleFeed, FeedClock, FeedEvent } from './types.ts';

/**
 * One symbol's prepared data: candles sorted by ts (columns, or objects that the feed turns into
 * columns once); funding sorted by ts (may be empty).
 */
export interface SymbolSeries {
  symbol: string;
  candles: CandleColumns | readonly Candle[];
  funding: readonly FundingRate[];
}

interface ColumnSeries {
  symbol: string;
  candles: CandleColumns;
  funding: readonly FundingRate[];
}

export interface SeriesFeedOptions {
  timeframe: Timeframe;
  /** First candle ts emitted (inclusive); earlier candles are history for warm-up. */
  fromMs?: number;
  /** Candles with ts ≥ toMs and funding at ≥ toMs are not emitted (funding is emitted from fromMs on). */
  toMs?: number;
  clock?: FeedClock;
}

function firstIndexAtOrAfter(items: readonly FundingRate[], ts: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid] as { ts: number }).ts < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A feed over in-memory series (replay files, synthetic data): merges the symbols in time order
 * and paces the events with the clock (as fast as possible by default).
 */
export class SeriesFeed implements CandleFeed {
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  readonly clock: FeedClock;
  private readonly intervalMs: number;
  private readonly fromMs: number;
  private readonly toMs: number;
  private readonly series: readonly ColumnSeries[];

  constructor(series: readonly SymbolSeries[], options: SeriesFeedOptions) {
    this.series = series.map((s) => ({
      symbol: s.symbol,
      candles: asColumns(s.candles),
      funding: s.funding,
    }));
    const names = series.map((s) => s.symbol);
    if (new Set(names).size !== names.length)
      throw new Error(`symbols repeat in the feed: ${names.join(', ')}`);
    this.symbols = names;
    this.timeframe = options.timeframe;
    this.intervalMs = TIMEFRAME_MS[options.timeframe];
    this.fromMs = options.fromMs ?? Number.NEGATIVE_INFINITY;
    this.toMs = options.toMs ?? Number.POSITIVE_INFINITY;
    if (this.fromMs >= this.toMs)
      throw new RangeError(`the replay window is empty: from ${options.fromMs} ≥ to ${options.toMs}`);
    this.clock = options.clock ?? new InstantClock();
  }

  private find(symbol: string): ColumnSeries {
    const found = this.series.find((s) => s.symbol === symbol);
    if (!found) throw new Error(`${symbol} is not in this feed (${this.symbols.join(', ')})`);
    return found;
  }

  async history(symbol: string, limit: number): Promise<Candle[]> {
    const { candles } = this.find(symbol);
    const end = candles.firstIndexAtOrAfter(this.fromMs);
    return candles.slice(Math.max(0, end - Math.max(0, Math.floor(limit))), end);
  }

  async *events(signal?: AbortSignal): AsyncIterable<FeedEvent> {
    for await (const batch of this.eventBatches(signal)) yield* batch;
  }

  /** Every event of one instant together: one clock wait per instant, not per symbol. */
  async *eventBatches(signal?: AbortSignal): AsyncIterable<readonly FeedEvent[]> {
    const cursors = this.series.map((s) => ({
      s,
      candle: s.candles.firstIndexAtOrAfter(this.fromMs),
      funding: firstIndexAtOrAfter(s.funding, this.fromMs),
    }));
    let batch: FeedEvent[] = [];
    for (;;) {
      signal?.throwIfAborted();
      // The earliest event: a candle at its close, or a funding settlement before it.
      let nextAtMs = Number.POSITIVE_INFINITY;
      let nextIsCandle = false;
      let owner = -1;
      for (let i = 0; i < cursors.length; i++) {
        const cursor = cursors[i] as (typeof cursors)[number];
        const { candles } = cursor.s;
        const ts = cursor.candle < candles.length ? (candles.ts[cursor.candle] as number) : Number.NaN;
        if (ts < this.toMs) {
          const atMs = ts + this.intervalMs;
          if (owner < 0 || atMs < nextAtMs || (atMs === nextAtMs && !nextIsCandle)) {
            nextAtMs = atMs;
            nextIsCandle = true;
            owner = i;
          }
        }
        const funding = cursor.s.funding[cursor.funding];
        if (funding && funding.ts < this.toMs && (owner < 0 || funding.ts < nextAtMs)) {
          nextAtMs = funding.ts;
          nextIsCandle = false;
          owner = i;
        }
      }
      const first = batch[0];
      if (first && (owner < 0 || nextAtMs !== first.atMs)) {
        await this.clock.waitUntil(first.atMs, signal);
        yield batch;
        batch = [];
      }
      if (owner < 0) return;
      const cursor = cursors[owner] as (typeof cursors)[number];
      const { symbol } = cursor.s;
      if (nextIsCandle) {
        const candle = cursor.s.candles.at(cursor.candle++) as Candle;
        batch.push({ type: 'candle', atMs: nextAtMs, symbol, timeframe: this.timeframe, candle });
      } else {
        const funding = cursor.s.funding[cursor.funding++] as FundingRate;
        batch.push({ type: 'funding', atMs: nextAtMs, symbol, funding });
      }
    }
  }
}
