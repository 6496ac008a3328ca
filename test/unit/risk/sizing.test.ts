import { describe, expect, it } from 'vitest';
import { stubs } from '../../support/stubs.ts';
import { adjustmentsOf, gate } from './helpers.ts';

const noFees = { makerFee: 0, takerFee: 0 };
const noSlippage = { slSlippageAllowancePct: 0 };

describe('risk sizing', () => {
  it('sizes the SPEC worked example: entry 50,000, stop 49,500, 5x, 0.35 USDT → notional 35, margin 7', () => {
    const verdict = gate({ instrument: noFees, limits: noSlippage });
    expect(verdict.order).toMatchObject({
      side: 'BUY',
      type: 'LIMIT',
      price: 50_000,
      stopLoss: 49_500,
      leverage: 5,
      qty: 0.0007,
      notionalUsdt: 35,
      marginUsdt: 7,
      riskUsdt: 0.35,
      reduceOnly: false,
    });
  });

  it('never sizes from size_pct: it is advisory only', () => {
    expect(gate({ proposal: { sizePct: 0.9 } }).order).toEqual(gate({ proposal: { sizePct: 0.01 } }).order);
  });

  it('includes round-trip fees and the stop-slippage allowance in the risk', () => {
    const order = gate().order;
    // Per BTC: 500 distance + 50 slippage + 10 maker entry + 27.5 taker exit = 587.5.
    expect(order?.qty).toBe(0.00059);
    expect(order?.riskUsdt).toBeCloseTo(0.00059 * 587.5, 12);
    expect(order?.riskUsdt).toBeLessThanOrEqual(0.35);
  });

  it('charges the exit fee on the slipped stop price of a short', () => {
    const order = gate({ proposal: { action: 'OPEN_SHORT' } }).order;
    // Per BTC: 500 + 50 + 10 + 50,550 × 0.00055 = 587.8025.
    expect(order?.riskUsdt).toBeCloseTo((order?.qty ?? 0) * 587.8025, 12);
  });

  it('counts a LIMIT priced through the mark at the taker fee, from the price it fills at', () => {
    const order = gate({ proposal: { entryPrice: 50_100 }, limits: { allowMarketEntry: true } }).order;
    const fill = 50_000;
    const perUnit = fill * 0.01 + fill * 0.001 + fill * 0.00055 * 2;
    expect(order?.fillPrice).toBe(fill);
    expect(order?.riskUsdt).toBeCloseTo((order?.qty ?? 0) * perUnit, 9);
  });

  it('caps the notional at MAX_NOTIONAL_USDT and records it', () => {
    const verdict = gate({
      limits: { maxLossUsdtPerTrade: 1, maxTotalRiskUsdt: 5, correlationClusterRiskUsdt: 5 },
    });
    expect(verdict.order?.notionalUsdt).toBe(50);
    expect(adjustmentsOf(verdict, 'notionalUsdt')[0]).toMatchObject({ after: 50 });
  });

  it("caps the qty at the instrument's maximum order qty", () => {
    expect(gate({ instrument: { maxQty: 0.0004 } }).order?.qty).toBe(0.0004);
  });

  it('uses the dynamic per-trade budget when dynamic limits are on', () => {
    const verdict = gate({
      account: { equityUsdt: 200 },
      limits: { enableDynamicLimits: true, dynamicRiskPerTradePct: 0.001 },
    });
    expect(verdict.riskBudgetUsdt).toBeCloseTo(0.2, 12);
    expect(verdict.order?.riskUsdt).toBeLessThanOrEqual(0.2);
    expect(adjustmentsOf(verdict, 'riskBudgetUsdt')[0]).toMatchObject({ before: 0.35 });
  });

  it('keeps the dynamic budget within its floor and ceiling', () => {
    const limits = { enableDynamicLimits: true, dynamicRiskPerTradeFloorUsdt: 0.15 };
    expect(gate({ account: { equityUsdt: 1 }, limits }).riskBudgetUsdt).toBe(0.15);
    const rich = gate({
      account: { equityUsdt: 1e6 },
      limits: { ...limits, dynamicRiskPerTradeCeilingUsdt: 0.5 },
    });
    expect(rich.riskBudgetUsdt).toBe(0.5);
  });

  describe('recovery sizing', () => {
    const loss = (minutesAgo: number) =>
      stubs.closedTrade({ closedAtMs: stubs.NOW_MS - minutesAgo * 60_000, realizedPnlUsdt: -0.3 });
    const win = (minutesAgo: number) =>
      stubs.closedTrade({ closedAtMs: stubs.NOW_MS - minutesAgo * 60_000, realizedPnlUsdt: 0.5 });
    const limits = { enableRecoverySizing: true, recoveryMultiplier: 1.5, recoveryMaxSteps: 2 };

    it('grows the budget by the multiplier per losing close in a row', () => {
      expect(gate({ account: { recentCloses: [loss(100)] }, limits }).riskBudgetUsdt).toBeCloseTo(0.525, 12);
    });

    it('stops growing after RECOVERY_MAX_STEPS', () => {
      const recentCloses = [loss(100), loss(200), loss(300), loss(400)];
      expect(gate({ account: { recentCloses }, limits }).riskBudgetUsdt).toBeCloseTo(0.7875, 12);
    });

    it('counts only the losing streak since the last win', () => {
      const recentCloses = [loss(100), win(200), loss(300)];
      expect(gate({ account: { recentCloses }, limits }).riskBudgetUsdt).toBeCloseTo(0.525, 12);
    });

    it('never grows past the total-risk cap', () => {
      const recentCloses = [loss(100), loss(200)];
      const verdict = gate({ account: { recentCloses }, limits: { ...limits, recoveryMultiplier: 3 } });
      expect(verdict.riskBudgetUsdt).toBe(1.5);
    });

    it('does nothing when disabled', () => {
      expect(gate({ account: { recentCloses: [loss(100)] } }).riskBudgetUsdt).toBe(0.35);
    });
  });
});

