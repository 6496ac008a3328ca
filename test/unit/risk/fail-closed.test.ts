import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, isBlockReason, type Verdict } from '../../../src/domain/index.ts';
import { evaluateProposal, type GateInput } from '../../../src/risk/index.ts';
import { stubs } from '../../support/stubs.ts';

function expectWellFormed(verdict: Verdict) {
  expect(ACTIONS).toContain(verdict.action);
  expect(Array.isArray(verdict.blockedBy)).toBe(true);
  expect(verdict.blockedBy.every(isBlockReason)).toBe(true);
  expect(Array.isArray(verdict.adjustments)).toBe(true);
}

function expectGateError(verdict: Verdict, detail: RegExp) {
  expect(verdict.action).toBe('HOLD');
  expect(verdict.blockedBy).toEqual(['GATE_ERROR']);
  expect(verdict.order).toBeUndefined();
  expect(verdict.detail).toMatch(detail);
}

const PARTS = ['proposal', 'account', 'instrument', 'market', 'limits'] as const;

describe('the gate fails closed', () => {
  it.each(['proposal', 'account', 'market', 'limits'] as const)(
    'holds with GATE_ERROR when %s is missing',
    (part) => {
      const input = { ...stubs.gateInput(), [part]: undefined } as unknown as GateInput;
      expectGateError(evaluateProposal(input), new RegExp(`missing ${part}`));
    },
  );

  it('holds with GATE_ERROR and names the field when an account figure is not finite', () => {
    const input = stubs.gateInput({ account: { walletAvailableUsdt: Number.NaN } });
    expectGateError(evaluateProposal(input), /account\.walletAvailableUsdt/);
  });

  it('holds with GATE_ERROR when a limit is invalid', () => {
    const input = stubs.gateInput({ limits: { maxTotalRiskUsdt: Number.POSITIVE_INFINITY } });
    expectGateError(evaluateProposal(input), /limits\.maxTotalRiskUsdt/);
  });

  it('holds with GATE_ERROR when the limits contradict themselves', () => {
    const input = stubs.gateInput({ limits: { minLeverage: 20, maxLeverageOpen: 10 } });
    expectGateError(evaluateProposal(input), /minLeverage must not exceed maxLeverageOpen/);
  });

  it('holds with GATE_ERROR when the market snapshot is for another symbol', () => {
    expectGateError(evaluateProposal(stubs.gateInput({ market: { symbol: 'ETHUSDT' } })), /ETHUSDT/);
  });

  it('holds with GATE_ERROR when a proposal number is a string', () => {
    const input = stubs.gateInput();
    const proposal = { ...input.proposal, slPct: '0.01' };
    expectGateError(evaluateProposal({ ...input, proposal }), /proposal\.slPct/);
  });

  it('holds with GATE_ERROR when reading an input throws', () => {
    const input = stubs.gateInput();
    const account = Object.defineProperty({ ...input.account }, 'positions', {
      enumerable: true,
      get() {
        throw new Error('exchange snapshot torn');
      },
    });
    const verdict = evaluateProposal({ ...input, account });
    expectGateError(verdict, /torn|account/);
    expect(verdict.symbol).toBe('BTCUSDT');
    expect(verdict.proposedAction).toBe('OPEN_LONG');
  });

  it('holds with GATE_ERROR when the input is not an object at all', () => {
    expectGateError(evaluateProposal(null as unknown as GateInput), /must be an object/);
    expectGateError(evaluateProposal(42 as unknown as GateInput), /must be an object/);
  });

  it('holds with GATE_ERROR when two positions are reported on the symbol of a CLOSE', () => {
    const position = stubs.position({ symbol: 'BTCUSDT' });
    const input = stubs.gateInput({
      proposal: { action: 'CLOSE' },
      account: { positions: [position, position] },
    });
    expectGateError(evaluateProposal(input), /one-way mode/);
  });

  it('does not modify or depend on the caller keeping its objects', () => {
    const input = stubs.gateInput();
    const frozen = structuredClone(input);
    const verdict = evaluateProposal(input);
    expect(input).toEqual(frozen);
    input.account.positions.push(stubs.position({ symbol: 'BTCUSDT' }));
    expect(verdict.order?.qty).toBeGreaterThan(0);
  });
});

describe('the gate returns a verdict for arbitrary input', () => {
  it('never throws for arbitrary values in place of the whole input', () => {
    fc.assert(
      fc.property(fc.anything(), (anything) => {
        expectWellFormed(evaluateProposal(anything as GateInput));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and never approves an open when any part is arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PARTS), fc.jsonValue(), (part, value) => {
        const input = { ...stubs.gateInput(), [part]: value } as unknown as GateInput;
        const verdict = evaluateProposal(input);
        expectWellFormed(verdict);
        // Garbage in a part can at most be "no instrument"; it never yields an order.
        expect(verdict.order).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it('never throws when every part is arbitrary', () => {
    fc.assert(
      fc.property(fc.record(Object.fromEntries(PARTS.map((p) => [p, fc.anything()]))), (input) => {
        expectWellFormed(evaluateProposal(input as unknown as GateInput));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws when a single proposal field is arbitrary', () => {
    const fields = [
      'symbol',
      'action',
      'confidence',
      'leverage',
      'entryType',
      'entryPrice',
      'slPct',
      'tpPct',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.anything(), (field, value) => {
        const input = stubs.gateInput();
        const verdict = evaluateProposal({ ...input, proposal: { ...input.proposal, [field]: value } });
        expectWellFormed(verdict);
        if (verdict.order) expect(verdict.order.stopLoss).not.toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
