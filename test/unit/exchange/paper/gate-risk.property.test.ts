import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gappedThrough } from '../../../../src/backtest/trades.ts';
import { evaluateProposal } from '../../../../src/risk/index.ts';
import { stubs } from '../../../support/stubs.ts';
import { bar, btc, matcher, order, T0, trades } from './fixtures.ts';

/**
 * The gate's promise tested against what the simulated venue makes the money pay: an approved
 * order, filled and then stopped out, loses at most its planned risk (both fees, the fill price,
 * the stop's slippage) unless the market gapped through the stop, and a gap is always flagged.
 */
const PAPER_SLIPPAGE = 0.0005;
const RUNS = Number(process.env.PAPER_RISK_PROPERTY_RUNS ?? 300);

const caseArb = fc.record({
  long: fc.boolean(),
  mark: fc.integer({ min: 20_000, max: 120_000 }),
  // A resting LIMIT: a buy under the mark, a sell above it (crossing ones are refused by default).
  offsetBp: fc.integer({ min: 0, max: 90 }),
  slBp: fc.integer({ min: 25, max: 250 }),
  budget: fc.integer({ min: 20, max: 300 }).map((c) => c / 100),
  // How far past the stop the candle that stops it out opens: 0 trades through, > 0 gaps.
  gapBp: fc.oneof(
    { arbitrary: fc.constant(0), weight: 3 },
    { arbitrary: fc.integer({ min: 5, max: 300 }), weight: 1 },
  ),
});

describe('paper exchange: approved orders stopped out lose no more than planned', () => {
  it(
    'holds for random approved orders; a gap past the stop is the only excuse, and it is flagged',
    () => {
      let approved = 0;
      let gapped = 0;
      fc.assert(
        fc.property(caseArb, (c) => {
          const dir = c.long ? 1 : -1;
          const limit = Math.round(c.mark * (1 - (dir * c.offsetBp) / 10_000) * 10) / 10;
          const verdict = evaluateProposal(
            stubs.gateInput({
              proposal: {
                symbol: 'BTCUSDT',
                action: c.long ? 'OPEN_LONG' : 'OPEN_SHORT',
                entryPrice: limit,
                slPct: c.slBp / 10_000,
                tpPct: null,
              },
              instrument: btc,
              market: { symbol: 'BTCUSDT', markPrice: c.mark },
              limits: { maxLossUsdtPerTrade: c.budget, maxTotalRiskUsdt: 10, maxNotionalUsdt: 2_000 },
              account: { walletAvailableUsdt: 1_000, equityUsdt: 1_000 },
            }),
          );
          if (!verdict.order) return;
          approved++;
          const o = verdict.order;
          const stop = o.stopLoss as number;
          const m = matcher({ slippagePct: PAPER_SLIPPAGE });
          m.processPrice('BTCUSDT', c.mark, T0);
          m.placeOrder(order({ side: o.side, price: o.price, qty: o.qty, stopLoss: stop }), T0);
          // The market trades down (up) to the limit: a maker fill at the limit.
          m.processPrice('BTCUSDT', o.price - dir * 0.1, T0 + 1);
          expect(m.positions('BTCUSDT')).toHaveLength(1);
          // A candle that trades from the entry through the stop, or opens beyond the stop.
          const open = c.gapBp === 0 ? o.price : stop - (dir * stop * c.gapBp) / 10_000;
          const far = c.long ? Math.min(open, stop) * 0.98 : Math.max(open, stop) * 1.02;
          m.processCandle('BTCUSDT', c.long ? bar(open, open, far, far) : bar(open, far, open, far), 60_000);
          expect(m.positions('BTCUSDT')).toHaveLength(0);
          const [entry, exit] = trades(m);
          const fees = (entry?.feeUsdt ?? 0) + (exit?.feeUsdt ?? 0);
          const loss = dir * ((entry?.price ?? 0) - (exit?.price ?? 0)) * o.qty + fees;
          const gap = gappedThrough(
            c.long ? 'LONG' : 'SHORT',
            stop,
            exit?.price ?? 0,
            PAPER_SLIPPAGE,
            btc.tickSize,
          );
          if (c.gapBp === 0) {
            expect(gap).toBe(false);
            expect(loss).toBeLessThanOrEqual(o.riskUsdt + 1e-9);
          } else if (loss > o.riskUsdt + 1e-9) {
            gapped++;
            expect(gap).toBe(true);
          }
        }),
        { numRuns: RUNS },
      );
      expect(approved).toBeGreaterThan(RUNS * 0.3);
      expect(gapped).toBeGreaterThan(0);
    },
    Math.max(30_000, RUNS * 20),
  );
});
