/**
 * The limits the gate enforces, already resolved from the configuration (profile defaults,
 * environment overrides, validation). Fractions are fractions: 0.01 = 1%.
 */
export interface RiskLimits {
  symbols: string[];
  decisionTimeframeMs: number;

  maxLossUsdtPerTrade: number;
  maxTotalRiskUsdt: number;
  maxNotionalUsdt: number;
  minSlDistancePct: number;
  maxSlDistancePct: number;
  marginSafetyFactor: number;
  maxOpenPositions: number;

  minLeverage: number;
  maxLeverageOpen: number;
  enableConfidenceLeverageAdjust: boolean;
  leverageCapConfidenceLow: number;
  leverageCapConfidenceMed: number;
  leverageMaxConfidenceLow: number;
  leverageMaxConfidenceMed: number;

  allowMarketEntry: boolean;
  maxEntryDeviationPct: number;
  /** Extra adverse move assumed when the stop-market fills, as a fraction of entry. */
  slSlippageAllowancePct: number;

  scoreGateEnabled: boolean;
  preScoreMin: number;
  rangeScoreMin: number;

  cooldownSameSideMinutes: number;
  cooldownOppositeSideMinutes: number;

  /** The stop must trigger at least this fraction of entry before the liquidation price. */
  liquidationBufferPct: number;
  /** Maintenance margin rate used to estimate the liquidation price. */
  maintenanceMarginRate: number;

  enableRecoverySizing: boolean;
  recoveryMultiplier: number;
  recoveryMaxSteps: number;

  enableDynamicLimits: boolean;
  dynamicRiskPerTradePct: number;
  dynamicTotalRiskPct: number;
  dynamicRiskPerTradeFloorUsdt: number;
  dynamicRiskPerTradeCeilingUsdt: number;
  dynamicTotalRiskFloorUsdt: number;
  dynamicTotalRiskCeilingUsdt: number;

  /** Optional per-symbol caps on open risk, in USDT. */
  symbolRiskCapsUsdt: Record<string, number>;

  enableCorrelationCheck: boolean;
  correlationThreshold: number;
  correlationClusterRiskUsdt: number;
}
