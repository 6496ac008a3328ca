import { describe, expect, it } from 'vitest';
import type { RiskLimits } from '../../../src/domain/index.ts';
import { deepFreeze, evaluateProposal } from '../../../src/risk/index.ts';
import { stubs } from '../../support/stubs.ts';

/** The gate validates a deep-frozen limits object once; anything that can still change, every time. */
describe('limits validated once per unchangeable object', () => {
  const approvedWith = (limits: RiskLimits) => evaluateProposal({ ...stubs.gateInput(), limits });

  it('a mutable limits object made invalid after a first approval is refused the next time', () => {
    const limits = structuredClone(stubs.gateInput().limits) as RiskLimits;
    expect(approvedWith(limits).blockedBy).toEqual([]);
    (limits as { maxLossUsdtPerTrade: number }).maxLossUsdtPerTrade = Number.NaN;
    const verdict = approvedWith(limits);
    expect(verdict.blockedBy).toEqual(['GATE_ERROR']);
    expect(verdict.detail).toMatch(/limits\.maxLossUsdtPerTrade/);
  });

  it('a mutable nested part (the symbol caps) is read afresh on every proposal', () => {
    const limits = structuredClone(stubs.gateInput().limits) as RiskLimits;
    Object.freeze(limits);
    expect(approvedWith(limits).blockedBy).toEqual([]);
    (limits.symbolRiskCapsUsdt as Record<string, number>).BTCUSDT = -1;
    expect(approvedWith(limits).blockedBy).toEqual(['GATE_ERROR']);
  });

  it('a deep-frozen invalid limits object is refused on every proposal, never remembered as valid', () => {
    const limits = deepFreeze({
      ...structuredClone(stubs.gateInput().limits),
      maxNotionalUsdt: -5,
    } as RiskLimits);
    for (let i = 0; i < 3; i++) expect(approvedWith(limits).blockedBy).toEqual(['GATE_ERROR']);
  });

  it('a deep-frozen valid limits object gives the same verdicts as a fresh copy of it', () => {
    const frozen = deepFreeze(structuredClone(stubs.gateInput().limits) as RiskLimits);
    for (let i = 0; i < 3; i++) {
      expect(approvedWith(frozen)).toEqual(approvedWith(structuredClone(frozen) as RiskLimits));
    }
  });
});
