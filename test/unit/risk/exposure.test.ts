import { describe, expect, it } from 'vitest';
import { pendingEntryRiskUsdt, positionRiskUsdt } from '../../../src/risk/index.ts';
import { stubs } from '../../support/stubs.ts';
import { adjustmentsOf, gate } from './helpers.ts';

/** ETH long with 0.3 USDT of price risk (0.01 × (3000 − 2970)), 0.3465 with its costs. */
const ethLong = (overrides = {}) => stubs.position({ symbol: 'ETHUSDT', side: 'LONG', ...overrides });
const solShort = (overrides = {}) =>
  stubs.position({ symbol: 'SOLUSDT', side: 'SHORT', qty: 1, entryPrice: 150, markPrice: 150, ...overrides });

/** Bybit's base-tier rates and the LIVE profile's slippage allowance. */
const costs = { slippagePct: 0.001, feeRates: {}, defaultFees: { takerFee: 0.00055, makerFee: 0.0002 } };

describe('open risk of existing exposure: what closing at the stop will really cost', () => {
  it('counts the distance to the stop, the slippage allowance and the exit fee', () => {
    // 0.01 × (30 distance + 3 slippage + 3000 × 0.00055 exit fee) = 0.3465.
    expect(positionRiskUsdt(ethLong(), costs)).toBeCloseTo(0.3465, 12);
    // 1 × (0.5 + 0.15 + 150.65 × 0.00055): a short's stop fills above the entry, so does its fee.
    expect(positionRiskUsdt(solShort({ stopLoss: 150.5 }), costs)).toBeCloseTo(0.7328575, 12);
  });

  it("the issue's example: SOL long 4 @ 150, stop 149.7, costs 1.2 + 0.6 slippage + 0.33 fee", () => {
    const sol = stubs.position({
      symbol: 'SOLUSDT',
      qty: 4,
      entryPrice: 150,
      markPrice: 150,
      stopLoss: 149.7,
    });
    expect(positionRiskUsdt(sol, costs)).toBeCloseTo(1.2 + 0.6 + 0.33, 12);
    // Price risk alone (1.2) would leave 0.3 of room under a 1.5 cap; the money sees none.
    expect(
      gate({ account: { positions: [sol] }, limits: { enableCorrelationCheck: false } }).blockedBy,
    ).toEqual(['MAX_TOTAL_RISK_EXCEEDED']);
  });

  it("uses the fee rates of the position's own symbol when the account has them", () => {
    const dear = { ...costs, feeRates: { ETHUSDT: { takerFee: 0.001, makerFee: 0.0004 } } };
    expect(positionRiskUsdt(ethLong(), dear)).toBeCloseTo(0.01 * (30 + 3 + 3), 12);
  });

  it('counts zero once the stop locks in more than closing costs, but not before', () => {
    expect(positionRiskUsdt(ethLong({ stopLoss: 3005 }), costs)).toBe(0);
    expect(positionRiskUsdt(solShort({ stopLoss: 149 }), costs)).toBe(0);
    // A stop 1 above the entry still loses the 3 of slippage and the 1.65 fee.
    expect(positionRiskUsdt(ethLong({ stopLoss: 3001 }), costs)).toBeCloseTo(0.01 * (-1 + 3 + 1.65), 12);
  });

  it('counts the whole notional when no stop is known', () => {
    expect(positionRiskUsdt(ethLong({ stopLoss: null }), costs)).toBeCloseTo(30.1, 12);
  });

  it('counts an entry not yet filled with its entry fee, never below its planned risk', () => {
    // 1 × (0.3 + 0.15 + 150 × 0.0002 maker + 150 × 0.00055 taker) = 0.5625.
    expect(pendingEntryRiskUsdt(stubs.pendingEntry({ plannedRiskUsdt: null }), costs)).toBeCloseTo(
      0.5625,
      12,
    );
    expect(pendingEntryRiskUsdt(stubs.pendingEntry({ plannedRiskUsdt: 0.25 }), costs)).toBeCloseTo(
      0.5625,
      12,
    );
    expect(pendingEntryRiskUsdt(stubs.pendingEntry({ plannedRiskUsdt: 0.9 }), costs)).toBe(0.9);
    expect(pendingEntryRiskUsdt(stubs.pendingEntry({ plannedRiskUsdt: null, stopLoss: null }), costs)).toBe(
      150,
    );
  });

  it('counts a MARKET entry waiting for its fill at the taker fee, with slippage on entry too', () => {
    const market = stubs.pendingEntry({ plannedRiskUsdt: null, entryType: 'MARKET' });
    expect(pendingEntryRiskUsdt(market, costs)).toBeCloseTo(0.3 + 0.15 * 2 + 0.0825 * 2, 12);
  });

  it('never costs a symbol without fee rates at zero', () => {
    expect(() => positionRiskUsdt(ethLong(), { ...costs, defaultFees: null })).toThrow(/no fee rates known/);
  });
});

