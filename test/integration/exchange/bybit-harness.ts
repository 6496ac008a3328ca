import type { Candle } from '../../../src/domain/index.ts';
import { BybitExchange, type BybitExchangeOptions } from '../../../src/exchange/bybit/index.ts';
import {
  type EmulatorHandle,
  type EmulatorOptions,
  startEmulator,
} from '../../../src/exchange/emulator/index.ts';
import { contractInstruments, type ExchangeHarness } from '../../support/exchange-harness.ts';

/** POSTs to the emulator's control API and fails loudly on a refusal. */
export async function control(
  emulator: EmulatorHandle,
  path: string,
  body: unknown,
  method = 'POST',
): Promise<unknown> {
  const response = await fetch(`${emulator.controlUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'GET' ? null : JSON.stringify(body),
  });
  const answer = (await response.json()) as { error?: string };
  if (!response.ok) throw new Error(`emulator control ${path}: ${answer.error ?? response.status}`);
  return answer;
}

export function adapterFor(
  emulator: EmulatorHandle,
  overrides: Partial<BybitExchangeOptions> = {},
): BybitExchange {
  const credential = emulator.credentials[0];
  if (!credential) throw new Error('emulator has no credentials');
  return new BybitExchange({
    environment: 'testnet',
    apiKey: credential.apiKey,
    apiSecret: credential.apiSecret,
    endpoints: {
      restUrl: emulator.restUrl,
      wsPublicUrl: emulator.wsPublicUrl,
      wsPrivateUrl: emulator.wsPrivateUrl,
    },
    requestTimeoutMs: 2500,
    maxRateLimitWaitMs: 1000,
    stream: { pingIntervalMs: 500, pongTimeoutMs: 1500, reconnectDelayMs: 100, subscribeTimeoutMs: 3000 },
    ...overrides,
  });
}

/** The Bybit adapter talking over loopback to a fresh emulator; the market moves through the control API. */
export async function createBybitHarness(
  options: EmulatorOptions = {},
): Promise<ExchangeHarness & { emulator: EmulatorHandle }> {
  const emulator = await startEmulator({
    instruments: contractInstruments,
    startBalanceUsdt: 1000,
    clock: 'wall',
    enforceRateLimits: false,
    ...options,
  });
  const exchange = adapterFor(emulator);
  return {
    emulator,
    exchange,
    symbols: contractInstruments.map((rules) => rules.symbol),
    basePrice: 50_000,
    async setPrice(symbol, price) {
      await control(emulator, '/price', { symbol, price });
    },
    async pushCandle(symbol: string, candle: Candle) {
      await control(emulator, '/candle', { symbol, candle, timeframe: '1m' });
    },
    faults: {
      async rateLimitNext(count) {
        if (count === 0) await control(emulator, '/faults', null, 'DELETE');
        else await control(emulator, '/faults', { rateLimit: { count, retryAfterMs: 100 } });
      },
      async acceptThenTimeoutNext() {
        await control(emulator, '/faults', {
          lateAnswer: { count: 1, path: '/v5/order/create', delayMs: 3000 },
        });
      },
      async dropStreams() {
        await control(emulator, '/streams', { action: 'drop', stream: 'all' });
      },
    },
    async close() {
      await exchange.close();
      await emulator.close();
    },
  };
}
