/**
 * Every `blocked_by` code, spelled exactly as in SPEC section 4 (plus the decision-layer and
 * fail-closed codes). This is the one place they are defined.
 */
export const BLOCK_REASONS = [
  'TRADING_HALTED',
  'TRADING_REDUCING',
  'SYMBOL_NOT_ALLOWED',
  'INSTRUMENT_UNKNOWN',
  'SYMBOL_ALREADY_OPEN',
  'MAX_POSITIONS_REACHED',
  'COOLDOWN_ACTIVE',
  'STALE_MARKET_DATA',
  'INVALID_ENTRY_PRICE',
  'MARKET_ENTRY_DISABLED',
  'MISSING_STOP_LOSS',
  'INVALID_STOP_LOSS',
  'SL_TOO_TIGHT',
  'SL_TOO_WIDE',
  'INVALID_TAKE_PROFIT',
  'LOW_SETUP_SCORE',
  'BELOW_MIN_ORDER_SIZE',
  'INSUFFICIENT_MARGIN',
  'SL_BEYOND_LIQUIDATION',
  'MAX_TOTAL_RISK_EXCEEDED',
  'SYMBOL_RISK_EXCEEDED',
  'CORRELATED_EXPOSURE',
  'NO_POSITION',
  'GATE_ERROR',
  'AI_INVALID_OUTPUT',
  'AI_UNAVAILABLE',
] as const;

export type BlockReason = (typeof BLOCK_REASONS)[number];

export function isBlockReason(value: unknown): value is BlockReason {
  return typeof value === 'string' && (BLOCK_REASONS as readonly string[]).includes(value);
}
