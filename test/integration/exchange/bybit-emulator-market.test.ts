import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Candle } from '../../../src/domain/index.ts';
import { type EmulatorHandle, startEmulator } from '../../../src/exchange/emulator/index.ts';
import { ExchangeCandleFeed } from '../../../src/market/feeds/exchange.ts';
import type { FeedEvent } from '../../../src/market/feeds/types.ts';
import { eventually } from '../../support/exchange-contract.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';
import { adapterFor, control, signed } from './bybit-harness.ts';

/** Market data a generic client reads: 24 h statistics, forming klines, and what is served empty. */
const MINUTE = 60_000;
const start = Date.UTC(2025, 2, 1);
const candles: Candle[] = Array.from({ length: 1800 }, (_, i) => ({
  ts: start + i * MINUTE,
  open: 50_000 + i,
  high: 50_000 + i + 10 + (i === 1000 ? 1500 : 0),
  low: 50_000 + i - 10 - (i === 200 ? 700 : 0),
  close: 50_000 + i + 1,
  volume: 0.5,
}));
const WARMUP = 1700;

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startEmulator({
    instruments: contractInstruments,
    replay: { BTCUSDT: { candles, timeframe: '1m' } },
    clock: 'stepped',
    warmupCandles: WARMUP,
    enforceRateLimits: false,
  });
});
afterAll(async () => {
  await emulator.close();
});

async function publicGet(path: string, query: Record<string, string>) {
  const response = await fetch(`${emulator.restUrl}${path}?${new URLSearchParams(query)}`);
  // biome-ignore lint/suspicious/noExplicitAny: Bybit answers are read loosely by tests
  const body = (await response.json()) as { retCode: number; retMsg: string; result: any };
  return { status: response.status, body };
}

