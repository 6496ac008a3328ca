import { z } from 'zod';
import {
  envBool,
  envNumberMap,
  fraction,
  nonNegativeInt,
  nonNegativeNumber,
  positiveInt,
  positiveNumber,
  score,
} from '../env-types.ts';

/** SPEC sections 4 and 9. Defaults here are the LIVE profile's unless the profile overrides them. */
export const riskSection = {
  MAX_LOSS_USDT_PER_TRADE: positiveNumber.describe('Risk budget per trade: loss at the stop incl. fees'),
  MAX_TOTAL_RISK_USDT: positiveNumber.describe(
    'Cap on the summed risk of open positions and pending entries',
  ),
  MAX_NOTIONAL_USDT: positiveNumber.describe('Cap on one position notional'),
  MIN_SL_DISTANCE_PCT: fraction.describe('Tightest allowed stop distance (fraction of entry)'),
  MAX_SL_DISTANCE_PCT: fraction.describe('Widest allowed stop distance (fraction of entry)'),
  MARGIN_SAFETY_FACTOR: fraction.describe('Share of the available balance an entry may use as margin'),
  MAX_OPEN_POSITIONS: positiveInt.describe('Open positions + pending entries'),
  MIN_LEVERAGE: positiveNumber.describe('Leverage floor'),
  MAX_LEVERAGE_OPEN: positiveNumber.describe('Leverage ceiling for opens'),
  ENABLE_CONFIDENCE_LEVERAGE_ADJUST: envBool.describe('Cap leverage by the (score-capped) confidence'),
  LEVERAGE_CAP_CONFIDENCE_LOW: score.describe('Confidence below this is "low"'),
  LEVERAGE_CAP_CONFIDENCE_MED: score.describe('Confidence below this (and above LOW) is "medium"'),
  LEVERAGE_MAX_CONFIDENCE_LOW: positiveNumber.describe('Leverage cap at low confidence'),
  LEVERAGE_MAX_CONFIDENCE_MED: positiveNumber.describe('Leverage cap at medium confidence'),
  BYBIT_HEDGE_MODE: envBool.describe('Must stay false: Warden trades one-way mode (checked at start)'),

  ALLOW_MARKET_ENTRY: envBool.default(false).describe('Allow MARKET entries (LIMIT only when false)'),
  MAX_ENTRY_DEVIATION_PCT: fraction.default(0.01).describe('LIMIT entry must be within this of the mark'),
  SL_SLIPPAGE_ALLOWANCE_PCT: nonNegativeNumber
    .pipe(z.number().lt(0.05))
    .default(0.001)
    .describe('Extra adverse move assumed when the stop fills, sized into the risk'),
  SCORE_GATE_ENABLED: envBool.default(true).describe('Require a server-side setup score'),
  PRE_SCORE_MIN: score.default(55).describe('Minimum trend-setup score'),
  RANGE_SCORE_MIN: score.default(60).describe('Minimum range-setup score'),
  COOLDOWN_SAME_SIDE_MINUTES: nonNegativeNumber
    .default(5)
    .describe('Wait after a close before reopening the same side'),
  COOLDOWN_OPPOSITE_SIDE_MINUTES: nonNegativeNumber
    .default(60)
    .describe('Wait after a close before opening the opposite side'),
  LIQUIDATION_BUFFER_PCT: nonNegativeNumber
    .pipe(z.number().lt(0.5))
    .default(0.005)
    .describe('Stop must trigger this far (fraction of entry) before the estimated liquidation'),
  MAINTENANCE_MARGIN_RATE: fraction
    .default(0.005)
    .describe('Maintenance margin rate for the liquidation estimate'),

  ENABLE_RECOVERY_SIZING: envBool.describe('Grow the budget after a losing close on a symbol'),
  RECOVERY_SIZING_MULTIPLIER: positiveNumber
    .pipe(z.number().min(1).max(3))
    .default(1.5)
    .describe('Budget multiplier per recovery step (1–3)'),
  RECOVERY_MAX_STEPS: nonNegativeInt
    .pipe(z.number().max(5))
    .default(2)
    .describe('Recovery steps at most (0–5)'),
  ALLOW_RECOVERY_IN_LIVE: envBool
    .default(false)
    .describe('The live profile refuses recovery sizing unless true'),

  SYMBOL_RISK_CAPS_USDT: envNumberMap
    .default({})
    .describe('Per-symbol open-risk caps, e.g. BTCUSDT:0.7,ETHUSDT:0.5'),
  ENABLE_CORRELATION_CHECK: envBool
    .default(true)
    .describe('Same-direction correlated positions share one budget'),
  CORRELATION_THRESHOLD: fraction
    .default(0.8)
    .describe('Return correlation above which symbols form a cluster'),
  CORRELATION_CLUSTER_RISK_USDT: positiveNumber.default(0.7).describe('Risk budget shared by one cluster'),
  CORRELATION_WINDOW: positiveInt.default(96).describe('Decision candles of returns used for correlations'),

  // Same shape as every config section on purpose: one described zod field per variable.
  ENABLE_DYNAMIC_LIMITS: envBool.default(false).describe('Per-trade and total risk follow equity'),
  DYNAMIC_RISK_PER_TRADE_PCT: fraction.default(0.0035).describe('Per-trade risk as a fraction of equity'),
  DYNAMIC_TOTAL_RISK_PCT: fraction.default(0.015).describe('Total risk as a fraction of equity'),
  DYNAMIC_RISK_PER_TRADE_FLOOR_USDT: positiveNumber.default(0.1).describe('Per-trade risk floor'),
  DYNAMIC_RISK_PER_TRADE_CEILING_USDT: positiveNumber.default(2).describe('Per-trade risk ceiling'),
  DYNAMIC_TOTAL_RISK_FLOOR_USDT: positiveNumber.default(0.5).describe('Total risk floor'),
  DYNAMIC_TOTAL_RISK_CEILING_USDT: positiveNumber.default(10).describe('Total risk ceiling'),

  DAILY_LOSS_LIMIT_USDT: positiveNumber.default(3).describe('Realized loss in a UTC day that halts new risk'),
  MAX_DRAWDOWN_PCT: fraction.default(0.15).describe('Drawdown from equity peak that halts trading'),
  MAX_CONSECUTIVE_AI_FAILURES: positiveInt.default(5).describe('AI failures in a row before REDUCING'),
  MAX_CONSECUTIVE_EXCHANGE_FAILURES: positiveInt
    .default(5)
    .describe('Exchange failures in a row before HALTED'),
};
