import type { Candle, Timeframe } from '../../domain/index.ts';
import { TIMEFRAME_MS } from '../../domain/index.ts';
import { systemWallTime, type WallTime } from './clock.ts';
import type { CandleFeed, FeedEvent } from './types.ts';

/** The kline request of the exchange port (src/exchange/port.ts), restated so market stays venue-free. */
export interface MarketKlineRequest {
  symbol: string;
  timeframe: Timeframe;
  startMs?: number;
  endMs?: number;
  limit?: number;
}

/** The stream events this feed uses; any other event of the port is ignored. */
export type MarketStreamEvent =
  | { type: 'candle'; symbol: string; timeframe: Timeframe; candle: Candle; closed: boolean }
  | { type: 'reconnected'; stream: 'public' | 'private' }
  | { type: 'disconnected'; stream: 'public' | 'private'; reason: string }
  | { type: 'ticker' | 'order' | 'position' | 'execution' };

/** What the exchange feed needs from a venue: an ExchangePort satisfies it as is. */
export interface MarketDataSource {
  /** Oldest first; closed and forming candles as the venue returns them; at most 1000 per call. */
  getKlines(request: MarketKlineRequest): Promise<Candle[]>;
  subscribe(
    subscription: { candles: { symbols: string[]; timeframe: Timeframe } },
    listener: (event: MarketStreamEvent) => void,
  ): Promise<() => Promise<void>>;
}

export interface ExchangeFeedOptions {
  source: MarketDataSource;
  symbols: readonly string[];
  timeframe: Timeframe;
  /** Wall time (tests inject a fake). */
  wall?: WallTime;
  /** Retry a failed REST back-fill after this long when no stream event comes first. Default 10 s. */
  retryMs?: number;
  /** Told about every back-fill failure and every hole the venue itself has; the feed never hides one. */
  onProblem?: (message: string, error?: unknown) => void;
}

const PAGE = 1000;

type Raw = MarketStreamEvent | { type: 'retry' };

/**
 * Live closed candles: REST history for warm-up, then the stream's closed candles, de-duplicated.
 * A gap (missed candles, a reconnect) is back-filled from REST before newer candles are emitted; a
 * failed back-fill holds the symbol back (its data goes stale, which the gate treats as no new risk)
 * and is retried. Per symbol, candles are strictly in order; across symbols a back-fill may emit
 * candles older than events already emitted for other symbols.
 */
export class ExchangeCandleFeed implements CandleFeed {
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  private readonly intervalMs: number;
  private readonly wall: WallTime;
  private readonly lastTs = new Map<string, number>();
  private readonly pendingRetry = new Set<string>();

  constructor(private readonly options: ExchangeFeedOptions) {
    if (options.symbols.length === 0) throw new RangeError('an exchange feed needs at least one symbol');
    this.symbols = [...options.symbols];
    this.timeframe = options.timeframe;
    this.intervalMs = TIMEFRAME_MS[options.timeframe];
    this.wall = options.wall ?? systemWallTime;
  }

  /** ts of the newest candle that has closed by now. */
  private lastClosedTsNow(): number {
    const now = this.wall.nowMs();
    return now - (now % this.intervalMs) - this.intervalMs;
  }

  /** Candles with fromTs ≤ ts ≤ toTs (callers pass a toTs that has closed) from REST, page by page, oldest first, de-duplicated. */
  private async fetchClosed(symbol: string, fromTs: number, toTs: number): Promise<Candle[]> {
    const out: Candle[] = [];
    let start = fromTs;
    while (start <= toTs) {
      const page = await this.options.source.getKlines({
        symbol,
        timeframe: this.timeframe,
        startMs: start,
        endMs: toTs,
        limit: PAGE,
      });
      let newest = -1;
      for (const candle of page) {
        if (candle.ts < start || candle.ts > toTs) continue;
        if (out.length > 0 && candle.ts <= (out.at(-1) as Candle).ts) continue;
        out.push({ ...candle });
        newest = candle.ts;
      }
      if (page.length < PAGE || newest < 0) break;
      start = newest + this.intervalMs;
    }
    return out;
  }

  async history(symbol: string, limit: number): Promise<Candle[]> {
    if (!this.symbols.includes(symbol))
      throw new Error(`${symbol} is not in this feed (${this.symbols.join(', ')})`);
    const count = Math.max(0, Math.floor(limit));
    const toTs = this.lastClosedTsNow();
    const candles =
      count === 0 ? [] : await this.fetchClosed(symbol, toTs - (count - 1) * this.intervalMs, toTs);
    const newest = candles.at(-1);
    if (newest && newest.ts > (this.lastTs.get(symbol) ?? Number.NEGATIVE_INFINITY)) {
      this.lastTs.set(symbol, newest.ts);
    }
    return candles;
  }

