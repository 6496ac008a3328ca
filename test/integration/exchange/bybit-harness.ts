import type { Candle } from '../../../src/domain/index.ts';
import { BybitExchange, type BybitExchangeOptions } from '../../../src/exchange/bybit/index.ts';
import {
  type EmulatorHandle,
  type EmulatorOptions,
  hmacHex,
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

export interface Envelope {
  retCode: number;
  retMsg: string;
  result: Record<string, unknown>;
  retExtInfo: unknown;
  time: number;
}

/** A request signed by hand, the way Bybit documents it — no adapter involved. */
export async function signedRequest(
  emulator: EmulatorHandle,
  method: 'GET' | 'POST',
  path: string,
  params: Record<string, unknown>,
  tamper: { secret?: string; apiKey?: string; timestamp?: number } = {},
): Promise<{ status: number; headers: Headers; body: Envelope }> {
  const credential = emulator.credentials[0] as { apiKey: string; apiSecret: string };
  const apiKey = tamper.apiKey ?? credential.apiKey;
  const timestamp = String(tamper.timestamp ?? Date.now());
  const recvWindow = '5000';
  const query = method === 'GET' ? new URLSearchParams(params as Record<string, string>).toString() : '';
  const body = method === 'POST' ? JSON.stringify(params) : '';
  const sign = hmacHex(
    tamper.secret ?? credential.apiSecret,
    timestamp + apiKey + recvWindow + (method === 'GET' ? query : body),
  );
  const response = await fetch(`${emulator.restUrl}${path}${query ? `?${query}` : ''}`, {
    method,
    headers: {
      'X-BAPI-API-KEY': apiKey,
      'X-BAPI-TIMESTAMP': timestamp,
      'X-BAPI-RECV-WINDOW': recvWindow,
      'X-BAPI-SIGN': sign,
      'Content-Type': 'application/json',
    },
    ...(method === 'POST' ? { body } : {}),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Envelope };
}
