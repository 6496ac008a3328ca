export { ReturnCorrelation, type ReturnCorrelationOptions } from './correlation.ts';
export { FeatureError } from './errors.ts';
export {
  FeatureEngine,
  type FeatureEngineOptions,
  type MarketPrices,
  type ScoreDetails,
} from './feature-engine.ts';
export { nextRegime, type RegimeThresholds, RegimeTracker } from './regime.ts';
export {
  preScore,
  rangeScore,
  type ScoreBreakdown,
  type ScoreComponent,
  type TrendDirection,
} from './scores.ts';
export { type FeatureRow, type FeatureSeriesOptions, featureSeries } from './series.ts';
export type { IndicatorSettings, TimeframeAnalysis } from './timeframe-state.ts';
