import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { FaultState } from '../../../../src/exchange/emulator/faults.ts';
import {
  checkLegSides,
  checkMinNotional,
  checkPrice,
  checkQty,
  Refusal,
} from '../../../../src/exchange/emulator/validation.ts';
import { contractInstruments } from '../../../support/exchange-harness.ts';

const btc = contractInstruments[0] as (typeof contractInstruments)[number];

function refusal(fn: () => unknown): { retCode: number; retMsg: string } | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof Refusal) return { retCode: error.retCode, retMsg: error.retMsg };
    throw error;
  }
}

describe('emulator venue rules', () => {
  it('checks qty against step, minimum and the per-type maximum', () => {
    expect(refusal(() => checkQty('0.002', btc, 'LIMIT'))).toBeNull();
    expect(refusal(() => checkQty('0.0015', btc, 'LIMIT'))).toEqual({
      retCode: 10001,
      retMsg: 'Qty invalid',
    });
    expect(refusal(() => checkQty('abc', btc, 'LIMIT'))?.retCode).toBe(10001);
    expect(refusal(() => checkQty('600', btc, 'MARKET'))?.retMsg).toBe(
      'The number of contracts exceeds maximum limit allowed: too large, order_qty:60000000000 > max_qty:50000000000',
    );
    expect(refusal(() => checkQty('600', btc, 'LIMIT'))).toBeNull();
  });

  it('refuses an off-tick price with 110003', () => {
    expect(refusal(() => checkPrice('50000.1', btc, 'price'))).toBeNull();
    expect(refusal(() => checkPrice('50000.15', btc, 'price'))).toEqual({
      retCode: 110003,
      retMsg: 'price is invalid',
    });
  });

  it('refuses a notional under the minimum with 110094', () => {
    expect(refusal(() => checkMinNotional(new Decimal('0.001'), 4000, btc))).toEqual({
      retCode: 110094,
      retMsg: 'Order does not meet minimum order value 5USDT',
    });
  });

  it('words a take-profit on the wrong side as Bybit does, prices scaled by 1e8', () => {
    expect(refusal(() => checkLegSides('BUY', 87080, null, new Decimal(86810)))).toEqual({
      retCode: 10001,
      retMsg: 'TakeProfit:8681000000000 set for Buy position should be higher than base_price:8708000000000',
    });
  });
});

describe('emulator faults', () => {
  it('uses up counted faults one matching request at a time', () => {
    const faults = new FaultState();
    faults.set({ rateLimit: { count: 2, path: '/v5/order/create' } });
    expect(faults.take('rateLimit', '/v5/order/cancel')).toBeNull();
    expect(faults.take('rateLimit', '/v5/order/create')).toMatchObject({ retryAfterMs: 200 });
    expect(faults.take('rateLimit', '/v5/order/create')).not.toBeNull();
    expect(faults.take('rateLimit', '/v5/order/create')).toBeNull();
  });

  it('refuses an unknown fault instead of ignoring it', () => {
    expect(() => new FaultState().set({ meteorStrike: true })).toThrow();
  });
});
