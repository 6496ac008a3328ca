import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BlockReason, isBlockReason, type Verdict } from '../../../src/domain/index.ts';
import { evaluateProposal } from '../../../src/risk/index.ts';
import { gateInputArb } from './arbitraries.ts';

type GateCase = typeof gateInputArb extends fc.Arbitrary<infer T> ? T : never;

const EPS = 1e-9;
const NUM_RUNS = Number(process.env.GATE_PROPERTY_RUNS ?? 400);
/** A run by hand of 100,000 cases takes minutes on a loaded 2-core machine. */
const RUN_TIMEOUT_MS = Math.max(30_000, NUM_RUNS * 20);

/** The confidence the leverage caps must see, computed independently of the gate. */
function expectedConfidence({ proposal, market, limits }: GateCase): number {
  const raw = proposal.confidence;
  let confidence =
    raw === null || raw === undefined || !Number.isFinite(raw) ? 0 : Math.min(100, Math.max(0, raw));
  if (limits.scoreGateEnabled) {
    const scores = [market.preScore, market.rangeScore].filter((s): s is number => typeof s === 'number');
    confidence = Math.min(confidence, scores.length === 0 ? 0 : Math.max(0, Math.max(...scores) + 10));
  }
  return confidence;
}

/** The largest per-trade budget the configuration can ever allow for this input. */
function budgetCeiling({ account, limits }: GateCase): number {
  let budget = limits.enableDynamicLimits
    ? Math.min(
        limits.dynamicRiskPerTradeCeilingUsdt,
        Math.max(
          limits.dynamicRiskPerTradeFloorUsdt,
          Math.max(0, account.equityUsdt) * limits.dynamicRiskPerTradePct,
        ),
      )
    : limits.maxLossUsdtPerTrade;
  if (limits.enableRecoverySizing) {
    budget *= limits.recoveryMultiplier ** Math.min(limits.recoveryMaxSteps, account.recentCloses.length);
  }
  return Math.min(budget, totalCap({ account, limits } as GateCase));
}

function totalCap({ account, limits }: Pick<GateCase, 'account' | 'limits'>): number {
  if (!limits.enableDynamicLimits) return limits.maxTotalRiskUsdt;
  const equity = Math.max(0, account.equityUsdt);
  return Math.min(
    limits.dynamicTotalRiskCeilingUsdt,
    Math.max(limits.dynamicTotalRiskFloorUsdt, equity * limits.dynamicTotalRiskPct),
  );
}

/**
 * What the money sees, written here from the definitions (docs/risk-gate.md) and not from the gate:
 * a leg closed at its stop loses the distance from its entry (or fill) to the stop, the slippage
 * allowance (twice for a MARKET entry), the entry fee still to pay and the taker exit fee on the
 * worse of the entry and the slipped stop. Rebates are never counted.
 */
function moneyLossAtStop(leg: {
  long: boolean;
  qty: number;
  entry: number;
  stop: number;
  entryFee: number;
  exitFee: number;
  slippagePct: number;
  marketEntry: boolean;
}): number {
  const slip = leg.entry * leg.slippagePct;
  const stopFill = leg.long ? leg.stop - slip : leg.stop + slip;
  const distance = leg.long ? leg.entry - leg.stop : leg.stop - leg.entry;
  const perUnit =
    distance +
    slip +
    (leg.marketEntry ? slip : 0) +
    leg.entry * Math.max(0, leg.entryFee) +
    Math.max(leg.entry, stopFill) * Math.max(0, leg.exitFee);
  return Math.max(0, leg.qty * perUnit);
}

/** The account's open risk as the money sees it; a leg without a stop counts its whole notional. */
function moneyOpenRisk(c: GateCase): number {
  const slippagePct = c.limits.slSlippageAllowancePct;
  const fees = (symbol: string) => c.account.feeRates?.[symbol] ?? c.instrument;
  let total = 0;
  for (const p of c.account.positions) {
    const long = p.side === 'LONG';
    if (p.stopLoss === null) total += p.qty * Math.max(p.entryPrice, p.markPrice);
    else
      total += moneyLossAtStop({
        long,
        qty: p.qty,
        entry: p.entryPrice,
        stop: p.stopLoss,
        entryFee: 0,
        exitFee: fees(p.symbol).takerFee,
        slippagePct,
        marketEntry: false,
      });
  }
  for (const e of c.account.pendingEntries) {
    const market = e.entryType === 'MARKET';
    const computed =
      e.stopLoss === null
        ? e.qty * e.price
        : moneyLossAtStop({
            long: e.side === 'LONG',
            qty: e.qty,
            entry: e.price,
            stop: e.stopLoss,
            entryFee: market ? fees(e.symbol).takerFee : fees(e.symbol).makerFee,
            exitFee: fees(e.symbol).takerFee,
            slippagePct,
            marketEntry: market,
          });
    total += Math.max(computed, e.plannedRiskUsdt ?? 0);
  }
  return total;
}

