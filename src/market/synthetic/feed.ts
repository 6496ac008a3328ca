import type { Timeframe } from '../../domain/index.ts';
import { TIMEFRAME_MS } from '../../domain/index.ts';
import { InstantClock, ScaledClock } from '../feeds/clock.ts';
import { SeriesFeed } from '../feeds/series-feed.ts';
import type { FeedClock } from '../feeds/types.ts';
import { generateSyntheticMarket, type SyntheticMarket, type SyntheticOptions } from './generator.ts';

export interface SyntheticFeedOptions extends Omit<SyntheticOptions, 'symbol'> {
  symbols: readonly string[];
  /** Candles generated before the first event, served by `history()` for indicator warm-up. Default 0. */
  warmupCandles?: number;
  /** Starting prices per symbol (default 100 for all). */
  startPrices?: Readonly<Record<string, number>>;
  speed?: 'instant' | number;
  clock?: FeedClock;
}

/** A feed over freshly generated markets, one independent stream per symbol; the markets are exposed for tests. */
export function createSyntheticFeed(options: SyntheticFeedOptions): {
  feed: SeriesFeed;
  markets: SyntheticMarket[];
} {
  if (options.symbols.length === 0) throw new RangeError('a synthetic feed needs at least one symbol');
  const timeframe: Timeframe = options.timeframe ?? '5m';
  const warmup = options.warmupCandles ?? 0;
  if (!Number.isSafeInteger(warmup) || warmup < 0)
    throw new RangeError(`warmupCandles must be ≥ 0, got ${warmup}`);
  const startMs = options.startMs ?? Date.UTC(2025, 0, 1);
  const historyStart = startMs - warmup * TIMEFRAME_MS[timeframe];
  const events = options.candles ?? options.regimes?.reduce((sum, s) => sum + s.candles, 0) ?? 2_000;
  const markets = options.symbols.map((symbol) =>
    generateSyntheticMarket({
      ...options,
      symbol,
      timeframe,
      startMs: historyStart,
      candles: warmup + events,
      startPrice: options.startPrices?.[symbol] ?? options.startPrice,
    }),
  );
  const clock =
    options.clock ??
    (options.speed === undefined || options.speed === 'instant'
      ? new InstantClock(startMs)
      : new ScaledClock(startMs, options.speed));
  const series = markets.map((m) => ({ symbol: m.symbol, candles: m.candles, funding: m.funding }));
  return { feed: new SeriesFeed(series, { timeframe, fromMs: startMs, clock }), markets };
}
