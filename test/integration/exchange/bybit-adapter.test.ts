import { afterEach, describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/domain/index.ts';
import { liveKeyProblems, PositionModeError } from '../../../src/exchange/bybit/index.ts';
import {
  type EmulatorHandle,
  type EmulatorOptions,
  startEmulator,
} from '../../../src/exchange/emulator/index.ts';
import {
  AuthenticationError,
  ExchangeUnavailableError,
  InvalidRequestError,
  RateLimitedError,
} from '../../../src/exchange/errors.ts';
import type { StreamEvent } from '../../../src/exchange/port.ts';
import { eventually } from '../../support/exchange-contract.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';
import { adapterFor, control } from './bybit-harness.ts';

const open: EmulatorHandle[] = [];
async function emulatorWith(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const emulator = await startEmulator({
    instruments: contractInstruments,
    clock: 'wall',
    enforceRateLimits: false,
    ...options,
  });
  open.push(emulator);
  await control(emulator, '/price', { symbol: 'BTCUSDT', price: 50_000 });
  return emulator;
}
afterEach(async () => {
  for (const emulator of open.splice(0)) await emulator.close();
});

const limitBuy = (clientOrderId: string, price = 49_000, qty = 0.001) => ({
  symbol: 'BTCUSDT',
  side: 'BUY' as const,
  type: 'LIMIT' as const,
  qty,
  price,
  clientOrderId,
});

describe('Bybit adapter against the emulator', () => {
  it('syncs to the venue clock so signatures pass even when the machine clock is 30 s off', async () => {
    const emulator = await emulatorWith({ serverClockSkewMs: -30_000 });
    const exchange = adapterFor(emulator);
    const wallet = await exchange.getWallet();
    expect(wallet.walletBalanceUsdt).toBe(100);
    expect(exchange.serverTimeOffsetMs).toBeLessThan(-29_000);
    expect(exchange.serverTimeOffsetMs).toBeGreaterThan(-31_000);
  });

  it('refuses to start in hedge mode unless switching is allowed, then switches to one-way', async () => {
    const emulator = await emulatorWith({ hedgeModeSymbols: ['ETHUSDT'] });
    const exchange = adapterFor(emulator);
    await expect(exchange.ensureOneWayMode(['BTCUSDT', 'ETHUSDT'], { allowSwitch: false })).rejects.toThrow(
      /ETHUSDT is in hedge mode on Bybit; Warden needs one-way mode/,
    );
    await expect(exchange.ensureOneWayMode(['ETHUSDT'], { allowSwitch: false })).rejects.toBeInstanceOf(
      PositionModeError,
    );
    await exchange.ensureOneWayMode(['BTCUSDT', 'ETHUSDT'], { allowSwitch: true });
    expect(await exchange.getPositionMode('ETHUSDT')).toBe('ONE_WAY');
  });

  it('reports a withdraw-capable key so live mode can refuse it', async () => {
    const emulator = await emulatorWith({
      credentials: [
        {
          apiKey: 'withdrawkey',
          apiSecret: 'withdrawsecret',
          permissions: { ContractTrade: ['Order', 'Position'], Wallet: ['AccountTransfer', 'Withdraw'] },
        },
      ],
    });
    const info = await adapterFor(emulator).getApiKeyInfo();
    expect(info.canWithdraw).toBe(true);
    expect(liveKeyProblems(info)).toEqual([expect.stringContaining('can withdraw funds')]);
  });

  it('never puts the API secret or key in an error message', async () => {
    const emulator = await emulatorWith();
    const credential = emulator.credentials[0] as { apiKey: string; apiSecret: string };
    const wrongSecret = 'wrong-secret-0123456789abcdef';
    const exchange = adapterFor(emulator, { apiSecret: wrongSecret });
    const error = await exchange.placeOrder(limitBuy('leak-check')).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error?.message).toContain('signature');
    expect(error?.message).not.toContain(wrongSecret);
    expect(error?.message).not.toContain(credential.apiSecret);
    expect(error?.message).not.toContain(credential.apiKey);
    expect(String(error?.stack)).not.toContain(wrongSecret);
  });

  it('waits out a 10006 using the reset header and succeeds within its retry budget', async () => {
    const emulator = await emulatorWith();
    const exchange = adapterFor(emulator);
    await exchange.getServerTimeMs();
    await control(emulator, '/faults', {
      rateLimit: { count: 2, path: '/v5/order/create', retryAfterMs: 150 },
    });
    const started = Date.now();
    await exchange.placeOrder(limitBuy('after-backoff'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await exchange.getOrder({ symbol: 'BTCUSDT', clientOrderId: 'after-backoff' }))?.status).toBe(
      'NEW',
    );
  });

  it('gives up with RateLimitedError when the limit outlasts the retries', async () => {
    const emulator = await emulatorWith();
    const exchange = adapterFor(emulator, { maxRateLimitRetries: 1 });
    await exchange.getServerTimeMs();
    await control(emulator, '/faults', {
      rateLimit: { count: 5, path: '/v5/order/create', retryAfterMs: 50 },
    });
    await expect(exchange.placeOrder(limitBuy('limited'))).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('treats a 5xx as unavailable: nothing was executed', async () => {
    const emulator = await emulatorWith();
    const exchange = adapterFor(emulator);
    await control(emulator, '/faults', { serverError: { count: 1, path: '/v5/order/create', status: 503 } });
    await expect(exchange.placeOrder(limitBuy('on-503'))).rejects.toBeInstanceOf(ExchangeUnavailableError);
    expect(await exchange.getOrder({ symbol: 'BTCUSDT', clientOrderId: 'on-503' })).toBeNull();
  });

  it('surfaces a refused trading stop as an invalid request with the venue reason', async () => {
    const emulator = await emulatorWith();
    const exchange = adapterFor(emulator);
    await exchange.placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      qty: 0.001,
      clientOrderId: 'entry',
    });
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: 50_010 });
    await eventually(async () => expect(await exchange.getPositions('BTCUSDT')).toHaveLength(1));
    await control(emulator, '/faults', { rejectTradingStop: { count: 1 } });
    const error = await exchange.setTradingStop({ symbol: 'BTCUSDT', stopLoss: 49_000 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).reason).toContain('trading stop refused');
    await exchange.setTradingStop({ symbol: 'BTCUSDT', stopLoss: 49_000 });
    expect((await exchange.getPositions('BTCUSDT'))[0]?.stopLoss).toBe(49_000);
  });

  it('fills a LIMIT in parts when the venue is set to partial fills', async () => {
    const emulator = await emulatorWith({ partialFillQtyPerEvent: 0.001 });
    const exchange = adapterFor(emulator);
    await exchange.placeOrder(limitBuy('partial', 49_000, 0.003));
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: 48_900 });
    const order = await exchange.getOrder({ symbol: 'BTCUSDT', clientOrderId: 'partial' });
    expect(order).toMatchObject({ status: 'PARTIALLY_FILLED', filledQty: 0.001 });
  });

  it('streams closed candles and tickers from the public stream', async () => {
    const emulator = await emulatorWith();
    const exchange = adapterFor(emulator);
    const events: StreamEvent[] = [];
    const stop = await exchange.subscribe(
      { candles: { symbols: ['BTCUSDT'], timeframe: '1m' }, tickers: ['BTCUSDT'] },
      (e) => events.push(e),
    );
    const ts = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
    const candle: Candle = { ts, open: 50_000, high: 50_100, low: 49_900, close: 50_050, volume: 3 };
    await control(emulator, '/candle', { symbol: 'BTCUSDT', candle, timeframe: '1m' });
    await eventually(() =>
      expect(events).toContainEqual({
        type: 'candle',
        symbol: 'BTCUSDT',
        timeframe: '1m',
        candle,
        closed: true,
      }),
    );
    await eventually(() =>
      expect(events.some((e) => e.type === 'ticker' && e.ticker.markPrice === 50_050)).toBe(true),
    );
    await stop();
  });

  it('detects a stalled private stream by its heartbeat and reports it reconnected', async () => {
    const emulator = await emulatorWith();
    const exchange = adapterFor(emulator);
    const events: StreamEvent[] = [];
    const stop = await exchange.subscribe({ account: true }, (e) => events.push(e));
    await control(emulator, '/streams', { action: 'stall', stream: 'private' });
    await eventually(
      () => expect(events.some((e) => e.type === 'reconnected' && e.stream === 'private')).toBe(true),
      8000,
    );
    await exchange.placeOrder(limitBuy('after-stall'));
    await eventually(() =>
      expect(events.some((e) => e.type === 'order' && e.order.clientOrderId === 'after-stall')).toBe(true),
    );
    await stop();
  });
});

