import type { Candle, Timeframe } from '../../domain/index.ts';
import { TIMEFRAME_MS } from '../../domain/index.ts';
import { CandleAggregator } from '../candles/aggregate.ts';
import type { CandleFeed, FeedEvent } from './types.ts';

/**
 * Wraps a feed so that every closed higher-timeframe candle (e.g. 15m, 1h, 4h from a 5m feed) is
 * emitted right after the source candle that completes it. Only complete buckets are emitted; the
 * source feed's own events pass through unchanged.
 */
export class HigherTimeframeFeed implements CandleFeed {
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;

  constructor(
    private readonly source: CandleFeed,
    readonly targets: readonly Timeframe[],
  ) {
    this.symbols = source.symbols;
    this.timeframe = source.timeframe;
    const sourceMs = TIMEFRAME_MS[source.timeframe];
    for (const target of targets) {
      if (TIMEFRAME_MS[target] <= sourceMs || TIMEFRAME_MS[target] % sourceMs !== 0) {
        throw new RangeError(`${target} is not a higher multiple of the feed's ${source.timeframe}`);
      }
    }
  }

  /** History of the source timeframe; aggregate it with `aggregateCandles` for the higher ones. */
  history(symbol: string, limit: number): Promise<Candle[]> {
    return this.source.history(symbol, limit);
  }

  async *events(signal?: AbortSignal): AsyncIterable<FeedEvent> {
    const sourceMs = TIMEFRAME_MS[this.timeframe];
    const aggregators = new Map<string, Array<{ timeframe: Timeframe; aggregator: CandleAggregator }>>();
    for (const symbol of this.symbols) {
      aggregators.set(
        symbol,
        this.targets.map((timeframe) => ({
          timeframe,
          aggregator: new CandleAggregator(sourceMs, TIMEFRAME_MS[timeframe]),
        })),
      );
    }
    for await (const event of this.source.events(signal)) {
      yield event;
      if (event.type !== 'candle' || event.timeframe !== this.timeframe) continue;
      for (const { timeframe, aggregator } of aggregators.get(event.symbol) ?? []) {
        const done = aggregator.push(event.candle);
        if (done) yield { type: 'candle', atMs: event.atMs, symbol: event.symbol, timeframe, candle: done };
      }
    }
  }
}
