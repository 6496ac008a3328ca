/** The feature engine was fed or asked something it cannot answer safely (out-of-order candle, no data yet…). */
export class FeatureError extends Error {
  override readonly name = 'FeatureError';
}
