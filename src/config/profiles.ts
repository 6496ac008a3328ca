/**
 * Profile defaults (SPEC section 9). A variable always overrides its profile. Paper mode uses the
 * LIVE profile so that paper results mean something.
 */
export const PROFILE_DEFAULTS = {
  live: {
    MAX_LOSS_USDT_PER_TRADE: 0.35,
    MAX_TOTAL_RISK_USDT: 1.5,
    MAX_NOTIONAL_USDT: 50,
    MIN_SL_DISTANCE_PCT: 0.0025,
    MAX_SL_DISTANCE_PCT: 0.025,
    MARGIN_SAFETY_FACTOR: 0.85,
    ENABLE_RECOVERY_SIZING: false,
    MIN_LEVERAGE: 3,
    MAX_LEVERAGE_OPEN: 10,
    ENABLE_CONFIDENCE_LEVERAGE_ADJUST: false,
    LEVERAGE_CAP_CONFIDENCE_LOW: 60,
    LEVERAGE_CAP_CONFIDENCE_MED: 75,
    LEVERAGE_MAX_CONFIDENCE_LOW: 4,
    LEVERAGE_MAX_CONFIDENCE_MED: 6,
    BYBIT_HEDGE_MODE: false,
    MAX_OPEN_POSITIONS: 10,
  },
  // Same keys as live on purpose: each profile spells out every default it sets.
  testnet: {
    MAX_LOSS_USDT_PER_TRADE: 1.0,
    MAX_TOTAL_RISK_USDT: 5.0,
    MAX_NOTIONAL_USDT: 200,
    MIN_SL_DISTANCE_PCT: 0.001,
    MAX_SL_DISTANCE_PCT: 0.05,
    MARGIN_SAFETY_FACTOR: 0.8,
    ENABLE_RECOVERY_SIZING: true,
    MIN_LEVERAGE: 3,
    MAX_LEVERAGE_OPEN: 10,
    ENABLE_CONFIDENCE_LEVERAGE_ADJUST: true,
    LEVERAGE_CAP_CONFIDENCE_LOW: 60,
    LEVERAGE_CAP_CONFIDENCE_MED: 75,
    LEVERAGE_MAX_CONFIDENCE_LOW: 4,
    LEVERAGE_MAX_CONFIDENCE_MED: 6,
    BYBIT_HEDGE_MODE: false,
    MAX_OPEN_POSITIONS: 10,
  },
} as const;

export type ProfileName = keyof typeof PROFILE_DEFAULTS;
