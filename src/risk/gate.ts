import { ACTIONS, type Action, errorText, type Verdict } from '../domain/index.ts';
import { evaluateClose } from './close.ts';
import { deepFreeze, type OpenContext } from './context.ts';
import { type GateInput, GateInputError } from './input.ts';
import { evaluateOpen } from './open.ts';
import { parseAccount, parseInstrument, parseLimits, parseMarket, parseProposal } from './parse-input.ts';

export type { GateInput } from './input.ts';

/** Reads a field of something that may not be an object, or may throw when read. */
function peek(value: unknown, key: string): unknown {
  try {
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

function gateError(input: unknown, error: unknown): Verdict {
  const proposal = peek(input, 'proposal');
  const symbol = peek(proposal, 'symbol');
  const action = peek(proposal, 'action');
  let detail = 'unknown error';
  try {
    detail = errorText(error);
  } catch {
    // keep the generic detail
  }
  return {
    symbol: typeof symbol === 'string' ? symbol : '',
    proposedAction: (ACTIONS as readonly unknown[]).includes(action) ? (action as Action) : 'HOLD',
    action: 'HOLD',
    blockedBy: ['GATE_ERROR'],
    adjustments: [],
    detail,
  };
}

function evaluate(input: GateInput): Verdict {
  if (input === null || typeof input !== 'object')
    throw new GateInputError('the gate input must be an object');
  const limits = parseLimits(input.limits);
  const proposal = parseProposal(input.proposal);
  if (proposal.action === 'HOLD') {
    return {
      symbol: proposal.symbol,
      proposedAction: 'HOLD',
      action: 'HOLD',
      blockedBy: [],
      adjustments: [],
    };
  }
  const account = parseAccount(input.account);
  if (proposal.action === 'CLOSE') return evaluateClose(deepFreeze(proposal), deepFreeze(account));
  const instrument = parseInstrument(input.instrument);
  const market = parseMarket(input.market);
  if (market.symbol !== proposal.symbol) {
    throw new GateInputError(`market snapshot is for ${market.symbol}, the proposal for ${proposal.symbol}`);
  }
  const ctx: OpenContext = deepFreeze({
    proposal,
    side: proposal.action === 'OPEN_LONG' ? 'LONG' : 'SHORT',
    account,
    instrument,
    market,
    limits,
  });
  return evaluateOpen(ctx);
}

/**
 * The risk gate: proposal + account + instrument rules + market + limits → verdict. Pure and
 * synchronous; never throws, never logs. Any invalid or missing input, or any exception,
 * becomes HOLD with GATE_ERROR and a `detail` (fail closed).
 */
export function evaluateProposal(input: GateInput): Verdict {
  try {
    return evaluate(input);
  } catch (error) {
    return gateError(input, error);
  }
}
