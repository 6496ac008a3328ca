import type { SymbolDecision, Verdict } from '../domain/index.ts';
import { evaluateProposal, type GateInput } from './gate.ts';

/**
 * The gate's verdict on one symbol's decision. A HOLD the decider already made (an unparsable
 * answer, a failed call) passes through unchanged with its reason; anything else is evaluated.
 */
export function verdictForDecision(decision: SymbolDecision, input: Omit<GateInput, 'proposal'>): Verdict {
  if (decision.holdReason) {
    return {
      symbol: decision.symbol,
      proposedAction: 'HOLD',
      action: 'HOLD',
      blockedBy: [decision.holdReason],
      adjustments: [],
      detail: decision.detail ?? undefined,
    };
  }
  return evaluateProposal({ proposal: decision.proposal, ...input });
}
