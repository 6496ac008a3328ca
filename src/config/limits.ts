import { TIMEFRAME_MS } from '../domain/candle.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { ConfigKey, WardenConfig } from './schema.ts';

/** The variables that feed RiskLimits, i.e. what a `warden gate` document may sensibly override. */
export const limitsOverrideKeys: readonly ConfigKey[] = [
  'SYMBOLS',
  'DECISION_TIMEFRAME',
  'MAX_LOSS_USDT_PER_TRADE',
  'MAX_TOTAL_RISK_USDT',
  'MAX_NOTIONAL_USDT',
  'MIN_SL_DISTANCE_PCT',
  'MAX_SL_DISTANCE_PCT',
  'MARGIN_SAFETY_FACTOR',
  'MAX_OPEN_POSITIONS',
  'MIN_LEVERAGE',
  'MAX_LEVERAGE_OPEN',
  'ENABLE_CONFIDENCE_LEVERAGE_ADJUST',
  'LEVERAGE_CAP_CONFIDENCE_LOW',
  'LEVERAGE_CAP_CONFIDENCE_MED',
  'LEVERAGE_MAX_CONFIDENCE_LOW',
  'LEVERAGE_MAX_CONFIDENCE_MED',
  'ALLOW_MARKET_ENTRY',
  'MAX_ENTRY_DEVIATION_PCT',
  'SL_SLIPPAGE_ALLOWANCE_PCT',
  'SCORE_GATE_ENABLED',
  'PRE_SCORE_MIN',
  'RANGE_SCORE_MIN',
  'COOLDOWN_SAME_SIDE_MINUTES',
  'COOLDOWN_OPPOSITE_SIDE_MINUTES',
  'LIQUIDATION_BUFFER_PCT',
  'MAINTENANCE_MARGIN_RATE',
  'ENABLE_RECOVERY_SIZING',
  'RECOVERY_SIZING_MULTIPLIER',
  'RECOVERY_MAX_STEPS',
  'ALLOW_RECOVERY_IN_LIVE',
  'ENABLE_DYNAMIC_LIMITS',
  'DYNAMIC_RISK_PER_TRADE_PCT',
  'DYNAMIC_TOTAL_RISK_PCT',
  'DYNAMIC_RISK_PER_TRADE_FLOOR_USDT',
  'DYNAMIC_RISK_PER_TRADE_CEILING_USDT',
  'DYNAMIC_TOTAL_RISK_FLOOR_USDT',
  'DYNAMIC_TOTAL_RISK_CEILING_USDT',
  'SYMBOL_RISK_CAPS_USDT',
  'ENABLE_CORRELATION_CHECK',
  'CORRELATION_THRESHOLD',
  'CORRELATION_CLUSTER_RISK_USDT',
  'PROFILE',
  'TRADING_MODE',
];

/** The limits the gate enforces, from a validated configuration. */
export function toRiskLimits(config: WardenConfig): RiskLimits {
  return {
    symbols: [...config.SYMBOLS],
    decisionTimeframeMs: TIMEFRAME_MS[config.DECISION_TIMEFRAME],

    maxLossUsdtPerTrade: config.MAX_LOSS_USDT_PER_TRADE,
    maxTotalRiskUsdt: config.MAX_TOTAL_RISK_USDT,
    maxNotionalUsdt: config.MAX_NOTIONAL_USDT,
    minSlDistancePct: config.MIN_SL_DISTANCE_PCT,
    maxSlDistancePct: config.MAX_SL_DISTANCE_PCT,
    marginSafetyFactor: config.MARGIN_SAFETY_FACTOR,
    maxOpenPositions: config.MAX_OPEN_POSITIONS,

    minLeverage: config.MIN_LEVERAGE,
    maxLeverageOpen: config.MAX_LEVERAGE_OPEN,
    enableConfidenceLeverageAdjust: config.ENABLE_CONFIDENCE_LEVERAGE_ADJUST,
    leverageCapConfidenceLow: config.LEVERAGE_CAP_CONFIDENCE_LOW,
    leverageCapConfidenceMed: config.LEVERAGE_CAP_CONFIDENCE_MED,
    leverageMaxConfidenceLow: config.LEVERAGE_MAX_CONFIDENCE_LOW,
    leverageMaxConfidenceMed: config.LEVERAGE_MAX_CONFIDENCE_MED,

    allowMarketEntry: config.ALLOW_MARKET_ENTRY,
    maxEntryDeviationPct: config.MAX_ENTRY_DEVIATION_PCT,
    slSlippageAllowancePct: config.SL_SLIPPAGE_ALLOWANCE_PCT,

    scoreGateEnabled: config.SCORE_GATE_ENABLED,
    preScoreMin: config.PRE_SCORE_MIN,
    rangeScoreMin: config.RANGE_SCORE_MIN,

    cooldownSameSideMinutes: config.COOLDOWN_SAME_SIDE_MINUTES,
    cooldownOppositeSideMinutes: config.COOLDOWN_OPPOSITE_SIDE_MINUTES,

    liquidationBufferPct: config.LIQUIDATION_BUFFER_PCT,
    maintenanceMarginRate: config.MAINTENANCE_MARGIN_RATE,

    enableRecoverySizing: config.ENABLE_RECOVERY_SIZING,
    recoveryMultiplier: config.RECOVERY_SIZING_MULTIPLIER,
    recoveryMaxSteps: config.RECOVERY_MAX_STEPS,

    enableDynamicLimits: config.ENABLE_DYNAMIC_LIMITS,
    dynamicRiskPerTradePct: config.DYNAMIC_RISK_PER_TRADE_PCT,
    dynamicTotalRiskPct: config.DYNAMIC_TOTAL_RISK_PCT,
    dynamicRiskPerTradeFloorUsdt: config.DYNAMIC_RISK_PER_TRADE_FLOOR_USDT,
    dynamicRiskPerTradeCeilingUsdt: config.DYNAMIC_RISK_PER_TRADE_CEILING_USDT,
    dynamicTotalRiskFloorUsdt: config.DYNAMIC_TOTAL_RISK_FLOOR_USDT,
    dynamicTotalRiskCeilingUsdt: config.DYNAMIC_TOTAL_RISK_CEILING_USDT,

    symbolRiskCapsUsdt: { ...config.SYMBOL_RISK_CAPS_USDT },

    enableCorrelationCheck: config.ENABLE_CORRELATION_CHECK,
    correlationThreshold: config.CORRELATION_THRESHOLD,
    correlationClusterRiskUsdt: config.CORRELATION_CLUSTER_RISK_USDT,
  };
}
