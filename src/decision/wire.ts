import { z } from 'zod';
import { ACTIONS, ENTRY_TYPES } from '../domain/index.ts';

/**
 * The reply wire format (SPEC section 3, snake_case): one document, one entry per symbol.
 *   {"decisions":[{"symbol":"BTCUSDT","action":"HOLD","confidence":40,...}]}
 * Types and ranges are checked here; whether a stop or entry makes sense for the market is the
 * gate's job, so it can answer with its precise codes (INVALID_STOP_LOSS, SL_TOO_TIGHT, ...).
 */
export const wireDecisionSchema = z.object({
  symbol: z.string().trim().min(1).max(30),
  action: z.enum(ACTIONS),
  confidence: z.number().min(0).max(100).nullish(),
  leverage: z.number().positive().max(200).nullish(),
  size_pct: z.number().min(0).max(1).nullish(),
  entry_type: z.enum(ENTRY_TYPES).nullish(),
  entry_price: z.number().nullish(),
  sl_pct: z.number().nullish(),
  tp_pct: z.number().nullish(),
  rationale: z.string().max(2000).nullish(),
});

export type WireDecision = z.output<typeof wireDecisionSchema>;

export interface WireDocument {
  decisions: unknown[];
}

export function isWireDocument(value: unknown): value is WireDocument {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Array.isArray((value as { decisions?: unknown }).decisions)
  );
}
