import { describe, expect, it } from 'vitest';
import { pendingEntryRiskUsdt, positionRiskUsdt } from '../../../src/risk/index.ts';
import { stubs } from '../../support/stubs.ts';
import { adjustmentsOf, gate } from './helpers.ts';

/** ETH long with 0.3 USDT at risk (0.01 × (3000 − 2970)). */
const ethLong = (overrides = {}) => stubs.position({ symbol: 'ETHUSDT', side: 'LONG', ...overrides });
const solShort = (overrides = {}) =>
  stubs.position({ symbol: 'SOLUSDT', side: 'SHORT', qty: 1, entryPrice: 150, markPrice: 150, ...overrides });

describe('open risk of existing exposure', () => {
  it('counts qty × the distance from the stop to the entry on the losing side', () => {
    expect(positionRiskUsdt(ethLong())).toBeCloseTo(0.3, 12);
    expect(positionRiskUsdt(solShort({ stopLoss: 150.5 }))).toBeCloseTo(0.5, 12);
  });

  it('counts zero once the stop is in profit', () => {
    expect(positionRiskUsdt(ethLong({ stopLoss: 3005 }))).toBe(0);
    expect(positionRiskUsdt(solShort({ stopLoss: 149 }))).toBe(0);
  });

  it('counts the whole notional when no stop is known', () => {
    expect(positionRiskUsdt(ethLong({ stopLoss: null }))).toBeCloseTo(30.1, 12);
  });

  it("uses a pending entry's planned risk, else recomputes it from price and stop", () => {
    expect(pendingEntryRiskUsdt(stubs.pendingEntry({ plannedRiskUsdt: 0.25 }))).toBe(0.25);
    expect(pendingEntryRiskUsdt(stubs.pendingEntry({ plannedRiskUsdt: null }))).toBeCloseTo(0.3, 9);
    expect(pendingEntryRiskUsdt(stubs.pendingEntry({ plannedRiskUsdt: null, stopLoss: null }))).toBe(150);
  });
});

describe('total risk', () => {
  const limits = { enableCorrelationCheck: false };

  it('shrinks the new trade to the room left under MAX_TOTAL_RISK_USDT', () => {
    // 1.2 (short SOL) + 0.2 (pending) already at risk: 0.1 left.
    const account = {
      positions: [solShort({ stopLoss: 151.2 })],
      pendingEntries: [stubs.pendingEntry({ plannedRiskUsdt: 0.2 })],
    };
    const verdict = gate({ account, limits });
    expect(verdict.blockedBy).toEqual([]);
    expect(verdict.order?.riskUsdt).toBeLessThanOrEqual(0.1 + 1e-12);
    expect(adjustmentsOf(verdict, 'riskBudgetUsdt')[0]).toMatchObject({ before: 0.35 });
  });

  it('refuses when the room left cannot hold a minimum order — MAX_TOTAL_RISK_EXCEEDED', () => {
    const account = { positions: [solShort({ stopLoss: 151.48 })] };
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
      account: { positions: [ethLong({ qty: 0.02 })] },
      market: { correlations: correlated },
    });
    expect(verdict.blockedBy).toEqual([]);
    expect(verdict.order?.riskUsdt).toBeLessThanOrEqual(0.1 + 1e-12);
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
