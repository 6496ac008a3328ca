import type { Candle, FundingRate, Timeframe } from '../../domain/index.ts';
import { TIMEFRAME_MS } from '../../domain/index.ts';
import { InstantClock } from './clock.ts';
import type { CandleFeed, FeedClock, FeedEvent } from './types.ts';

/** One symbol's prepared data: candles sorted by ts; funding sorted by ts (may be empty). */
export interface SymbolSeries {
  symbol: string;
  candles: readonly Candle[];
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

function firstIndexAtOrAfter(items: readonly { ts: number }[], ts: number): number {
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

  constructor(
    private readonly series: readonly SymbolSeries[],
    options: SeriesFeedOptions,
  ) {
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

  private find(symbol: string): SymbolSeries {
    const found = this.series.find((s) => s.symbol === symbol);
    if (!found) throw new Error(`${symbol} is not in this feed (${this.symbols.join(', ')})`);
    return found;
  }

  async history(symbol: string, limit: number): Promise<Candle[]> {
    const { candles } = this.find(symbol);
    const end = firstIndexAtOrAfter(candles, this.fromMs);
    return candles.slice(Math.max(0, end - Math.max(0, Math.floor(limit))), end);
  }

  async *events(signal?: AbortSignal): AsyncIterable<FeedEvent> {
    for await (const batch of this.eventBatches(signal)) yield* batch;
  }

  /** Every event of one instant together: one clock wait per instant, not per symbol. */
  async *eventBatches(signal?: AbortSignal): AsyncIterable<readonly FeedEvent[]> {
    const cursors = this.series.map((s) => ({
      s,
      candle: firstIndexAtOrAfter(s.candles, this.fromMs),
      funding: firstIndexAtOrAfter(s.funding, this.fromMs),
    }));
    let batch: FeedEvent[] = [];
    for (;;) {
      signal?.throwIfAborted();
      let next: FeedEvent | null = null;
      let owner = -1;
      for (let i = 0; i < cursors.length; i++) {
        const cursor = cursors[i] as (typeof cursors)[number];
        const candle = cursor.s.candles[cursor.candle];
        if (candle && candle.ts < this.toMs) {
          const atMs = candle.ts + this.intervalMs;
          if (!next || atMs < next.atMs || (atMs === next.atMs && next.type === 'funding')) {
            next = { type: 'candle', atMs, symbol: cursor.s.symbol, timeframe: this.timeframe, candle };
            owner = i;
          }
        }
        const funding = cursor.s.funding[cursor.funding];
        if (funding && funding.ts < this.toMs && (!next || funding.ts < next.atMs)) {
          next = { type: 'funding', atMs: funding.ts, symbol: cursor.s.symbol, funding };
          owner = i;
        }
      }
      const first = batch[0];
      if (first && (!next || next.atMs !== first.atMs)) {
        await this.clock.waitUntil(first.atMs, signal);
        yield batch;
        batch = [];
      }
      if (!next) return;
      const cursor = cursors[owner] as (typeof cursors)[number];
      if (next.type === 'candle') cursor.candle++;
      else cursor.funding++;
      batch.push(next);
    }
  }
}