/** Would this LIMIT trade at once? A buy at or above the ask, a sell at or below the bid (the mark without a book). */
function crosses(c: GateCase, long: boolean, limit: number): boolean {
  const { bestBid, bestAsk, markPrice } = c.market;
  if (long) return bestAsk ? limit >= bestAsk : limit > markPrice;
  return bestBid ? limit <= bestBid : limit < markPrice;
}

/** Planned loss at the stop of the approved order, from the price it really fills at. */
function plannedLossAtStop(c: GateCase, verdict: Verdict): number {
  const order = verdict.order!;
  const long = order.side === 'BUY';
  const takes = order.type === 'MARKET' || crosses(c, long, order.price);
  return moneyLossAtStop({
    long,
    qty: order.qty,
    entry: order.fillPrice!,
    stop: order.stopLoss!,
    entryFee: takes ? c.instrument.takerFee : c.instrument.makerFee,
    exitFee: c.instrument.takerFee,
    slippagePct: c.limits.slSlippageAllowancePct,
    marketEntry: order.type === 'MARKET',
  });
}

describe('gate properties over random proposals and account states', () => {
  it(
    'every approved open keeps every promise of SPEC section 4',
    () => {
      let approved = 0;
      fc.assert(
        fc.property(gateInputArb, (c) => {
          const verdict = evaluateProposal(c);
          expect(verdict.blockedBy.every(isBlockReason)).toBe(true);
          expect(verdict.blockedBy).not.toContain<BlockReason>('GATE_ERROR');
          for (const adjustment of verdict.adjustments) {
            expect(adjustment.field.length).toBeGreaterThan(0);
            expect(adjustment.reason.length).toBeGreaterThan(0);
            expect(adjustment.before).not.toEqual(adjustment.after);
          }
          if (verdict.action === 'HOLD') {
            expect(verdict.blockedBy.length).toBeGreaterThan(0);
            expect(verdict.order).toBeUndefined();
            return;
          }
          approved++;
          const { limits, instrument, account, proposal } = c;
          const order = verdict.order!;
          const long = proposal.action === 'OPEN_LONG';
          expect(verdict.action).toBe(proposal.action);
          expect(verdict.blockedBy).toEqual([]);
          // The price it can really fill at: a resting LIMIT at its price; a crossing one (only when
          // MARKET entries are allowed) and a MARKET order at the touch, never beyond the limit.
          const fill = order.fillPrice!;
          const touch = (long ? c.market.bestAsk : c.market.bestBid) || c.market.markPrice;
          const tick = instrument.tickSize;
          if (order.type === 'LIMIT' && !crosses(c, long, order.price)) expect(fill).toBe(order.price);
          else {
            expect(order.type === 'MARKET' || limits.allowMarketEntry).toBe(true);
            expect(Math.abs(fill - touch)).toBeLessThanOrEqual(tick + EPS * touch);
            if (order.type === 'LIMIT') expect(long ? fill <= order.price : fill >= order.price).toBe(true);
          }
          // A stop on the losing side of the fill and the mark, within the distance bounds from the fill.
          const stop = order.stopLoss!;
          expect(long ? stop < fill : stop > fill).toBe(true);
          expect(long ? stop < order.price : stop > order.price).toBe(true);
          expect(long ? stop < c.market.markPrice : stop > c.market.markPrice).toBe(true);
          const distancePct = Math.abs(fill - stop) / fill;
          expect(distancePct).toBeGreaterThanOrEqual(limits.minSlDistancePct - EPS);
          expect(distancePct).toBeLessThanOrEqual(limits.maxSlDistancePct + EPS);
          // Planned loss at the stop including fees ≤ the risk budget ≤ what the configuration allows.
          const loss = plannedLossAtStop(c, verdict);
          expect(Math.abs(loss - order.riskUsdt)).toBeLessThanOrEqual(1e-9 * Math.max(1, loss));
          expect(loss).toBeLessThanOrEqual(verdict.riskBudgetUsdt! + EPS);
          expect(verdict.riskBudgetUsdt!).toBeLessThanOrEqual(budgetCeiling(c) + EPS);
          // Total open risk as the money sees it, this order included, ≤ MAX_TOTAL_RISK_USDT (or its dynamic value).
          expect(moneyOpenRisk(c) + loss).toBeLessThanOrEqual(totalCap(c) + EPS);
          // Margin ≤ available × MARGIN_SAFETY_FACTOR.
          expect(order.marginUsdt).toBeGreaterThanOrEqual(order.notionalUsdt / order.leverage);
          expect(order.marginUsdt).toBeLessThanOrEqual(
            account.walletAvailableUsdt * limits.marginSafetyFactor + EPS,
          );
          // Leverage inside its bounds and the confidence caps.
          expect(order.leverage).toBeLessThanOrEqual(
            Math.min(limits.maxLeverageOpen, instrument.maxLeverage),
          );
          let floor = Math.min(limits.minLeverage, instrument.maxLeverage);
          if (limits.enableConfidenceLeverageAdjust) {
            const confidence = expectedConfidence(c);
            if (confidence < limits.leverageCapConfidenceLow) {
              expect(order.leverage).toBeLessThanOrEqual(limits.leverageMaxConfidenceLow);
              floor = Math.min(floor, limits.leverageMaxConfidenceLow);
            } else if (confidence < limits.leverageCapConfidenceMed) {
              expect(order.leverage).toBeLessThanOrEqual(limits.leverageMaxConfidenceMed);
              floor = Math.min(floor, limits.leverageMaxConfidenceMed);
            }
          }
          // The 0.01 step floored exactly, as the venue's leverage step: 1.6099999999999999 × 100 is 161 in floats.
          expect(order.leverage).toBeGreaterThanOrEqual(
            new Decimal(floor).toDecimalPlaces(2, Decimal.ROUND_DOWN).toNumber(),
          );
          // qty a multiple of the step and at least the minimum; notional within bounds.
          expect(new Decimal(order.qty).mod(instrument.qtyStep).isZero()).toBe(true);
          expect(order.qty).toBeGreaterThanOrEqual(instrument.minQty);
          expect(order.notionalUsdt).toBeGreaterThanOrEqual(instrument.minNotionalUsdt);
          expect(order.notionalUsdt).toBeLessThanOrEqual(limits.maxNotionalUsdt + EPS);
          // At most one position or pending entry per symbol.
          expect(account.positions.some((p) => p.symbol === proposal.symbol)).toBe(false);
          expect(account.pendingEntries.some((e) => e.symbol === proposal.symbol)).toBe(false);
          expect(account.positions.length + account.pendingEntries.length).toBeLessThan(
            limits.maxOpenPositions,
          );
          // Only ACTIVE trades; LIMIT prices near the mark; fresh data; setup score when gated.
          expect(account.tradingState).toBe('ACTIVE');
          if (order.type === 'LIMIT') {
            expect(Math.abs(order.price - c.market.markPrice) / c.market.markPrice).toBeLessThanOrEqual(
              limits.maxEntryDeviationPct + EPS,
            );
          }
          expect(c.market.nowMs - c.market.lastClosedCandleMs).toBeLessThanOrEqual(
            3 * limits.decisionTimeframeMs,
          );
          if (limits.scoreGateEnabled) {
            const pre = c.market.preScore ?? Number.NEGATIVE_INFINITY;
            const range = c.market.rangeScore ?? Number.NEGATIVE_INFINITY;
            expect(pre >= limits.preScoreMin || range >= limits.rangeScoreMin).toBe(true);
          }
          for (const close of account.recentCloses.filter((cl) => cl.symbol === proposal.symbol)) {
            const sameSide = (close.side === 'LONG') === long;
            const minutes = sameSide ? limits.cooldownSameSideMinutes : limits.cooldownOppositeSideMinutes;
            expect(c.market.nowMs - close.closedAtMs).toBeGreaterThanOrEqual(minutes * 60_000);
          }
          // A LIMIT proposal never becomes MARKET (nor the other way round).
          expect(order.type).toBe(proposal.entryType);
          expect(order.reduceOnly).toBe(false);
        }),
        { numRuns: NUM_RUNS },
      );
      // The properties must not hold vacuously.
      expect(approved).toBeGreaterThan(NUM_RUNS * 0.05);
    },
    RUN_TIMEOUT_MS,
  );

  it('the same input always gives the same verdict, and the input is not modified', () => {
    fc.assert(
      fc.property(gateInputArb, (c) => {
        const before = JSON.stringify(c);
        const first = evaluateProposal(c);
        expect(JSON.stringify(c)).toBe(before);
        expect(evaluateProposal(c)).toEqual(first);
      }),
      { numRuns: 100 },
    );
  });
});