describe('total risk', () => {
  const limits = { enableCorrelationCheck: false };

  it('shrinks the new trade to the room left under MAX_TOTAL_RISK_USDT', () => {
    // 0.8329125 (short SOL: 0.6 + 0.15 + 150.75 × 0.00055) + 0.5625 (pending) at risk: 0.1045875 left.
    const account = {
      positions: [solShort({ stopLoss: 150.6 })],
      pendingEntries: [stubs.pendingEntry({ plannedRiskUsdt: 0.2 })],
    };
    const verdict = gate({ account, limits });
    expect(verdict.blockedBy).toEqual([]);
    expect(verdict.order?.riskUsdt).toBeLessThanOrEqual(0.1045875 + 1e-12);
    expect(adjustmentsOf(verdict, 'riskBudgetUsdt')[0]).toMatchObject({ before: 0.35 });
  });

  it('refuses when the room left cannot hold a minimum order — MAX_TOTAL_RISK_EXCEEDED', () => {
    const account = { positions: [solShort({ stopLoss: 151.265 })] };
    expect(gate({ account, limits }).blockedBy).toEqual(['MAX_TOTAL_RISK_EXCEEDED']);
  });

  it('refuses when a position without a known stop already exceeds the cap — MAX_TOTAL_RISK_EXCEEDED', () => {
    const account = { positions: [solShort({ stopLoss: null })] };
    expect(gate({ account, limits }).blockedBy).toEqual(['MAX_TOTAL_RISK_EXCEEDED']);
  });

  it('does not count a position whose stop is in profit', () => {
    const account = { positions: [solShort({ qty: 100, stopLoss: 149 })] };
    expect(gate({ account, limits }).blockedBy).toEqual([]);
  });
});

describe('per-symbol risk', () => {
  it('shrinks the trade to an optional per-symbol cap', () => {
    const verdict = gate({ limits: { symbolRiskCapsUsdt: { BTCUSDT: 0.2 } } });
    expect(verdict.order?.riskUsdt).toBeLessThanOrEqual(0.2);
  });

  it('refuses when the per-symbol cap cannot hold a minimum order — SYMBOL_RISK_EXCEEDED', () => {
    expect(gate({ limits: { symbolRiskCapsUsdt: { BTCUSDT: 0.02 } } }).blockedBy).toEqual([
      'SYMBOL_RISK_EXCEEDED',
    ]);
  });

  it('ignores caps on other symbols', () => {
    expect(gate({ limits: { symbolRiskCapsUsdt: { ETHUSDT: 0.01 } } }).blockedBy).toEqual([]);
  });
});

describe('correlation', () => {
  const correlated = { BTCUSDT: { ETHUSDT: 0.9 } };

  it('shrinks the trade to the cluster budget left by correlated same-direction positions', () => {
    const verdict = gate({
      // 0.018 × 34.65 = 0.6237 of the 0.7 cluster budget used: 0.0763 left.
      account: { positions: [ethLong({ qty: 0.018 })] },
      market: { correlations: correlated },
    });
    expect(verdict.blockedBy).toEqual([]);
    expect(verdict.order?.riskUsdt).toBeLessThanOrEqual(0.0763 + 1e-12);
  });

  it('refuses when the cluster budget is used up — CORRELATED_EXPOSURE', () => {
    const verdict = gate({
      account: { positions: [ethLong({ qty: 0.023 })] },
      market: { correlations: correlated },
    });
    expect(verdict.blockedBy).toEqual(['CORRELATED_EXPOSURE']);
  });

  it('reads the correlation matrix in either orientation', () => {
    const verdict = gate({
      account: { positions: [ethLong({ qty: 0.023 })] },
      market: { correlations: { ETHUSDT: { BTCUSDT: 0.95 } } },
    });
    expect(verdict.blockedBy).toEqual(['CORRELATED_EXPOSURE']);
  });

  it('counts a pair with no known correlation as correlated (fail closed)', () => {
    const verdict = gate({
      account: { positions: [ethLong({ qty: 0.023 })] },
      market: { correlations: null },
    });
    expect(verdict.blockedBy).toEqual(['CORRELATED_EXPOSURE']);
  });

  it('ignores symbols below the threshold and positions in the other direction', () => {
    const lowCorrelation = gate({
      account: { positions: [ethLong({ qty: 0.023 })] },
      market: { correlations: { BTCUSDT: { ETHUSDT: 0.5 } } },
    });
    expect(lowCorrelation.blockedBy).toEqual([]);
    const opposite = gate({
      proposal: { action: 'OPEN_SHORT' },
      account: { positions: [ethLong({ qty: 0.023 })] },
      market: { correlations: correlated },
    });
    expect(opposite.blockedBy).toEqual([]);
  });

  it('counts correlated pending entries too', () => {
    const verdict = gate({
      account: { pendingEntries: [stubs.pendingEntry({ plannedRiskUsdt: 0.69 })] },
      market: { correlations: { BTCUSDT: { SOLUSDT: 0.85 } } },
    });
    expect(verdict.blockedBy).toEqual(['CORRELATED_EXPOSURE']);
  });

  it('does nothing when the correlation check is off', () => {
    const verdict = gate({
      account: { positions: [ethLong({ qty: 0.023 })] },
      limits: { enableCorrelationCheck: false },
    });
    expect(verdict.blockedBy).toEqual([]);
  });
});