describe('emulator market data', () => {
  it('computes the 24 h ticker statistics from the replayed candles', async () => {
    const { body } = await publicGet('/v5/market/tickers', { category: 'linear', symbol: 'BTCUSDT' });
    const ticker = body.result.list[0];
    // Released: candles 0..1699; the venue clock is the close of candle 1699.
    const now = start + WARMUP * MINUTE;
    const day = candles.slice(0, WARMUP).filter((c) => c.ts >= now - 24 * 60 * MINUTE);
    const first = day[0] as Candle;
    const mark = Number(ticker.markPrice);
    expect(ticker.prevPrice24h).toBe(String(first.open));
    expect(Number(ticker.highPrice24h)).toBe(Math.max(mark, ...day.map((c) => c.high)));
    expect(Number(ticker.lowPrice24h)).toBe(Math.min(mark, ...day.map((c) => c.low)));
    expect(ticker.volume24h).toBe(String(day.length * 0.5));
    expect(Number(ticker.price24hPcnt)).toBeCloseTo((mark - first.open) / first.open, 6);
    expect(Number(ticker.turnover24h)).toBeGreaterThan(0);
    expect(ticker.openInterestValue).toBe('0');
    // The spike at candle 1000 is inside the window, the dip at candle 200 is not.
    expect(Number(ticker.highPrice24h)).toBe(52_510);
    expect(Number(ticker.lowPrice24h)).toBeGreaterThan(50_000);
  });

  it('pushes the forming kline (confirm false), then the closed one (confirm true), then the next forming', async () => {
    const messages: { topic?: string; data?: { start: number; confirm: boolean }[] }[] = [];
    const socket = new WebSocket(emulator.wsPublicUrl);
    socket.on('message', (data) => messages.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ op: 'subscribe', args: ['kline.1.BTCUSDT', 'kline.5.BTCUSDT'] }));
    await eventually(() =>
      expect(messages.some((m) => (m as { op?: string }).op === 'subscribe')).toBe(true),
    );
    await control(emulator, '/advance', { candles: 5 });
    // One socket keeps order: the last push of the advance is the new forming 5-minute candle.
    await eventually(() =>
      expect(
        messages.some((m) => m.topic === 'kline.5.BTCUSDT' && m.data?.[0]?.start === start + 1705 * MINUTE),
      ).toBe(true),
    );
    const oneMinute = messages
      .filter((m) => m.topic === 'kline.1.BTCUSDT')
      .map((m) => [m.data?.[0]?.start, m.data?.[0]?.confirm]);
    const closeOf = (i: number) => [start + i * MINUTE, true];
    const formingOf = (i: number) => [start + i * MINUTE, false];
    expect(oneMinute).toEqual([
      closeOf(1700),
      formingOf(1701),
      closeOf(1701),
      formingOf(1702),
      closeOf(1702),
      formingOf(1703),
      closeOf(1703),
      formingOf(1704),
      closeOf(1704),
      formingOf(1705),
    ]);
    // A 5-minute candle forms from the 1-minute closes, then closes once its fifth minute has.
    const five = messages
      .filter((m) => m.topic === 'kline.5.BTCUSDT')
      .map((m) => [m.data?.[0]?.start, m.data?.[0]?.confirm]);
    expect(five.at(-2)).toEqual([start + 1700 * MINUTE, true]);
    expect(five.at(-1)).toEqual([start + 1705 * MINUTE, false]);
    expect(
      five.slice(0, -2).every(([ts, confirm]) => ts === start + 1700 * MINUTE && confirm === false),
    ).toBe(true);
    socket.terminate();
  });

  it('serves account info, empty lists for categories it holds nothing in, and Bybit 404/10017 for unknown paths', async () => {
    const info = await signed(emulator, 'GET', '/v5/account/info', {});
    expect(info.body.result).toMatchObject({ unifiedMarginStatus: 5, marginMode: 'REGULAR_MARGIN' });
    const inverse = await signed(emulator, 'GET', '/v5/position/list', {
      category: 'inverse',
      settleCoin: 'BTC',
    });
    expect(inverse.body).toMatchObject({ retCode: 0, result: { list: [], category: 'inverse' } });
    const spot = await publicGet('/v5/market/instruments-info', { category: 'spot' });
    expect(spot.body).toMatchObject({ retCode: 0, result: { list: [], category: 'spot' } });
    const unknown = await publicGet('/v5/market/recent-trade', { category: 'linear', symbol: 'BTCUSDT' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ retCode: 10017, retMsg: 'Route not found.' });
    const wrong = await publicGet('/v5/market/tickers', { category: 'futures' });
    expect(wrong.body.retCode).toBe(10001);
  });
  it('serves a one-level order book at the ticker and the funding history it settles', async () => {
    const { body: tickers } = await publicGet('/v5/market/tickers', {
      category: 'linear',
      symbol: 'BTCUSDT',
    });
    const ticker = tickers.result.list[0];
    const { body: book } = await publicGet('/v5/market/orderbook', { category: 'linear', symbol: 'BTCUSDT' });
    expect(book.result).toMatchObject({
      s: 'BTCUSDT',
      b: [[ticker.bid1Price, ticker.bid1Size]],
      a: [[ticker.ask1Price, ticker.ask1Size]],
    });
    expect(typeof book.result.ts).toBe('number');
    const { body: funding } = await publicGet('/v5/market/funding/history', {
      category: 'linear',
      symbol: 'BTCUSDT',
      limit: '3',
    });
    const rows = funding.result.list as { fundingRate: string; fundingRateTimestamp: string }[];
    const eightHours = 8 * 60 * MINUTE;
    expect(rows.map((r) => Number(r.fundingRateTimestamp))).toEqual(
      [0, 1, 2].map((k) => Math.floor(Number(ticker.nextFundingTime) / eightHours - 1 - k) * eightHours),
    );
    expect(rows.every((r) => r.fundingRate === '0.0001')).toBe(true);
  });
  it("reaches Warden's candle feed as forming events; only closed candles become candles", async () => {
    const feed = new ExchangeCandleFeed({
      source: adapterFor(emulator),
      symbols: ['BTCUSDT'],
      timeframe: '1m',
      // The feed's "now" is the venue's replay clock.
      wall: { nowMs: () => emulator.marketNowMs(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    });
    await feed.history('BTCUSDT', 5);
    const controller = new AbortController();
    const events: FeedEvent[] = [];
    const reading = (async () => {
      for await (const event of feed.events(controller.signal)) events.push(event);
    })().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const firstOpen = (emulator.marketNowMs() - start) / MINUTE;
    for (let i = 0; i < 3; i++) {
      await control(emulator, '/advance', { candles: 1 });
      await eventually(() =>
        expect(
          events.some((e) => e.type === 'candle' && e.candle.ts === start + (firstOpen + i) * MINUTE),
        ).toBe(true),
      );
    }
    controller.abort();
    await reading;
    const closed = events
      .filter((e) => e.type === 'candle')
      .map((e) => (e.type === 'candle' ? e.candle.ts : 0));
    expect(closed.slice(-3)).toEqual([0, 1, 2].map((i) => start + (firstOpen + i) * MINUTE));
    const forming = events.filter((e) => e.type === 'forming');
    expect(forming.length).toBeGreaterThan(0);
    // A forming candle never shows up as a closed one before its close was pushed.
    for (const event of forming) {
      const ts = event.type === 'forming' ? event.candle.ts : 0;
      const closedAt = events.findIndex((e) => e.type === 'candle' && e.candle.ts === ts);
      expect(closedAt === -1 || closedAt > events.indexOf(event)).toBe(true);
    }
  });
});
