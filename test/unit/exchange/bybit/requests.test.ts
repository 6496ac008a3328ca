import { describe, expect, it } from 'vitest';
import {
  assertLiveKeyAllowed,
  liveKeyProblems,
  UnsafeApiKeyError,
} from '../../../../src/exchange/bybit/key-check.ts';
import { apiKeyInfoFromVenue } from '../../../../src/exchange/bybit/mapper.ts';
import {
  amendOrderBody,
  createOrderBody,
  tradingStopBody,
  venueNumber,
} from '../../../../src/exchange/bybit/requests.ts';
import { InvalidRequestError } from '../../../../src/exchange/errors.ts';
import { fixture } from './fixtures.ts';

describe('request bodies sent to Bybit', () => {
  it('always sends positionIdx 0, tpslMode Full and mark-price triggers on a create', () => {
    const body = createOrderBody({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      qty: 0.001,
      price: 50000.1,
      clientOrderId: 'w-1700000000000-BTCUSDT-entry',
      stopLoss: 49500,
      takeProfit: 52000,
    });
    expect(body).toEqual({
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.001',
      price: '50000.1',
      timeInForce: 'GTC',
      positionIdx: 0,
      orderLinkId: 'w-1700000000000-BTCUSDT-entry',
      reduceOnly: false,
      tpslMode: 'Full',
      stopLoss: '49500',
      slTriggerBy: 'MarkPrice',
      takeProfit: '52000',
      tpTriggerBy: 'MarkPrice',
    });
  });

  it('sends market orders as IOC without a price', () => {
    const body = createOrderBody({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      qty: 0.002,
      clientOrderId: 'c',
      reduceOnly: true,
    });
    expect(body).toMatchObject({ orderType: 'Market', timeInForce: 'IOC', reduceOnly: true });
    expect(body).not.toHaveProperty('price');
  });

  it('refuses a client id Bybit would refuse, before sending', () => {
    const base = { symbol: 'BTCUSDT', side: 'BUY' as const, type: 'MARKET' as const, qty: 1 };
    expect(() => createOrderBody({ ...base, clientOrderId: 'x'.repeat(37) })).toThrow(InvalidRequestError);
    expect(() => createOrderBody({ ...base, clientOrderId: 'has space' })).toThrow(InvalidRequestError);
    expect(() => createOrderBody({ ...base, clientOrderId: '' })).toThrow(InvalidRequestError);
    expect(() => createOrderBody({ ...base, clientOrderId: 'A-z_09'.padEnd(36, 'x') })).not.toThrow();
  });

  it('refuses a LIMIT without price and a non-positive quantity', () => {
    expect(() =>
      createOrderBody({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', qty: 1, clientOrderId: 'a' }),
    ).toThrow(/needs a price/);
    expect(() =>
      createOrderBody({ symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', qty: 0, clientOrderId: 'a' }),
    ).toThrow(/qty must be above 0/);
  });

  it('writes small numbers without exponent notation', () => {
    expect(venueNumber(1e-7, 'qty')).toBe('0.0000001');
    expect(venueNumber(0.1 + 0.2, 'price')).toBe('0.30000000000000004');
  });

  it('sends "0" to remove a leg on amend and trading-stop', () => {
    expect(amendOrderBody({ symbol: 'BTCUSDT', clientOrderId: 'a', stopLoss: 0 })).toMatchObject({
      orderLinkId: 'a',
      stopLoss: '0',
      tpslMode: 'Full',
    });
    expect(tradingStopBody({ symbol: 'BTCUSDT', stopLoss: 49900, trailingStop: 0 })).toEqual({
      category: 'linear',
      symbol: 'BTCUSDT',
      tpslMode: 'Full',
      positionIdx: 0,
      stopLoss: '49900',
      slTriggerBy: 'MarkPrice',
      trailingStop: '0',
    });
  });

  it('refuses an amend or trading stop that changes nothing', () => {
    expect(() => amendOrderBody({ symbol: 'BTCUSDT', orderId: '1' })).toThrow(/nothing to change/);
    expect(() => tradingStopBody({ symbol: 'BTCUSDT' })).toThrow(/nothing to set/);
  });
});

describe('live-mode key check', () => {
  it('reports a withdraw-capable key and refuses it', () => {
    const info = apiKeyInfoFromVenue(fixture('query-api-withdraw.json').result);
    expect(liveKeyProblems(info)).toEqual([expect.stringContaining('can withdraw funds')]);
    expect(() => assertLiveKeyAllowed(info)).toThrow(UnsafeApiKeyError);
  });

  it('accepts a trade-only key', () => {
    const info = apiKeyInfoFromVenue(fixture('query-api-trade-only.json').result);
    expect(liveKeyProblems(info)).toEqual([]);
    expect(() => assertLiveKeyAllowed(info)).not.toThrow();
  });

  it('refuses a read-only key for trading', () => {
    const info = apiKeyInfoFromVenue({ ...fixture('query-api-trade-only.json').result, readOnly: 1 });
    expect(liveKeyProblems(info)).toEqual([expect.stringContaining('read-only')]);
  });
});