describe('Bybit adapter klines against a replaying emulator', () => {
  it('returns closed and forming candles oldest first, aggregated from the replay', async () => {
    const start = Date.UTC(2025, 0, 1);
    const candles: Candle[] = Array.from({ length: 300 }, (_, i) => ({
      ts: start + i * 60_000,
      open: 100 + i,
      high: 101 + i,
      low: 99 + i,
      close: 100.5 + i,
      volume: 1,
    }));
    const emulator = await startEmulator({
      instruments: contractInstruments,
      replay: { BTCUSDT: { candles, timeframe: '1m' } },
      clock: 'stepped',
      warmupCandles: 100,
    });
    open.push(emulator);
    const exchange = adapterFor(emulator);
    const oneMinute = await exchange.getKlines({ symbol: 'BTCUSDT', timeframe: '1m', limit: 1000 });
    expect(oneMinute).toHaveLength(101);
    expect(oneMinute[0]).toEqual(candles[0]);
    expect(oneMinute[99]).toEqual(candles[99]);
    expect(oneMinute[100]?.ts).toBe(start + 100 * 60_000);
    expect(oneMinute[100]?.volume).toBe(0);

    await control(emulator, '/advance', { candles: 5 });
    const fiveMinutes = await exchange.getKlines({
      symbol: 'BTCUSDT',
      timeframe: '5m',
      startMs: start,
      limit: 3,
    });
    expect(fiveMinutes.map((c) => c.ts)).toEqual([
      start + 95 * 60_000,
      start + 100 * 60_000,
      start + 105 * 60_000,
    ]);
    expect(fiveMinutes[1]).toEqual({
      ts: start + 100 * 60_000,
      open: 200,
      high: 205,
      low: 199,
      close: 204.5,
      volume: 5,
    });
    expect(fiveMinutes[2]).toMatchObject({ open: 204.5, close: 204.5, volume: 0 });
  });
});

describe('Bybit adapter executions', () => {
  it('walks an old sinceMs forward in 7-day windows and returns fills oldest first', async () => {
    const emulator = await startEmulator({
      instruments: contractInstruments,
      clock: 'wall',
      enforceRateLimits: false,
    });
    open.push(emulator);
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: 50_000 });
    const exchange = adapterFor(emulator);
    await exchange.placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      qty: 0.001,
      clientOrderId: 'fill-1',
    });
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: 50_010 });
    await exchange.placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      qty: 0.002,
      clientOrderId: 'fill-2',
    });
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: 50_020 });
    const fills = await exchange.getExecutions('BTCUSDT', Date.now() - 30 * 86_400_000);
    expect(fills.map((f) => f.clientOrderId)).toEqual(['fill-1', 'fill-2']);
    expect(fills[1]).toMatchObject({ qty: 0.002, isMaker: false, kind: 'TRADE', closedQty: 0 });
    expect(fills[1]?.feeUsdt).toBeGreaterThan(0);
  });
});
