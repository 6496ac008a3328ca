import type { Candle, FundingRate, Timeframe } from '../../domain/index.ts';

/**
 * What a feed emits, in time order. `atMs` is when the event becomes known: a candle's close
 * (ts + interval) or a funding settlement time. At equal `atMs`, candles come before funding and
 * symbols keep the order the feed was given.
 */
export type FeedEvent =
  | { type: 'candle'; atMs: number; symbol: string; timeframe: Timeframe; candle: Candle }
  | { type: 'funding'; atMs: number; symbol: string; funding: FundingRate }
  /** A still-forming candle (live feeds only), for display with `replaceForming`; never for indicators. */
  | { type: 'forming'; atMs: number; symbol: string; timeframe: Timeframe; candle: Candle };

/** Closed candles (and funding) of one or more symbols, driven by a clock. */
export interface CandleFeed {
  readonly symbols: readonly string[];
  /** The timeframe of the candles the feed emits. */
  readonly timeframe: Timeframe;
  /** Up to `limit` closed candles that precede the feed's first event (indicator warm-up), oldest first. */
  history(symbol: string, limit: number): Promise<Candle[]>;
  /**
   * The events, in time order, paced by the feed's clock. A replay ends after its last event; a live
   * feed runs until `signal` aborts. The consumer's pace is respected: the next event waits for it.
   */
  events(signal?: AbortSignal): AsyncIterable<FeedEvent>;
  /**
   * Optional, for replays: the same events grouped by the instant they become known (equal
   * `atMs`), the clock already at that instant. A consumer that has it uses it instead of
   * `events`, so a subclass that watches the events must watch these.
   */
  eventBatches?(signal?: AbortSignal): AsyncIterable<readonly FeedEvent[]>;
}

/** Time as a feed sees it. Replays move simulated time; live feeds use the wall clock. */
export interface FeedClock {
  /** The current time (simulated for replays), ms UTC. */
  now(): number;
  /** Resolves when the clock reaches `atMs` (at once when it already has); rejects when `signal` aborts. */
  waitUntil(atMs: number, signal?: AbortSignal): Promise<void>;
}
