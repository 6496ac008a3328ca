import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FundingRate, Timeframe } from '../../domain/index.ts';
import { TIMEFRAME_MS } from '../../domain/index.ts';
import { MarketDataError } from '../errors.ts';
import { InstantClock, ScaledClock } from './clock.ts';
import { readCandleCsv, readFundingCsv } from './csv.ts';
import { SeriesFeed } from './series-feed.ts';
import type { FeedClock } from './types.ts';

export interface ReplayFeedOptions {
  /** A folder laid out like ../shared/data/<venue>: SYMBOL-5m.csv and SYMBOL-funding.csv. */
  dir: string;
  symbols: readonly string[];
  /** The timeframe of the candle files to read (SYMBOL-<timeframe>.csv). Default 5m. */
  timeframe?: Timeframe;
  /** Window: candles with fromMs ≤ ts < toMs are emitted; earlier ones serve as warm-up history. */
  fromMs?: number;
  toMs?: number;
  /**
   * Funding: 'required' (default) fails when a SYMBOL-funding.csv is missing or does not cover the
   * window; 'none' replays without funding events — say so explicitly, it changes the costs.
   */
  funding?: 'required' | 'none';
  /** Pacing: 'instant' (default, backtests) or N× real time (demos). */
  speed?: 'instant' | number;
  /** Overrides `speed` (tests). */
  clock?: FeedClock;
}

/** The paths a replay reads, so callers can name them in messages. */
export function replayFiles(
  dir: string,
  symbol: string,
  timeframe: Timeframe,
): { candles: string; funding: string } {
  return {
    candles: path.join(dir, `${symbol}-${timeframe}.csv`),
    funding: path.join(dir, `${symbol}-funding.csv`),
  };
}

function loadFunding(file: string, windowStartMs: number, windowEndMs: number): FundingRate[] {
  if (!existsSync(file)) {
    throw MarketDataError.at(
      file,
      0,
      'funding file not found: funding is part of the cost; run without funding (--no-funding) to replay without it',
    );
  }
  const rates = readFundingCsv(file);
  const first = rates[0];
  // Settlements must cover the window to within a day at both ends, or funding costs go missing.
  if (first && first.ts > windowStartMs + 86_400_000) {
    throw MarketDataError.at(
      file,
      2,
      `funding starts ${new Date(first.ts).toISOString()}, more than a day after the replay starts ${new Date(windowStartMs).toISOString()}`,
    );
  }
  const last = rates.at(-1);
  if (last && last.ts < windowEndMs - 86_400_000) {
    throw MarketDataError.at(
      file,
      rates.length + 1,
      `funding ends ${new Date(last.ts).toISOString()}, more than a day before the replay ends ${new Date(windowEndMs).toISOString()}`,
    );
  }
  return rates;
}

/** Loads and validates every file first (bad data fails before the first event), then replays in time order. */
export function createReplayFeed(options: ReplayFeedOptions): SeriesFeed {
  const timeframe = options.timeframe ?? '5m';
  if (options.symbols.length === 0) throw new RangeError('a replay needs at least one symbol');
  const series = options.symbols.map((symbol) => {
    const files = replayFiles(options.dir, symbol, timeframe);
    if (!existsSync(files.candles)) throw MarketDataError.at(files.candles, 0, 'candle file not found');
    const candles = readCandleCsv(files.candles, { expectedIntervalMs: TIMEFRAME_MS[timeframe] });
    const windowStart = Math.max(options.fromMs ?? 0, candles[0]?.ts ?? 0);
    const windowEnd = Math.min(options.toMs ?? Number.POSITIVE_INFINITY, (candles.at(-1)?.ts ?? 0) + 1);
    if (windowStart >= windowEnd) {
      const span = `${new Date(candles[0]?.ts ?? 0).toISOString()} to ${new Date((candles.at(-1)?.ts ?? 0) + TIMEFRAME_MS[timeframe]).toISOString()}`;
      throw MarketDataError.at(
        files.candles,
        0,
        `no candles inside the requested from/to window (the file covers ${span}): choose --from/--to inside it`,
      );
    }
    const funding = options.funding === 'none' ? [] : loadFunding(files.funding, windowStart, windowEnd);
    return { symbol, candles, funding };
  });
  const startMs = Math.max(options.fromMs ?? 0, Math.min(...series.map((s) => s.candles[0]?.ts ?? 0)));
  const clock =
    options.clock ??
    (options.speed === undefined || options.speed === 'instant'
      ? new InstantClock(startMs)
      : new ScaledClock(startMs, options.speed));
  return new SeriesFeed(series, { timeframe, fromMs: options.fromMs, toMs: options.toMs, clock });
}
