import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../../src/domain/index.ts';
import type { ExchangePort } from '../../../../src/exchange/port.ts';
import type { WallTime } from '../../../../src/market/feeds/clock.ts';
import {
  ExchangeCandleFeed,
  type MarketDataSource,
  type MarketKlineRequest,
  type MarketStreamEvent,
} from '../../../../src/market/feeds/exchange.ts';
import type { FeedEvent } from '../../../../src/market/feeds/types.ts';

const M5 = 300_000;
const T0 = Date.UTC(2025, 0, 1);
const candle = (i: number, close = 100 + i): Candle => ({
  ts: T0 + i * M5,
  open: 100,
  high: 1000,
  low: 1,
  close,
  volume: 1,
});

// The exchange port must satisfy the feed's source interface as is (checked by the compiler).
const portIsASource = (port: ExchangePort): MarketDataSource => port;
void portIsASource;

/** An in-memory venue: REST serves `book` (up to `now`, forming candle included), the stream is driven by the test. */
class FakeVenue implements MarketDataSource {
  now = T0 + 100 * M5 + 1_000;
  book = new Map<string, Candle[]>();
  requests: MarketKlineRequest[] = [];
  failNext = 0;
  listener: ((event: MarketStreamEvent) => void) | null = null;
  unsubscribed = false;
  readonly wall: WallTime = {
    nowMs: () => this.now,
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, Math.min(ms, 5));
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      }),
  };

  constructor(symbols: string[]) {
    for (const symbol of symbols)
      this.book.set(
        symbol,
        Array.from({ length: 101 }, (_, i) => candle(i)),
      );
  }

  async getKlines(request: MarketKlineRequest): Promise<Candle[]> {
    this.requests.push(request);
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('HTTP 503');
    }
    const rows = (this.book.get(request.symbol) ?? []).filter(
      (c) =>
        c.ts >= (request.startMs ?? 0) &&
        c.ts <= (request.endMs ?? Number.POSITIVE_INFINITY) &&
        c.ts <= this.now,
    );
    return rows.slice(0, request.limit ?? 200);
  }

  async subscribe(
    _subscription: { candles: { symbols: string[]; timeframe: '5m' } },
    listener: (event: MarketStreamEvent) => void,
  ): Promise<() => Promise<void>> {
    this.listener = listener;
    return async () => {
      this.unsubscribed = true;
    };
  }

  /** The venue closes candle i (adds it to REST) and, unless `silent`, streams it. */
  close(symbol: string, i: number, silent = false): void {
    const rows = this.book.get(symbol) as Candle[];
    if (!rows.some((c) => c.ts === candle(i).ts)) rows.push(candle(i));
    this.now = T0 + (i + 1) * M5 + 1_000;
    if (!silent)
      this.listener?.({ type: 'candle', symbol, timeframe: '5m', candle: candle(i), closed: true });
  }
}

async function take(iterator: AsyncIterator<FeedEvent>, n: number): Promise<FeedEvent[]> {
  const out: FeedEvent[] = [];
  for (let i = 0; i < n; i++) {
    const next = await iterator.next();
    if (next.done) break;
    out.push(next.value);
  }
  return out;
}

const indexes = (events: FeedEvent[]): string[] =>
  events.map(
    (e) =>
      `${e.symbol}:${e.type === 'funding' ? 'F' : (e.candle.ts - T0) / M5}${e.type === 'forming' ? '~' : ''}`,
  );

async function started(venue: FakeVenue, symbols = ['BTCUSDT']) {
  const problems: string[] = [];
  const feed = new ExchangeCandleFeed({
    source: venue,
    symbols,
    timeframe: '5m',
    wall: venue.wall,
    retryMs: 1,
    onProblem: (m) => problems.push(m),
  });
  const controller = new AbortController();
  const iterator = feed.events(controller.signal)[Symbol.asyncIterator]();
  return { feed, iterator, controller, problems };
}

