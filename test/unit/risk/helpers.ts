import type { Verdict } from '../../../src/domain/index.ts';
import { evaluateProposal } from '../../../src/risk/index.ts';
import { stubs } from '../../support/stubs.ts';

export const gate = (parts: Parameters<typeof stubs.gateInput>[0] = {}): Verdict =>
  evaluateProposal(stubs.gateInput(parts));

export const adjustmentsOf = (verdict: Verdict, field: string) =>
  verdict.adjustments.filter((a) => a.field === field);