describe('exchange rules', () => {
  it('rounds the qty DOWN to the qty step and records it', () => {
    const verdict = gate();
    expect(verdict.order?.qty).toBe(0.00059);
    expect(adjustmentsOf(verdict, 'qty').at(-1)).toMatchObject({
      after: 0.00059,
      reason: 'rounded down to the qty step',
    });
  });

  it('refuses rather than rounds up below the minimum qty — BELOW_MIN_ORDER_SIZE', () => {
    const verdict = gate({ instrument: { qtyStep: 0.001, minQty: 0.001 } });
    expect(verdict.blockedBy).toEqual(['BELOW_MIN_ORDER_SIZE']);
  });

  it('refuses below the minimum notional — BELOW_MIN_ORDER_SIZE', () => {
    expect(gate({ instrument: { minNotionalUsdt: 30 } }).blockedBy).toEqual(['BELOW_MIN_ORDER_SIZE']);
  });
});

describe('margin', () => {
  it('shrinks the qty so margin fits available × MARGIN_SAFETY_FACTOR', () => {
    const verdict = gate({ account: { walletAvailableUsdt: 5 } });
    expect(verdict.blockedBy).toEqual([]);
    expect(verdict.order?.marginUsdt).toBeLessThanOrEqual(5 * 0.85);
    expect(adjustmentsOf(verdict, 'qty')[0]?.reason).toMatch(/MARGIN_SAFETY_FACTOR/);
  });

  it('refuses when the shrunk order falls below the minimum — INSUFFICIENT_MARGIN', () => {
    expect(gate({ account: { walletAvailableUsdt: 1 } }).blockedBy).toEqual(['INSUFFICIENT_MARGIN']);
  });

  it('counts the fees to open and close in the margin', () => {
    const order = gate().order;
    expect(order?.marginUsdt).toBeCloseTo((order?.notionalUsdt ?? 0) * (1 / 5 + 0.0002 + 0.00055), 12);
  });
});
