import { describe, expect, it } from 'vitest';
import { refusalFrom } from '../../../../src/exchange/emulator/errors-to-venue.ts';
import { FaultState } from '../../../../src/exchange/emulator/faults.ts';
import { requireDecimal } from '../../../../src/exchange/emulator/validation.ts';
import * as paper from '../../../../src/exchange/paper/rules.ts';
import { contractInstruments } from '../../../support/exchange-harness.ts';

const btc = contractInstruments[0] as (typeof contractInstruments)[number];

/** The venue rules' verdict (applied by the paper exchange) as the emulator answers it on the wire. */
function wire(fn: () => unknown): { retCode: number; retMsg: string } | null {
  try {
    fn();
    return null;
  } catch (error) {
    const refusal = refusalFrom(error);
    return { retCode: refusal.retCode, retMsg: refusal.retMsg };
  }
}

const qty = (text: string) => requireDecimal({ qty: text }, 'qty');

describe('emulator venue rules', () => {
  it('checks qty against step, minimum and the per-type maximum', () => {
    expect(wire(() => paper.checkQty(btc, qty('0.002'), 'LIMIT'))).toBeNull();
    expect(wire(() => paper.checkQty(btc, qty('0.0015'), 'LIMIT'))).toEqual({
      retCode: 10001,
      retMsg: 'Qty invalid',
    });
    expect(wire(() => paper.checkQty(btc, qty('abc'), 'LIMIT'))?.retCode).toBe(10001);
    expect(wire(() => paper.checkQty(btc, qty('0x10'), 'LIMIT'))?.retCode).toBe(10001);
    expect(wire(() => paper.checkQty(btc, qty('600'), 'MARKET'))?.retMsg).toBe(
      'The number of contracts exceeds maximum limit allowed: too large, order_qty:60000000000 > max_qty:50000000000',
    );
    expect(wire(() => paper.checkQty(btc, qty('600'), 'LIMIT'))).toBeNull();
  });

  it('refuses an off-tick price with 110003', () => {
    expect(wire(() => paper.checkPrice(btc, 50000.1, 'price'))).toBeNull();
    expect(wire(() => paper.checkPrice(btc, 50000.15, 'price'))).toEqual({
      retCode: 110003,
      retMsg: 'price is invalid',
    });
  });

  it('refuses a notional under the minimum with 110094', () => {
    expect(wire(() => paper.checkNotional(btc, 0.001, 4000))).toEqual({
      retCode: 110094,
      retMsg: 'Order does not meet minimum order value 5USDT',
    });
  });

  it('words a take-profit on the wrong side as Bybit does, prices scaled by 1e8', () => {
    expect(wire(() => paper.checkStopSides('BUY', 87080, null, 86810))).toEqual({
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
