import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GateInput } from '../../../src/risk/index.ts';
import { evaluateProposal, reasonsNoOpenCanPass } from '../../../src/risk/index.ts';
import { stubs } from '../../support/stubs.ts';
import { gateInputArb } from './arbitraries.ts';

const RUNS = Number(process.env.GATE_PROPERTY_RUNS ?? 1000);

const outlook = (parts: Parameters<typeof stubs.gateInput>[0] = {}) => {
  const input = stubs.gateInput(parts);
  return reasonsNoOpenCanPass({ ...input, symbol: 'BTCUSDT' });
};

describe('which symbols no answer can open: worked out before asking the model', () => {
  it('a flat symbol with a fresh setup is worth asking', () => {
    expect(outlook()).toEqual([]);
  });

  it('BTCUSDT on the LIVE profile with 100 USDT: the smallest order (0.001 BTC) is above the notional cap', () => {
    const instrument = stubs.instrument({ qtyStep: 0.001, minQty: 0.001 });
    const reasons = outlook({ instrument, market: { markPrice: 97_000 } });
    expect(reasons).toContain('BELOW_MIN_ORDER_SIZE');
  });

  it('names the server-side grounds: trading state, open symbol, stale data, setup score', () => {
    expect(outlook({ account: { tradingState: 'REDUCING' } })).toContain('TRADING_REDUCING');
    const pending = stubs.pendingEntry({ symbol: 'BTCUSDT', qty: 0.0001, price: 49_000, stopLoss: 48_500 });
    expect(outlook({ account: { pendingEntries: [pending] } })).toContain('SYMBOL_ALREADY_OPEN');
    expect(outlook({ market: { preScore: 10, rangeScore: 10 } })).toEqual(['LOW_SETUP_SCORE']);
    expect(outlook({ market: { lastClosedCandleMs: stubs.NOW_MS - 4 * 900_000 } })).toEqual([
      'STALE_MARKET_DATA',
    ]);
  });

  it('a cooldown on one side only leaves the other side worth asking', () => {
    const close = stubs.closedTrade({
      symbol: 'BTCUSDT',
      side: 'LONG',
      closedAtMs: stubs.NOW_MS - 10 * 60_000,
    });
    // 10 minutes ago: the same side (5 min) is free again, the opposite side (60 min) is not.
    expect(outlook({ account: { recentCloses: [close] } })).toEqual([]);
    const justNow = { ...close, closedAtMs: stubs.NOW_MS - 60_000 };
    expect(outlook({ account: { recentCloses: [justNow] } })).toEqual(['COOLDOWN_ACTIVE']);
  });

  it('a broken input is GATE_ERROR, as the gate would answer', () => {
    expect(reasonsNoOpenCanPass({ ...stubs.gateInput(), market: null, symbol: 'BTCUSDT' })).toEqual([
      'GATE_ERROR',
    ]);
  });

  it(
    'never claims more than the gate refuses: no proposal passes where it says none can',
    () => {
      let futile = 0;
      fc.assert(
        fc.property(gateInputArb, (c) => {
          const reasons = reasonsNoOpenCanPass({ ...(c as GateInput), symbol: c.proposal.symbol });
          if (reasons.length === 0) return;
          futile++;
          const verdict = evaluateProposal(c);
          expect(verdict.action).toBe('HOLD');
          expect(verdict.order).toBeUndefined();
        }),
        { numRuns: RUNS },
      );
      expect(futile).toBeGreaterThan(0);
    },
    Math.max(30_000, RUNS * 20),
  );
});
