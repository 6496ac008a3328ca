import { TIMEFRAME_MS } from '../domain/candle.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { ConfigKey, WardenConfig } from './schema.ts';

/**
 * The one mapping of every gate limit (domain/limits.ts) to the variable that sets it; the override
 * keys and toRiskLimits are derived from it. The config schema (sections/risk.ts) validates the
 * variables, the gate (risk/input.ts) validates its own input again, keyed by the same fields.
 */
const LIMIT_VARIABLES = {
  symbols: 'SYMBOLS',
  decisionTimeframeMs: 'DECISION_TIMEFRAME',
  maxLossUsdtPerTrade: 'MAX_LOSS_USDT_PER_TRADE',
  maxTotalRiskUsdt: 'MAX_TOTAL_RISK_USDT',
  maxNotionalUsdt: 'MAX_NOTIONAL_USDT',
  minSlDistancePct: 'MIN_SL_DISTANCE_PCT',
  maxSlDistancePct: 'MAX_SL_DISTANCE_PCT',
  marginSafetyFactor: 'MARGIN_SAFETY_FACTOR',
  maxOpenPositions: 'MAX_OPEN_POSITIONS',
  minLeverage: 'MIN_LEVERAGE',
  maxLeverageOpen: 'MAX_LEVERAGE_OPEN',
  enableConfidenceLeverageAdjust: 'ENABLE_CONFIDENCE_LEVERAGE_ADJUST',
  leverageCapConfidenceLow: 'LEVERAGE_CAP_CONFIDENCE_LOW',
  leverageCapConfidenceMed: 'LEVERAGE_CAP_CONFIDENCE_MED',
  leverageMaxConfidenceLow: 'LEVERAGE_MAX_CONFIDENCE_LOW',
  leverageMaxConfidenceMed: 'LEVERAGE_MAX_CONFIDENCE_MED',
  allowMarketEntry: 'ALLOW_MARKET_ENTRY',
  maxEntryDeviationPct: 'MAX_ENTRY_DEVIATION_PCT',
  slSlippageAllowancePct: 'SL_SLIPPAGE_ALLOWANCE_PCT',
  scoreGateEnabled: 'SCORE_GATE_ENABLED',
  preScoreMin: 'PRE_SCORE_MIN',
  rangeScoreMin: 'RANGE_SCORE_MIN',
  cooldownSameSideMinutes: 'COOLDOWN_SAME_SIDE_MINUTES',
  cooldownOppositeSideMinutes: 'COOLDOWN_OPPOSITE_SIDE_MINUTES',
  liquidationBufferPct: 'LIQUIDATION_BUFFER_PCT',
  maintenanceMarginRate: 'MAINTENANCE_MARGIN_RATE',
  enableRecoverySizing: 'ENABLE_RECOVERY_SIZING',
  recoveryMultiplier: 'RECOVERY_SIZING_MULTIPLIER',
  recoveryMaxSteps: 'RECOVERY_MAX_STEPS',
  enableDynamicLimits: 'ENABLE_DYNAMIC_LIMITS',
  dynamicRiskPerTradePct: 'DYNAMIC_RISK_PER_TRADE_PCT',
  dynamicTotalRiskPct: 'DYNAMIC_TOTAL_RISK_PCT',
  dynamicRiskPerTradeFloorUsdt: 'DYNAMIC_RISK_PER_TRADE_FLOOR_USDT',
  dynamicRiskPerTradeCeilingUsdt: 'DYNAMIC_RISK_PER_TRADE_CEILING_USDT',
  dynamicTotalRiskFloorUsdt: 'DYNAMIC_TOTAL_RISK_FLOOR_USDT',
  dynamicTotalRiskCeilingUsdt: 'DYNAMIC_TOTAL_RISK_CEILING_USDT',
  symbolRiskCapsUsdt: 'SYMBOL_RISK_CAPS_USDT',
  enableCorrelationCheck: 'ENABLE_CORRELATION_CHECK',
  correlationThreshold: 'CORRELATION_THRESHOLD',
  correlationClusterRiskUsdt: 'CORRELATION_CLUSTER_RISK_USDT',
} as const satisfies Record<keyof RiskLimits, ConfigKey>;

type Converted = 'symbols' | 'decisionTimeframeMs' | 'symbolRiskCapsUsdt';

/** The limits whose value is not the variable's as it is (copies, units). */
const CONVERSIONS: { [K in Converted]: (config: WardenConfig) => RiskLimits[K] } = {
  symbols: (config) => [...config.SYMBOLS],
  decisionTimeframeMs: (config) => TIMEFRAME_MS[config.DECISION_TIMEFRAME],
  symbolRiskCapsUsdt: (config) => ({ ...config.SYMBOL_RISK_CAPS_USDT }),
};

// Compile-time: every limit taken as it is has the type of its variable.
type Assert<T extends true> = T;
export type LimitVariablesFit = Assert<
  {
    [K in Exclude<
      keyof RiskLimits,
      Converted
    >]: WardenConfig[(typeof LIMIT_VARIABLES)[K]] extends RiskLimits[K] ? true : false;
  }[Exclude<keyof RiskLimits, Converted>]
>;

/** The variables that feed RiskLimits, i.e. what a `warden gate` document may sensibly override. */
export const limitsOverrideKeys: readonly ConfigKey[] = [
  ...Object.values(LIMIT_VARIABLES),
  'ALLOW_RECOVERY_IN_LIVE',
  'PROFILE',
  'TRADING_MODE',
];

/** The limits the gate enforces, from a validated configuration. */
export function toRiskLimits(config: WardenConfig): RiskLimits {
  return Object.fromEntries(
    Object.entries(LIMIT_VARIABLES).map(([limit, variable]) => {
      const convert = CONVERSIONS[limit as Converted] as ((c: WardenConfig) => unknown) | undefined;
      return [limit, convert ? convert(config) : config[variable]];
    }),
  ) as unknown as RiskLimits;
}
