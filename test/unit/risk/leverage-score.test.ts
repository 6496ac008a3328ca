import { describe, expect, it } from 'vitest';
import { adjustmentsOf, gate } from './helpers.ts';

describe('leverage', () => {
  it('caps leverage at MAX_LEVERAGE_OPEN and records the adjustment', () => {
    const verdict = gate({ proposal: { leverage: 25 } });
    expect(verdict.order?.leverage).toBe(10);
    expect(adjustmentsOf(verdict, 'leverage')).toEqual([
      { field: 'leverage', before: 25, after: 10, reason: 'capped at MAX_LEVERAGE_OPEN' },
    ]);
  });

  it('raises leverage to MIN_LEVERAGE', () => {
    const verdict = gate({ proposal: { leverage: 1 } });
    expect(verdict.order?.leverage).toBe(3);
    expect(adjustmentsOf(verdict, 'leverage')[0]).toMatchObject({ before: 1, after: 3 });
  });

  it('uses MIN_LEVERAGE when the proposal gives none', () => {
    const verdict = gate({ proposal: { leverage: null } });
    expect(verdict.order?.leverage).toBe(3);
    expect(adjustmentsOf(verdict, 'leverage')[0]).toMatchObject({ before: null, after: 3 });
  });

  it("caps leverage at the instrument's maximum", () => {
    expect(gate({ proposal: { leverage: 8 }, instrument: { maxLeverage: 6 } }).order?.leverage).toBe(6);
  });

  describe('with ENABLE_CONFIDENCE_LEVERAGE_ADJUST', () => {
    const limits = { enableConfidenceLeverageAdjust: true, scoreGateEnabled: false };
    it('caps leverage at LEVERAGE_MAX_CONFIDENCE_LOW below the LOW confidence', () => {
      expect(gate({ proposal: { leverage: 10, confidence: 59 }, limits }).order?.leverage).toBe(4);
    });

    it('caps leverage at LEVERAGE_MAX_CONFIDENCE_MED between LOW and MED', () => {
      expect(gate({ proposal: { leverage: 10, confidence: 60 }, limits }).order?.leverage).toBe(6);
      expect(gate({ proposal: { leverage: 10, confidence: 74.9 }, limits }).order?.leverage).toBe(6);
    });

    it('leaves leverage alone at or above the MED confidence', () => {
      expect(gate({ proposal: { leverage: 10, confidence: 75 }, limits }).order?.leverage).toBe(10);
    });

    it('counts a missing confidence as 0', () => {
      const verdict = gate({ proposal: { leverage: 10, confidence: null }, limits });
      expect(verdict.order?.leverage).toBe(4);
      expect(verdict.effectiveConfidence).toBe(0);
    });

    it('applies the caps to the confidence after the setup-score cap', () => {
      const verdict = gate({
        proposal: { leverage: 10, confidence: 95 },
        market: { preScore: 58, rangeScore: 20 },
        limits: { enableConfidenceLeverageAdjust: true },
      });
      expect(verdict.effectiveConfidence).toBe(68);
      expect(verdict.order?.leverage).toBe(6);
    });
  });

  it('ignores confidence for leverage when the adjustment is off', () => {
    expect(gate({ proposal: { leverage: 10, confidence: 5 } }).order?.leverage).toBe(10);
  });
});

describe('setup score', () => {
  it('refuses when neither pre_score nor range_score reaches its minimum — LOW_SETUP_SCORE', () => {
    expect(gate({ market: { preScore: 54, rangeScore: 59 } }).blockedBy).toEqual(['LOW_SETUP_SCORE']);
  });

  it('refuses when no score is known — LOW_SETUP_SCORE', () => {
    expect(gate({ market: { preScore: null, rangeScore: null } }).blockedBy).toEqual(['LOW_SETUP_SCORE']);
  });

  it('accepts a range setup alone', () => {
    expect(gate({ market: { preScore: 10, rangeScore: 60 } }).blockedBy).toEqual([]);
  });

  it('does not score when SCORE_GATE_ENABLED is false', () => {
    expect(
      gate({ market: { preScore: 0, rangeScore: 0 }, limits: { scoreGateEnabled: false } }).blockedBy,
    ).toEqual([]);
  });

  it('caps confidence at the best setup score + 10 and records it', () => {
    const verdict = gate({ proposal: { confidence: 90 }, market: { preScore: 60, rangeScore: 65 } });
    expect(verdict.effectiveConfidence).toBe(75);
    expect(adjustmentsOf(verdict, 'confidence')).toEqual([
      { field: 'confidence', before: 90, after: 75, reason: 'capped at the best setup score + 10' },
    ]);
  });
});

describe('liquidation', () => {
  it('lowers leverage so the stop triggers before the estimated liquidation price', () => {
    const verdict = gate({
      proposal: { leverage: 50, slPct: 0.025 },
      limits: { maxLeverageOpen: 100 },
    });
    // 1 / (0.025 + 0.005 maintenance + 0.005 buffer) = 28.57
    expect(verdict.order?.leverage).toBe(28.57);
    expect(adjustmentsOf(verdict, 'leverage').at(-1)).toMatchObject({ before: 50, after: 28.57 });
  });

  it('refuses when even MIN_LEVERAGE would put the stop past liquidation — SL_BEYOND_LIQUIDATION', () => {
    const verdict = gate({
      proposal: { leverage: 50, slPct: 0.025 },
      limits: { maxLeverageOpen: 100, minLeverage: 40 },
    });
    expect(verdict.blockedBy).toEqual(['SL_BEYOND_LIQUIDATION']);
  });

  it('keeps the buffer for a short as well', () => {
    const verdict = gate({
      proposal: { action: 'OPEN_SHORT', leverage: 60, slPct: 0.02 },
      limits: { maxLeverageOpen: 100 },
    });
    expect(verdict.order?.leverage).toBe(33.33);
  });
});