describe('ExchangeCandleFeed', () => {
  it('back-fills closed history from REST, leaving out the forming candle, across pages', async () => {
    const venue = new FakeVenue(['BTCUSDT']);
    for (let i = 101; i < 2_600; i++) (venue.book.get('BTCUSDT') as Candle[]).push(candle(i));
    venue.now = T0 + 2_600 * M5 - 1; // candle 2599 still forming
    const feed = new ExchangeCandleFeed({
      source: venue,
      symbols: ['BTCUSDT'],
      timeframe: '5m',
      wall: venue.wall,
    });
    const history = await feed.history('BTCUSDT', 2_500);
    expect(history).toHaveLength(2_500);
    expect(history[0]?.ts).toBe(candle(99).ts);
    expect(history.at(-1)?.ts).toBe(candle(2_598).ts);
    expect(venue.requests.length).toBe(3);
    expect(venue.requests.every((r) => (r.limit ?? 0) <= 1000)).toBe(true);
  });

  it('emits stream candles once: duplicates and already back-filled candles are dropped', async () => {
    const venue = new FakeVenue(['BTCUSDT']);
    const { feed, iterator, controller } = await started(venue);
    await feed.history('BTCUSDT', 50); // up to candle 99
    const first = iterator.next();
    await new Promise((r) => setTimeout(r, 0));
    venue.close('BTCUSDT', 100);
    venue.listener?.({
      type: 'candle',
      symbol: 'BTCUSDT',
      timeframe: '5m',
      candle: candle(100),
      closed: true,
    });
    venue.listener?.({
      type: 'candle',
      symbol: 'BTCUSDT',
      timeframe: '5m',
      candle: candle(101, 7),
      closed: false,
    });
    venue.listener?.({ type: 'ticker' });
    venue.close('BTCUSDT', 101);
    const events = [(await first).value as FeedEvent, ...(await take(iterator, 1))];
    // the forming 101 was superseded by the closed 101 queued behind it
    expect(indexes(events)).toEqual(['BTCUSDT:100', 'BTCUSDT:101']);
    expect(events[0]?.atMs).toBe(candle(101).ts);
    controller.abort();
    await iterator.next().catch(() => undefined);
    expect(venue.unsubscribed).toBe(true);
  });

  it('back-fills a gap from REST before the newer stream candle', async () => {
    const venue = new FakeVenue(['BTCUSDT']);
    const { feed, iterator, controller } = await started(venue);
    await feed.history('BTCUSDT', 10);
    const pending = take(iterator, 4);
    await new Promise((r) => setTimeout(r, 0));
    venue.close('BTCUSDT', 100, true);
    venue.close('BTCUSDT', 101, true);
    venue.close('BTCUSDT', 102, true);
    venue.close('BTCUSDT', 103);
    expect(indexes(await pending)).toEqual(['BTCUSDT:100', 'BTCUSDT:101', 'BTCUSDT:102', 'BTCUSDT:103']);
    controller.abort();
  });

  it('catches up every symbol after a reconnect, in time order', async () => {
    const venue = new FakeVenue(['BTCUSDT', 'ETHUSDT']);
    const { feed, iterator, controller } = await started(venue, ['BTCUSDT', 'ETHUSDT']);
    await feed.history('BTCUSDT', 10);
    await feed.history('ETHUSDT', 10);
    const pending = take(iterator, 4);
    await new Promise((r) => setTimeout(r, 0));
    venue.close('BTCUSDT', 100, true);
    venue.close('ETHUSDT', 100, true);
    venue.close('BTCUSDT', 101, true);
    venue.close('ETHUSDT', 101, true);
    venue.listener?.({ type: 'reconnected', stream: 'public' });
    expect(indexes(await pending)).toEqual(['BTCUSDT:100', 'ETHUSDT:100', 'BTCUSDT:101', 'ETHUSDT:101']);
    controller.abort();
  });

  it('holds a symbol back while the back-fill fails, reports it, and retries', async () => {
    const venue = new FakeVenue(['BTCUSDT']);
    const { feed, iterator, controller, problems } = await started(venue);
    await feed.history('BTCUSDT', 10);
    const pending = take(iterator, 3);
    await new Promise((r) => setTimeout(r, 0));
    venue.failNext = 2;
    venue.close('BTCUSDT', 100, true);
    venue.close('BTCUSDT', 101, true);
    venue.close('BTCUSDT', 102);
    expect(indexes(await pending)).toEqual(['BTCUSDT:100', 'BTCUSDT:101', 'BTCUSDT:102']);
    expect(problems.length).toBeGreaterThanOrEqual(1);
    expect(problems[0]).toMatch(/BTCUSDT 5m: back-fill after .* failed; holding newer candles/);
    controller.abort();
  });

  it('reports a hole the venue itself has instead of waiting for it forever', async () => {
    const venue = new FakeVenue(['BTCUSDT']);
    const { feed, iterator, controller, problems } = await started(venue);
    await feed.history('BTCUSDT', 10);
    const pending = take(iterator, 2);
    await new Promise((r) => setTimeout(r, 0));
    venue.book.set(
      'BTCUSDT',
      (venue.book.get('BTCUSDT') as Candle[]).filter((c) => c.ts !== candle(100).ts),
    );
    venue.close('BTCUSDT', 101, true);
    venue.close('BTCUSDT', 102);
    expect(indexes(await pending)).toEqual(['BTCUSDT:101', 'BTCUSDT:102']);
    expect(problems).toEqual([
      expect.stringContaining('the venue has no candles from 2025-01-01T08:20:00.000Z'),
    ]);
    controller.abort();
  });

  it('shows only the newest of queued forming updates', async () => {
    const venue = new FakeVenue(['BTCUSDT']);
    const { feed, iterator, controller } = await started(venue);
    await feed.history('BTCUSDT', 10);
    const pending = take(iterator, 2);
    for (const close of [1, 2, 3]) {
      venue.listener?.({
        type: 'candle',
        symbol: 'BTCUSDT',
        timeframe: '5m',
        candle: candle(100, close),
        closed: false,
      });
    }
    venue.close('BTCUSDT', 100);
    venue.listener?.({
      type: 'candle',
      symbol: 'BTCUSDT',
      timeframe: '5m',
      candle: candle(101, 9),
      closed: false,
    });
    const events = await pending;
    expect(indexes(events)).toEqual(['BTCUSDT:100', 'BTCUSDT:101~']);
    expect(events[1]?.type === 'forming' && events[1].candle.close).toBe(9);
    controller.abort();
  });
});
