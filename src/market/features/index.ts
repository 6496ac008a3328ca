export { ReturnCorrelation, type ReturnCorrelationOptions } from './correlation.ts';
export { FeatureError } from './errors.ts';
export {
  FeatureEngine,
  type FeatureEngineOptions,
  type MarketPrices,
  type ScoreDetails,
} from './feature-engine.ts';
export { DEFAULT_REGIME_THRESHOLDS, nextRegime, type RegimeThresholds, RegimeTracker } from './regime.ts';
export {
  preScore,
  ramp,
  rangeScore,
  type ScoreBreakdown,
  type ScoreComponent,
  type TrendDirection,
  trendDirectionOf,
} from './scores.ts';
export { type FeatureRow, type FeatureSeriesOptions, featureSeries } from './series.ts';
export {
  DEFAULT_INDICATOR_SETTINGS,
  type IndicatorSettings,
  type TimeframeAnalysis,
  TimeframeState,
  toTimeframeFeatures,
} from './timeframe-state.ts';
