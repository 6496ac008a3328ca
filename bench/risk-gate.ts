import fc from 'fast-check';
import { evaluateProposal } from '../src/risk/index.ts';
import { stubs } from '../test/support/stubs.ts';
import { gateInputArb } from '../test/unit/risk/arbitraries.ts';
import type { BenchFigure, BenchSuite } from './types.ts';

/** Best of `rounds` runs (after one warm-up run), in calls per second. */
function callsPerSecond(calls: number, rounds: number, run: () => void): number {
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return calls / (best / 1000);
}

export const riskGateSuite: BenchSuite = {
  name: 'risk-gate',
  async run(): Promise<BenchFigure[]> {
    const approvedInput = stubs.gateInput();
    const randomInputs = fc.sample(gateInputArb, { numRuns: 2_000, seed: 42 });
    const approved = randomInputs.filter((input) => evaluateProposal(input).blockedBy.length === 0).length;
    const single = callsPerSecond(2_000, 5, () => {
      for (let i = 0; i < 2_000; i++) evaluateProposal(approvedInput);
    });
    const mixed = callsPerSecond(randomInputs.length, 5, () => {
      for (const input of randomInputs) evaluateProposal(input);
    });
    const garbage = callsPerSecond(2_000, 5, () => {
      for (let i = 0; i < 2_000; i++) evaluateProposal({ ...approvedInput, account: { positions: 'x' } });
    });
    return [
      { name: 'evaluateProposal, approved LIMIT long', value: single, unit: 'calls/s' },
      {
        name: 'evaluateProposal, 2,000 random proposals (seed 42)',
        value: mixed,
        unit: 'calls/s',
        note: `${approved} approved`,
      },
      { name: 'evaluateProposal, invalid account (GATE_ERROR)', value: garbage, unit: 'calls/s' },
    ];
  },
};
