/** The market regimes the generator can produce. */
export const SYNTHETIC_REGIMES = ['trend', 'range', 'violent'] as const;
export type SyntheticRegime = (typeof SYNTHETIC_REGIMES)[number];

/** One stretch of the schedule: `candles` candles in one regime (a trend goes up or down). */
export interface RegimeSegment {
  regime: SyntheticRegime;
  candles: number;
  direction?: 'up' | 'down';
}

/** Per-5m-candle dynamics; other timeframes scale drift by time and volatility by √time. */
export interface RegimeDynamics {
  /** Mean log return per candle in the trend's direction. */
  driftPerCandle: number;
  /** Standard deviation of the log return per candle. */
  volatilityPerCandle: number;
  /** Pull back towards the segment's opening price per candle (ranges only). */
  meanReversion: number;
  /** Chance per candle of a 3σ–5σ tail move (fat tails). */
  tailChance: number;
  /** Volume multiple of the base volume. */
  volumeFactor: number;
}

export const REGIME_DYNAMICS: Readonly<Record<SyntheticRegime, RegimeDynamics>> = {
  trend: {
    driftPerCandle: 0.0005,
    volatilityPerCandle: 0.0016,
    meanReversion: 0,
    tailChance: 0.002,
    volumeFactor: 1.3,
  },
  range: {
    driftPerCandle: 0,
    volatilityPerCandle: 0.0011,
    meanReversion: 0.04,
    tailChance: 0.001,
    volumeFactor: 0.8,
  },
  violent: {
    driftPerCandle: 0,
    volatilityPerCandle: 0.006,
    meanReversion: 0.005,
    tailChance: 0.02,
    volumeFactor: 2.5,
  },
};
