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

describe('a LIMIT that crosses the book is a MARKET order in disguise', () => {
  it('refuses a buy above the mark while MARKET entries are disabled — INVALID_ENTRY_PRICE, with the reason', () => {
    const verdict = gate({ proposal: { entryPrice: 50_300 }, market: { markPrice: 50_000 } });
    expect(verdict.blockedBy).toEqual(['INVALID_ENTRY_PRICE']);
    expect(verdict.detail).toMatch(/LIMIT buy at 50300 crosses the mark 50000.*ALLOW_MARKET_ENTRY=false/);
  });

  it('refuses a sell at or below the best bid even when it is above the mark', () => {
    const verdict = gate({
      proposal: { action: 'OPEN_SHORT', entryPrice: 50_010 },
      market: { markPrice: 50_000, bestBid: 50_020, bestAsk: 50_021 },
    });
    expect(verdict.blockedBy).toEqual(['INVALID_ENTRY_PRICE']);
    expect(verdict.detail).toMatch(/crosses the best bid 50020/);
  });

  it('refuses a buy at the best ask, accepts one a tick under it', () => {
    const market = { markPrice: 50_000, bestBid: 49_999, bestAsk: 50_000 };
    expect(gate({ proposal: { entryPrice: 50_000 }, market }).blockedBy).toEqual(['INVALID_ENTRY_PRICE']);
    const resting = gate({ proposal: { entryPrice: 49_999.9 }, market });
    expect(resting.blockedBy).toEqual([]);
    expect(resting.order?.fillPrice).toBe(49_999.9);
  });

  it('without a known book, a buy at the mark rests (the mark is no trade)', () => {
    const verdict = gate({ proposal: { entryPrice: 50_000 }, market: { markPrice: 50_000 } });
    expect(verdict.blockedBy).toEqual([]);
    expect(verdict.order).toMatchObject({ price: 50_000, fillPrice: 50_000 });
  });

  it('with MARKET entries allowed, prices it at the touch: stop, take-profit, size and risk from the fill', () => {
    const verdict = gate({
      proposal: { entryPrice: 50_300, slPct: 0.0075, tpPct: 0.01 },
      market: { markPrice: 50_000, bestBid: 50_049.9, bestAsk: 50_050 },
      limits: { allowMarketEntry: true },
    });
    expect(verdict.blockedBy).toEqual([]);
    const order = verdict.order!;
    expect(order.type).toBe('LIMIT');
    expect(order.price).toBe(50_300);
    expect(order.fillPrice).toBe(50_050);
    // The stop is 0.75 % under the real fill, not under the limit (which would leave 0.15 %).
    expect(order.stopLoss).toBe(49_674.7);
    expect(order.takeProfit).toBe(50_550.5);
    // Taker on entry; slippage allowance on the stop only (it is a LIMIT); per unit from the fill.
    const slip = 50_050 * 0.001;
    const perUnit = 50_050 - 49_674.7 + slip + 50_050 * 0.00055 + 50_050 * 0.00055;
    expect(order.riskUsdt).toBeCloseTo(order.qty * perUnit, 9);
    // Notional and margin at the limit, the higher of the two prices a buyer may pay.
    expect(order.notionalUsdt).toBeCloseTo(order.qty * 50_300, 9);
  });

  it('a crossing LIMIT whose stop from the fill would sit above the mark is refused — INVALID_STOP_LOSS', () => {
    const verdict = gate({
      proposal: { entryPrice: 50_400, slPct: 0.001 },
      market: { markPrice: 50_000, bestAsk: 50_100 },
      limits: { allowMarketEntry: true, minSlDistancePct: 0.0005 },
    });
    expect(verdict.blockedBy).toEqual(['INVALID_STOP_LOSS']);
  });

  it('a MARKET entry is sized at the best ask when known, else at the mark', () => {
    const limits = { allowMarketEntry: true };
    const atAsk = gate({
      proposal: { entryType: 'MARKET', entryPrice: null },
      market: { markPrice: 50_000, bestAsk: 50_010 },
      limits,
    });
    expect(atAsk.order).toMatchObject({ type: 'MARKET', price: 50_010, fillPrice: 50_010 });
    const atMark = gate({ proposal: { entryType: 'MARKET', entryPrice: null }, limits });
    expect(atMark.order).toMatchObject({ type: 'MARKET', fillPrice: 50_000 });
  });
});

describe('stop and take-profit against the mark', () => {
  it('refuses a take-profit already reached by the mark — INVALID_TAKE_PROFIT', () => {
    const verdict = gate({ proposal: { entryPrice: 49_600, tpPct: 0.005 }, market: { markPrice: 50_000 } });
    expect(verdict.blockedBy).toEqual(['INVALID_TAKE_PROFIT']);
  });
});
