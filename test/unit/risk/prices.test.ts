import { describe, expect, it } from 'vitest';
import { gate } from './helpers.ts';

describe('LIMIT entry', () => {
  it.each([
    ['missing', null],
    ['NaN', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
    ['zero', 0],
    ['negative', -50_000],
  ])('refuses a %s entry price — INVALID_ENTRY_PRICE', (_label, entryPrice) => {
    const verdict = gate({ proposal: { entryPrice } });
    expect(verdict.blockedBy).toEqual(['INVALID_ENTRY_PRICE']);
    expect(verdict.order).toBeUndefined();
  });

  it('refuses an entry further than MAX_ENTRY_DEVIATION_PCT from the mark — INVALID_ENTRY_PRICE', () => {
    expect(gate({ proposal: { entryPrice: 49_400 } }).blockedBy).toEqual(['INVALID_ENTRY_PRICE']);
    expect(gate({ proposal: { entryPrice: 50_600 } }).blockedBy).toEqual(['INVALID_ENTRY_PRICE']);
  });

  it('accepts an entry exactly at the deviation limit', () => {
    expect(gate({ proposal: { entryPrice: 49_500, slPct: 0.01 } }).blockedBy).toEqual([]);
  });

  it('never turns a refused LIMIT into a MARKET order, even when market entries are allowed', () => {
    const verdict = gate({ proposal: { entryPrice: null }, limits: { allowMarketEntry: true } });
    expect(verdict.action).toBe('HOLD');
    expect(verdict.order).toBeUndefined();
  });

  it('treats a missing entry type as LIMIT', () => {
    expect(gate({ proposal: { entryType: null } }).order?.type).toBe('LIMIT');
  });

  it('rounds a long LIMIT price down and a short LIMIT price up to the tick', () => {
    expect(gate({ proposal: { entryPrice: 50_000.07 } }).order?.price).toBe(50_000);
    expect(gate({ proposal: { action: 'OPEN_SHORT', entryPrice: 50_000.03 } }).order?.price).toBe(50_000.1);
  });
});

describe('MARKET entry', () => {
  it('refuses a MARKET entry unless ALLOW_MARKET_ENTRY — MARKET_ENTRY_DISABLED', () => {
    expect(gate({ proposal: { entryType: 'MARKET' } }).blockedBy).toEqual(['MARKET_ENTRY_DISABLED']);
  });

  it('sizes an allowed MARKET entry at the mark, with taker fees and slippage on both legs', () => {
    const verdict = gate({
      proposal: { entryType: 'MARKET', entryPrice: null },
      market: { markPrice: 50_000 },
      limits: { allowMarketEntry: true },
    });
    expect(verdict.order).toMatchObject({ type: 'MARKET', price: 50_000, stopLoss: 49_500 });
    // 500 distance + 2 × 50 slippage + 2 × 27.5 taker fees per BTC.
    expect(verdict.order?.qty).toBe(0.00053);
    expect(verdict.order?.riskUsdt).toBeCloseTo(0.00053 * 655, 9);
  });
});

describe('stop loss', () => {
  it('refuses a proposal without a stop — MISSING_STOP_LOSS', () => {
    expect(gate({ proposal: { slPct: null } }).blockedBy).toEqual(['MISSING_STOP_LOSS']);
  });

  it.each([
    ['zero', 0],
    ['negative (the winning side)', -0.01],
    ['NaN', Number.NaN],
    ['100% (a long stop at zero)', 1],
  ])('refuses a %s stop distance — INVALID_STOP_LOSS', (_label, slPct) => {
    expect(gate({ proposal: { slPct } }).blockedBy).toEqual(['INVALID_STOP_LOSS']);
  });

  it('places the stop below entry for a long and above entry for a short', () => {
    expect(gate().order?.stopLoss).toBe(49_500);
    expect(gate({ proposal: { action: 'OPEN_SHORT' } }).order?.stopLoss).toBe(50_500);
  });

  it('rounds the stop toward the entry, so the real distance never exceeds the planned one', () => {
    const long = gate({ proposal: { slPct: 0.010001 } }).order;
    expect(long?.stopLoss).toBe(49_500);
    const short = gate({ proposal: { action: 'OPEN_SHORT', slPct: 0.010001 } }).order;
    expect(short?.stopLoss).toBe(50_500);
  });
});

describe('stop distance', () => {
  it('refuses a stop tighter than MIN_SL_DISTANCE_PCT — SL_TOO_TIGHT', () => {
    expect(gate({ proposal: { slPct: 0.002 } }).blockedBy).toEqual(['SL_TOO_TIGHT']);
  });

  it('refuses a stop wider than MAX_SL_DISTANCE_PCT — SL_TOO_WIDE', () => {
    expect(gate({ proposal: { slPct: 0.03 } }).blockedBy).toEqual(['SL_TOO_WIDE']);
  });

  it('accepts both bounds exactly', () => {
    expect(gate({ proposal: { slPct: 0.0025 } }).blockedBy).toEqual([]);
    expect(gate({ proposal: { slPct: 0.025 } }).blockedBy).toEqual([]);
  });

  it('refuses a stop that rounds onto the entry — SL_TOO_TIGHT', () => {
    const verdict = gate({ proposal: { slPct: 0.000001 }, limits: { minSlDistancePct: 0.0000001 } });
    expect(verdict.blockedBy).toEqual(['SL_TOO_TIGHT']);
  });
});

describe('take profit', () => {
  it('accepts a proposal without take-profit', () => {
    const verdict = gate({ proposal: { tpPct: null } });
    expect(verdict.blockedBy).toEqual([]);
    expect(verdict.order?.takeProfit).toBeNull();
  });

  it('places the take-profit above entry for a long and below for a short', () => {
    expect(gate().order?.takeProfit).toBe(51_000);
    expect(gate({ proposal: { action: 'OPEN_SHORT' } }).order?.takeProfit).toBe(49_000);
  });

  it.each([
    ['on the losing side', -0.02],
    ['zero', 0],
    ['NaN', Number.NaN],
  ])('refuses a take-profit %s — INVALID_TAKE_PROFIT', (_label, tpPct) => {
    expect(gate({ proposal: { tpPct } }).blockedBy).toEqual(['INVALID_TAKE_PROFIT']);
  });

  it('refuses a short take-profit at or below zero — INVALID_TAKE_PROFIT', () => {
    expect(gate({ proposal: { action: 'OPEN_SHORT', tpPct: 1 } }).blockedBy).toEqual(['INVALID_TAKE_PROFIT']);
  });
});

describe('stop and take-profit against the mark', () => {
  it('refuses a long stop at or above the mark (a LIMIT through the mark would be stopped at once) — INVALID_STOP_LOSS', () => {
    const verdict = gate({ proposal: { entryPrice: 50_400, slPct: 0.005 }, market: { markPrice: 50_000 } });
    expect(verdict.blockedBy).toEqual(['INVALID_STOP_LOSS']);
  });

  it('refuses a short stop at or below the mark — INVALID_STOP_LOSS', () => {
    const verdict = gate({
      proposal: { action: 'OPEN_SHORT', entryPrice: 49_600, slPct: 0.005 },
      market: { markPrice: 50_000 },
    });
    expect(verdict.blockedBy).toEqual(['INVALID_STOP_LOSS']);
  });

  it('refuses a take-profit already reached by the mark — INVALID_TAKE_PROFIT', () => {
    const verdict = gate({ proposal: { entryPrice: 49_600, tpPct: 0.005 }, market: { markPrice: 50_000 } });
    expect(verdict.blockedBy).toEqual(['INVALID_TAKE_PROFIT']);
  });
});
