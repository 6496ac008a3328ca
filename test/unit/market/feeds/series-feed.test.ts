import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../../src/domain/index.ts';
import { MarketDataError } from '../../../../src/market/errors.ts';
import { InstantClock, ScaledClock, type WallTime } from '../../../../src/market/feeds/clock.ts';
import { formatCandleCsv, formatFundingCsv } from '../../../../src/market/feeds/csv-write.ts';
import { createReplayFeed } from '../../../../src/market/feeds/replay.ts';
import { SeriesFeed } from '../../../../src/market/feeds/series-feed.ts';
import type { FeedEvent } from '../../../../src/market/feeds/types.ts';
import { createSyntheticFeed } from '../../../../src/market/synthetic/feed.ts';

const M5 = 300_000;
const H8 = 28_800_000;
const T0 = Date.UTC(2025, 0, 1);
const candle = (i: number, price = 100): Candle => ({
  ts: T0 + i * M5,
  open: price,
  high: price + 1,
  low: price - 1,
  close: price,
  volume: 1,
});

async function collect(events: AsyncIterable<FeedEvent>): Promise<FeedEvent[]> {
  const out: FeedEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const label = (e: FeedEvent): string =>
  e.type === 'funding' ? `${e.symbol}:F@${(e.atMs - T0) / M5}` : `${e.symbol}:${(e.candle.ts - T0) / M5}`;

describe('SeriesFeed', () => {
  it('merges symbols by close time, candles before funding at the same instant', async () => {
    const feed = new SeriesFeed(
      [
        {
          symbol: 'BTCUSDT',
          candles: [candle(95), candle(96), candle(97)],
          funding: [{ ts: T0 + H8, rate: 0.0001 }],
        },
        {
          symbol: 'ETHUSDT',
          candles: [candle(94), candle(95), candle(96)],
          funding: [{ ts: T0 + H8, rate: 0.0002 }],
        },
      ],
      { timeframe: '5m' },
    );
    const events = await collect(feed.events());
    expect(events.map(label)).toEqual([
      'ETHUSDT:94',
      'BTCUSDT:95',
      'ETHUSDT:95',
      'BTCUSDT:F@96',
      'ETHUSDT:F@96',
      'BTCUSDT:96',
      'ETHUSDT:96',
      'BTCUSDT:97',
    ]);
    // the 95 candle closes at 96×5m = 8h, exactly when funding settles: candles first
    expect(events.map(label).indexOf('BTCUSDT:95')).toBeLessThan(events.map(label).indexOf('BTCUSDT:F@96'));
    const times = events.map((e) => e.atMs);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('groups the same events by instant, with the clock at that instant when a batch arrives', async () => {
    const series = [
      {
        symbol: 'BTCUSDT',
        candles: [candle(94), candle(95), candle(96)],
        funding: [{ ts: T0 + H8, rate: 0.0001 }],
      },
      { symbol: 'ETHUSDT', candles: [candle(95), candle(96)], funding: [] },
    ];
    const flat = (await collect(new SeriesFeed(series, { timeframe: '5m' }).events())).map(label);
    const clock = new InstantClock();
    const feed = new SeriesFeed(series, { timeframe: '5m', clock });
    const batches: string[][] = [];
    for await (const batch of feed.eventBatches()) {
      expect(new Set(batch.map((e) => e.atMs)).size).toBe(1);
      expect(clock.now()).toBe(batch[0]?.atMs);
      batches.push(batch.map(label));
    }
    expect(batches).toEqual([
      ['BTCUSDT:94'],
      ['BTCUSDT:95', 'ETHUSDT:95', 'BTCUSDT:F@96'],
      ['BTCUSDT:96', 'ETHUSDT:96'],
    ]);
    expect(batches.flat()).toEqual(flat);
  });

  it('replays only the from/to window and serves earlier candles as history', async () => {
    const candles = Array.from({ length: 10 }, (_, i) => candle(i, 100 + i));
    const feed = new SeriesFeed([{ symbol: 'BTCUSDT', candles, funding: [] }], {
      timeframe: '5m',
      fromMs: T0 + 4 * M5,
      toMs: T0 + 7 * M5,
    });
    expect((await collect(feed.events())).map(label)).toEqual(['BTCUSDT:4', 'BTCUSDT:5', 'BTCUSDT:6']);
    expect((await feed.history('BTCUSDT', 2)).map((c) => c.close)).toEqual([102, 103]);
    expect(await feed.history('BTCUSDT', 100)).toHaveLength(4);
    await expect(feed.history('SOLUSDT', 1)).rejects.toThrow(/SOLUSDT is not in this feed/);
  });

  it('moves an instant clock to each event time and stops when aborted', async () => {
    const clock = new InstantClock(T0);
    const feed = new SeriesFeed(
      [{ symbol: 'BTCUSDT', candles: [candle(0), candle(1), candle(2)], funding: [] }],
      {
        timeframe: '5m',
        clock,
      },
    );
    const controller = new AbortController();
    const seen: number[] = [];
    await expect(async () => {
      for await (const event of feed.events(controller.signal)) {
        seen.push(clock.now());
        if (event.type === 'candle' && event.candle.ts === T0 + M5) controller.abort();
      }
    }).rejects.toThrow();
    expect(seen).toEqual([T0 + M5, T0 + 2 * M5]);
  });
});

describe('ScaledClock', () => {
  it('waits the simulated interval divided by the speed', async () => {
    let wallNow = 1_000;
    const sleeps: number[] = [];
    const wall: WallTime = {
      nowMs: () => wallNow,
      sleep: async (ms) => {
        sleeps.push(ms);
        wallNow += ms;
      },
    };
    const clock = new ScaledClock(T0, 60, wall);
    await clock.waitUntil(T0 + M5);
    expect(sleeps).toEqual([5_000]);
    expect(clock.now()).toBe(T0 + M5);
    await clock.waitUntil(T0); // already past: no wait
    expect(sleeps).toHaveLength(1);
    expect(() => new ScaledClock(T0, 0, wall)).toThrow(/speed/);
  });
});

describe('createReplayFeed', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-replay-'));
  writeFileSync(
    path.join(dir, 'BTCUSDT-5m.csv'),
    formatCandleCsv(Array.from({ length: 200 }, (_, i) => candle(i))),
  );
  writeFileSync(path.join(dir, 'BTCUSDT-funding.csv'), formatFundingCsv([{ ts: T0 + H8, rate: 0.0001 }]));
  writeFileSync(
    path.join(dir, 'ETHUSDT-5m.csv'),
    formatCandleCsv(Array.from({ length: 200 }, (_, i) => candle(i, 3000))),
  );

  it('replays candles and funding from a data folder', async () => {
    const feed = createReplayFeed({ dir, symbols: ['BTCUSDT'], fromMs: T0 + 90 * M5, toMs: T0 + 100 * M5 });
    const events = await collect(feed.events());
    expect(events.filter((e) => e.type === 'candle')).toHaveLength(10);
    expect(events.filter((e) => e.type === 'funding').map((e) => e.atMs)).toEqual([T0 + H8]);
    expect(await feed.history('BTCUSDT', 1000)).toHaveLength(90);
  });

  it('refuses a missing funding file unless told to replay without funding', async () => {
    expect(() => createReplayFeed({ dir, symbols: ['ETHUSDT'] })).toThrow(
      /ETHUSDT-funding\.csv: funding file not found/,
    );
    const feed = createReplayFeed({ dir, symbols: ['ETHUSDT'], funding: 'none' });
    expect((await collect(feed.events())).every((e) => e.type === 'candle')).toBe(true);
  });

  it('names a missing candle file and refuses a window without candles', () => {
    expect(() => createReplayFeed({ dir, symbols: ['SOLUSDT'] })).toThrow(MarketDataError);
    expect(() => createReplayFeed({ dir, symbols: ['BTCUSDT'], fromMs: T0 + 1_000 * M5 })).toThrow(
      /no candles inside/,
    );
  });

  it('refuses a file with bad rows before emitting anything', () => {
    const bad = mkdtempSync(path.join(tmpdir(), 'warden-replay-bad-'));
    writeFileSync(path.join(bad, 'BTCUSDT-5m.csv'), formatCandleCsv([candle(0), candle(2)]));
    expect(() => createReplayFeed({ dir: bad, symbols: ['BTCUSDT'], funding: 'none' })).toThrow(
      /line 3: 1 missing 5m/,
    );
  });
});

describe('createSyntheticFeed', () => {
  it('emits the generated candles after a warm-up history, the same for the same seed', async () => {
    const make = () =>
      createSyntheticFeed({ seed: 21, symbols: ['BTCUSDT', 'ETHUSDT'], candles: 300, warmupCandles: 50 });
    const { feed, markets } = make();
    const history = await feed.history('BTCUSDT', 1_000);
    expect(history).toHaveLength(50);
    const events = await collect(feed.events());
    expect(events.filter((e) => e.type === 'candle')).toHaveLength(600);
    expect(events.find((e) => e.type === 'candle')?.atMs).toBe(T0 + M5);
    expect(markets[0]?.candles.slice(0, 50)).toEqual(history);
    expect(await collect(make().feed.events())).toEqual(events);
  });
});

describe('createReplayFeed funding coverage', () => {
  it('refuses funding that stops more than a day before the replay ends', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-replay-funding-'));
    writeFileSync(
      path.join(dir, 'BTCUSDT-5m.csv'),
      formatCandleCsv(Array.from({ length: 900 }, (_, i) => candle(i))),
    );
    writeFileSync(path.join(dir, 'BTCUSDT-funding.csv'), formatFundingCsv([{ ts: T0 + H8, rate: 0.0001 }]));
    expect(() => createReplayFeed({ dir, symbols: ['BTCUSDT'] })).toThrow(
      /line 2: funding ends .* more than a day before/,
    );
    expect(() => createReplayFeed({ dir, symbols: ['BTCUSDT'], toMs: T0 + 200 * M5 })).not.toThrow();
  });
});
