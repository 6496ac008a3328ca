import { describe, expect, it } from 'vitest';
import {
  ExchangeUnavailableError,
  InvalidRequestError,
  OutcomeUnknownError,
  RateLimitedError,
} from '../../../../src/exchange/errors.ts';
import {
  constantFunding,
  PaperExchange,
  type PaperExchangeOptions,
} from '../../../../src/exchange/paper/index.ts';
import type { StreamEvent } from '../../../../src/exchange/port.ts';
import { btc, eth, order, T0 } from './fixtures.ts';

function paper(overrides: Partial<PaperExchangeOptions> = {}) {
  let clock = T0;
  const exchange = new PaperExchange({
    instruments: [btc, eth],
    startBalanceUsdt: 1000,
    slippagePct: 0.001,
    now: () => clock,
    ...overrides,
  });
  exchange.setMarkPrice('BTCUSDT', 50_000);
  return { exchange, advance: (ms: number) => (clock += ms) };
}

const candle = (ts: number, price: number) => ({
  ts,
  open: price,
  high: price + 50,
  low: price - 50,
  close: price,
  volume: 3,
});

describe('PaperExchange', () => {
  it('delivers account events after the call returns, in order, before the caller resumes', async () => {
    const { exchange } = paper();
    const seen: string[] = [];
    await exchange.subscribe({ account: true }, (event) => seen.push(event.type));
    const pending = exchange.placeOrder(order({ price: 49_000 }));
    expect(seen).toEqual([]);
    await pending;
    expect(seen).toEqual(['order']);
    exchange.setMarkPrice('BTCUSDT', 48_900);
    await Promise.resolve();
    expect(seen).toEqual(['order', 'execution', 'order', 'position']);
  });

  it('delivers events synchronously when asked to', async () => {
    const { exchange } = paper({ eventDelivery: 'sync' });
    const seen: string[] = [];
    await exchange.subscribe({ account: true }, (event) => seen.push(event.type));
    void exchange.placeOrder(order({ price: 49_000 }));
    expect(seen).toEqual(['order']);
  });

  it('streams closed candles and tickers only to the subscriptions that asked for them', async () => {
    const { exchange } = paper({ eventDelivery: 'sync', candleTimeframe: '5m' });
    const btcCandles: StreamEvent[] = [];
    const ethTickers: StreamEvent[] = [];
    await exchange.subscribe({ candles: { symbols: ['BTCUSDT'], timeframe: '5m' } }, (e) =>
      btcCandles.push(e),
    );
    await exchange.subscribe({ tickers: ['ETHUSDT'] }, (e) => ethTickers.push(e));
    exchange.onCandle('BTCUSDT', candle(T0, 50_000));
    exchange.onCandle('BTCUSDT', candle(T0 + 60_000, 50_010), '1m');
    exchange.onCandle('ETHUSDT', candle(T0, 3_000));
    expect(btcCandles).toEqual([
      { type: 'candle', symbol: 'BTCUSDT', timeframe: '5m', candle: candle(T0, 50_000), closed: true },
    ]);
    expect(ethTickers).toHaveLength(1);
    expect(ethTickers[0]).toMatchObject({ type: 'ticker', ticker: { symbol: 'ETHUSDT', markPrice: 3_000 } });
  });

  it('serves the candles it was fed as klines, oldest first, within the requested range and limit', async () => {
    const { exchange } = paper();
    for (let i = 0; i < 5; i++) exchange.onCandle('ETHUSDT', candle(T0 + i * 60_000, 3_000 + i), '1m');
    const klines = await exchange.getKlines({
      symbol: 'ETHUSDT',
      timeframe: '1m',
      startMs: T0 + 60_000,
      limit: 3,
    });
    expect(klines.map((k) => k.close)).toEqual([3_002, 3_003, 3_004]);
    await expect(
      exchange.getKlines({ symbol: 'ETHUSDT', timeframe: '1m', limit: 1001 }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('answers a ticker with the mark, the next funding time and the funding rate it knows', async () => {
    const { exchange } = paper({ funding: constantFunding(0.0001) });
    const ticker = await exchange.getTicker('BTCUSDT');
    expect(ticker).toMatchObject({ lastPrice: 50_000, markPrice: 50_000, fundingRate: 0.0001 });
    expect((ticker.nextFundingTimeMs as number) % (8 * 3_600_000)).toBe(0);
    await expect(exchange.getTicker('ETHUSDT')).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('refuses exactly the next N calls with RateLimitedError carrying the retry delay', async () => {
    const { exchange } = paper();
    exchange.faults.rateLimitNext(2, 750);
    const first = await exchange.getWallet().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(RateLimitedError);
    expect((first as RateLimitedError).retryAfterMs).toBe(750);
    expect((first as RateLimitedError).venueCode).toBe(10006);
    await expect(exchange.placeOrder(order())).rejects.toBeInstanceOf(RateLimitedError);
    expect(await exchange.getOpenOrders()).toHaveLength(0);
  });

  it('accepts the order but answers OutcomeUnknownError when a timeout is injected, once', async () => {
    const { exchange } = paper();
    exchange.faults.acceptThenTimeoutNext();
    await expect(exchange.placeOrder(order({ clientOrderId: 'lost-answer' }))).rejects.toBeInstanceOf(
      OutcomeUnknownError,
    );
    expect(await exchange.getOrder({ symbol: 'BTCUSDT', clientOrderId: 'lost-answer' })).toMatchObject({
      status: 'NEW',
    });
    await expect(exchange.placeOrder(order({ clientOrderId: 'answered' }))).resolves.toMatchObject({
      clientOrderId: 'answered',
    });
  });

  it('loses the events of a stream outage between disconnected and reconnected, like a real drop', async () => {
    const { exchange } = paper();
    const seen: StreamEvent[] = [];
    await exchange.subscribe({ account: true, tickers: ['BTCUSDT'] }, (event) => seen.push(event));
    const outage = exchange.faults.dropStreams(20);
    await exchange.placeOrder(order({ clientOrderId: 'during-outage' }));
    await outage;
    await exchange.placeOrder(order({ clientOrderId: 'after-outage' }));
    await Promise.resolve();
    const summary = seen.map((e) => (e.type === 'order' ? `order:${e.order.clientOrderId}` : `${e.type}`));
    expect(summary).toEqual([
      'disconnected',
      'disconnected',
      'reconnected',
      'reconnected',
      'order:after-outage',
    ]);
    expect(await exchange.getOrder({ symbol: 'BTCUSDT', clientOrderId: 'during-outage' })).not.toBeNull();
  });

  it('keeps closed orders and executions queryable, filtered by time', async () => {
    const { exchange, advance } = paper();
    const placed = await exchange.placeOrder(order({ price: 49_000 }));
    advance(1000);
    exchange.setMarkPrice('BTCUSDT', 48_000);
    const fills = await exchange.getExecutions('BTCUSDT', T0 + 500);
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ orderId: placed.orderId, realisedPnlUsdt: 0 });
    expect(await exchange.getExecutions('BTCUSDT', T0 + 5000)).toHaveLength(0);
    expect(await exchange.getOrder({ symbol: 'BTCUSDT', orderId: placed.orderId })).toMatchObject({
      status: 'FILLED',
    });
  });

  it('is one-way only, reports a trade-only key, and refuses calls once closed', async () => {
    const { exchange } = paper();
    expect(await exchange.getPositionMode('BTCUSDT')).toBe('ONE_WAY');
    await expect(exchange.setPositionMode('BTCUSDT', 'HEDGE')).rejects.toBeInstanceOf(InvalidRequestError);
    expect(await exchange.getApiKeyInfo()).toMatchObject({ canWithdraw: false, canTrade: true });
    await exchange.close();
    await expect(exchange.getWallet()).rejects.toBeInstanceOf(ExchangeUnavailableError);
  });
});

describe('PaperExchange fault hooks and listeners', () => {
  it('turns partial fills on and off at run time', async () => {
    const { exchange } = paper();
    exchange.faults.partialFills(0.003);
    const placed = await exchange.placeOrder(order({ price: 49_000, qty: 0.01 }));
    exchange.setMarkPrice('BTCUSDT', 48_900);
    expect(await exchange.getOrder({ symbol: 'BTCUSDT', orderId: placed.orderId })).toMatchObject({
      status: 'PARTIALLY_FILLED',
      filledQty: 0.003,
    });
    exchange.faults.partialFills(null);
    exchange.setMarkPrice('BTCUSDT', 48_800);
    expect((await exchange.getOrder({ symbol: 'BTCUSDT', orderId: placed.orderId }))?.status).toBe('FILLED');
  });

  it('delivers to every listener even when one throws, then surfaces the error', () => {
    const { exchange } = paper({ eventDelivery: 'sync' });
    const seen: string[] = [];
    void exchange.subscribe({ tickers: ['BTCUSDT'] }, () => {
      throw new Error('listener bug');
    });
    void exchange.subscribe({ tickers: ['BTCUSDT'] }, (event) => seen.push(event.type));
    return Promise.resolve().then(() => {
      expect(() => exchange.setMarkPrice('BTCUSDT', 50_100)).toThrow('listener bug');
      expect(seen).toEqual(['ticker']);
    });
  });
});