  private candleEvent(symbol: string, candle: Candle): FeedEvent {
    return { type: 'candle', atMs: candle.ts + this.intervalMs, symbol, timeframe: this.timeframe, candle };
  }

  /**
   * The events that bring `symbol` up to `untilTs` (inclusive, from REST), then `streamed` if given.
   * Nothing when the back-fill fails: the symbol waits for a retry.
   */
  private async catchUp(symbol: string, untilTs: number, streamed?: Candle): Promise<FeedEvent[]> {
    const last = this.lastTs.get(symbol);
    const events: FeedEvent[] = [];
    if (last !== undefined && untilTs > last) {
      let filled: Candle[];
      try {
        filled = await this.fetchClosed(symbol, last + this.intervalMs, untilTs);
      } catch (error) {
        this.pendingRetry.add(symbol);
        this.options.onProblem?.(
          `${symbol} ${this.timeframe}: back-fill after ${new Date(last).toISOString()} failed; holding newer candles until it succeeds`,
          error,
        );
        return [];
      }
      let previous = last;
      for (const candle of filled) {
        if (candle.ts !== previous + this.intervalMs) {
          this.options.onProblem?.(
            `${symbol} ${this.timeframe}: the venue has no candles from ${new Date(previous + this.intervalMs).toISOString()} to ${new Date(candle.ts - this.intervalMs).toISOString()}`,
          );
        }
        events.push(this.candleEvent(symbol, candle));
        previous = candle.ts;
      }
      this.lastTs.set(symbol, previous);
    }
    this.pendingRetry.delete(symbol);
    if (streamed) {
      const newest = this.lastTs.get(symbol);
      if (newest === undefined || streamed.ts > newest) {
        if (newest !== undefined && streamed.ts !== newest + this.intervalMs) {
          this.options.onProblem?.(
            `${symbol} ${this.timeframe}: the venue has no candles from ${new Date(newest + this.intervalMs).toISOString()} to ${new Date(streamed.ts - this.intervalMs).toISOString()}`,
          );
        }
        events.push(this.candleEvent(symbol, { ...streamed }));
        this.lastTs.set(symbol, streamed.ts);
      }
    }
    return events;
  }

  private async handle(raw: Raw): Promise<FeedEvent[]> {
    if (raw.type === 'retry' || (raw.type === 'reconnected' && raw.stream === 'public')) {
      const symbols = raw.type === 'retry' ? [...this.pendingRetry] : this.symbols;
      const all: FeedEvent[] = [];
      for (const symbol of symbols) all.push(...(await this.catchUp(symbol, this.lastClosedTsNow())));
      return all.sort((a, b) => a.atMs - b.atMs);
    }
    if (raw.type !== 'candle' || raw.timeframe !== this.timeframe || !this.symbols.includes(raw.symbol))
      return [];
    const last = this.lastTs.get(raw.symbol);
    if (!raw.closed) {
      if (last !== undefined && raw.candle.ts <= last) return [];
      return [
        {
          type: 'forming',
          atMs: this.wall.nowMs(),
          symbol: raw.symbol,
          timeframe: this.timeframe,
          candle: { ...raw.candle },
        },
      ];
    }
    if (last !== undefined && raw.candle.ts <= last) return []; // already emitted (duplicate or back-filled)
    return this.catchUp(raw.symbol, raw.candle.ts - this.intervalMs, raw.candle);
  }

  async *events(signal?: AbortSignal): AsyncIterable<FeedEvent> {
    const queue: Raw[] = [];
    let wake: (() => void) | null = null;
    const push = (event: Raw): void => {
      queue.push(event);
      wake?.();
    };
    const unsubscribe = await this.options.source.subscribe(
      { candles: { symbols: [...this.symbols], timeframe: this.timeframe } },
      push,
    );
    const onAbort = (): void => wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      // candles that closed between history() and the subscription
      for (const event of await this.handle({ type: 'reconnected', stream: 'public' })) yield event;
      for (;;) {
        signal?.throwIfAborted();
        const raw = queue.shift();
        if (raw) {
          // a forming candle already superseded by a queued update of the same symbol is not worth showing
          if (
            raw.type === 'candle' &&
            !raw.closed &&
            queue.some((e) => e.type === 'candle' && e.symbol === raw.symbol)
          ) {
            continue;
          }
          for (const event of await this.handle(raw)) yield event;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (this.pendingRetry.size > 0) {
            this.wall.sleep(this.options.retryMs ?? 10_000, signal).then(
              () => {
                if (queue.length === 0) queue.push({ type: 'retry' });
                resolve();
              },
              () => resolve(),
            );
          }
        });
        wake = null;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await unsubscribe();
    }
  }
}
