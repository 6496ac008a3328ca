import type { PositionSide, RiskLimits } from '../domain/index.ts';
import type { ValidAccount, ValidInstrument, ValidMarket, ValidProposal } from './input.ts';

/** The validated, frozen inputs of one OPEN_LONG / OPEN_SHORT evaluation. */
export interface OpenContext {
  readonly proposal: ValidProposal;
  readonly side: PositionSide;
  readonly account: ValidAccount;
  /** null when the venue's rules for the symbol are unknown (INSTRUMENT_UNKNOWN). */
  readonly instrument: ValidInstrument | null;
  readonly market: ValidMarket;
  readonly limits: RiskLimits;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
