import { describe, expect, it } from 'vitest';
import { BaselineDecider, buildPromptData, systemPromptFor } from '../../../src/decision/index.ts';
import type { AccountSnapshot, InstrumentRules } from '../../../src/domain/index.ts';
import { evaluateProposal } from '../../../src/risk/index.ts';
import { account, features, limits, NOW_MS, promptInput, view } from '../../unit/decision/stubs.ts';

const fresh: AccountSnapshot = account({
  positions: [],
  pendingEntries: [],
  recentCloses: [],
  walletAvailableUsdt: 100,
  equityUsdt: 100,
});

const rules = (symbol: string, tickSize: number, qtyStep: number): InstrumentRules => ({
  symbol,
  tickSize,
  qtyStep,
  minQty: qtyStep,
  minNotionalUsdt: 5,
  maxLeverage: 50,
  takerFee: 0.00055,
  makerFee: 0.0002,
});

describe('baseline proposals meet the real risk gate', () => {
  it('opens that the baseline proposes are approved, not refused, on a fresh account', async () => {
    const down = (price: number) => ({ ema20: price * 1.002, ema200: price * 1.02, rsi: 41 });
    const views = [
      view('XRPUSDT', 2.5, { markPrice: 2.5 }),
      view('ETHUSDT', 3400, {
        markPrice: 3400,
        timeframes: { '15m': features('15m', 3400, down(3400)), '1h': features('1h', 3400, down(3400)) },
      }),
    ];
    const promptData = buildPromptData(
      promptInput(['XRPUSDT', 'ETHUSDT'], {
        views,
        account: fresh,
        cooldowns: [],
        limits: limits({ symbols: ['XRPUSDT', 'ETHUSDT'] }),
      }),
    );
    const outcome = await new BaselineDecider().decide({
      cycleId: 'gate-1',
      nowMs: NOW_MS,
      symbols: ['XRPUSDT', 'ETHUSDT'],
      promptVersion: 'v3_neutral',
      systemPrompt: systemPromptFor('v3_neutral'),
      promptData,
    });
    expect(outcome.decisions.map((d) => d.proposal.action)).toEqual(['OPEN_LONG', 'OPEN_SHORT']);
    const instruments: Record<string, InstrumentRules> = {
      XRPUSDT: rules('XRPUSDT', 0.0001, 0.1),
      ETHUSDT: rules('ETHUSDT', 0.01, 0.01),
    };
    for (const decision of outcome.decisions) {
      const v = views.find((x) => x.symbol === decision.symbol)!;
      const verdict = evaluateProposal({
        proposal: decision.proposal,
        account: fresh,
        instrument: instruments[decision.symbol],
        market: {
          symbol: decision.symbol,
          markPrice: v.markPrice,
          nowMs: NOW_MS,
          lastClosedCandleMs: v.lastClosedCandleMs,
          preScore: 70,
          rangeScore: 20,
        },
        limits: limits({ symbols: ['XRPUSDT', 'ETHUSDT'] }),
      });
      expect(verdict.blockedBy, `${decision.symbol}: ${verdict.detail ?? ''}`).toEqual([]);
      expect(verdict.action).toBe(decision.proposal.action);
      expect(verdict.order).toMatchObject({ type: 'LIMIT', symbol: decision.symbol });
    }
  });
});
