import type { z } from 'zod';
import type { RiskLimits } from '../domain/index.ts';
import {
  accountSchema,
  GateInputError,
  instrumentSchema,
  limitsSchema,
  marketSchema,
  proposalSchema,
  type ValidAccount,
  type ValidInstrument,
  type ValidMarket,
  type ValidProposal,
} from './input.ts';
import { fastAccount, fastInstrument, fastMarket, fastProposal } from './input-fast.ts';

/** Each part of a gate input checked against its schema (input.ts); a failure is a GateInputError naming the field. */

function describeIssues(part: string, error: z.ZodError): string {
  const first = error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = issue.path.length > 0 ? `${part}.${issue.path.join('.')}` : part;
      return `${where}: ${issue.message}`;
    })
    .join('; ');
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return `invalid ${part}: ${first}${more}`;
}

let fastValidation = true;

/**
 * Off: every gate input is validated by its zod schema alone (a backtest's reference path, which
 * checks that the hand-written common case in input-fast.ts changes nothing). On by default.
 */
export function setFastValidation(on: boolean): void {
  fastValidation = on;
}

function parsePart<T>(
  part: string,
  schema: z.ZodType<T>,
  value: unknown,
  fast: (value: unknown) => T | undefined,
): T {
  if (value === undefined || value === null) throw new GateInputError(`missing ${part}`);
  const accepted = fastValidation ? fast(value) : undefined;
  if (accepted !== undefined) return accepted;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new GateInputError(describeIssues(part, parsed.error));
  return parsed.data;
}

export function parseProposal(value: unknown): ValidProposal {
  return parsePart('proposal', proposalSchema, value, fastProposal);
}

export function parseAccount(value: unknown): ValidAccount {
  return parsePart('account', accountSchema, value, fastAccount);
}

/** A missing instrument is not an error of the input: it is INSTRUMENT_UNKNOWN. */
export function parseInstrument(value: unknown): ValidInstrument | null {
  if (value === undefined || value === null) return null;
  return parsePart('instrument', instrumentSchema, value, fastInstrument);
}

export function parseMarket(value: unknown): ValidMarket {
  return parsePart('market', marketSchema, value, fastMarket);
}

/** Validated limits by the (deep-frozen, so unchangeable) object they came from. */
const validatedLimits = new WeakMap<object, RiskLimits>();

/**
 * Limits are configuration, the same object for every proposal: a deep-frozen one is validated
 * once for its life. A limits object that can still change is validated on every call.
 */
export function parseLimits(value: unknown): RiskLimits {
  const known = typeof value === 'object' && value !== null ? validatedLimits.get(value) : undefined;
  if (known) return known;
  const parsed = Object.freeze(parsePart('limits', limitsSchema, value, () => undefined));
  if (isDeepFrozen(value)) validatedLimits.set(value as object, parsed);
  return parsed;
}

function isDeepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (!Object.isFrozen(value)) return false;
  return Object.values(value).every(isDeepFrozen);
}
