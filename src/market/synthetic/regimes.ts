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

/** Hours per stretch of the demo schedule: trends that last, ranges between them, short violent bursts. */
const DEMO_HOURS: Readonly<Record<SyntheticRegime, readonly [number, number]>> = {
  trend: [36, 96],
  range: [12, 36],
  violent: [3, 8],
};

/**
 * A schedule a trend follower can trade, for demos without real data: trends of one and a half
 * to four days that keep their direction for two or three stretches (so the higher timeframes
 * agree), ranges between them, and now and then a violent burst. `pick(n)` returns 0..n-1 and
 * `uniform(a, b)` a number in [a, b): the generator's seeded random source.
 */
export function demoSchedule(
  random: { uniform(a: number, b: number): number; chance(p: number): boolean },
  totalCandles: number,
  candlesPerHour: number,
): RegimeSegment[] {
  const out: RegimeSegment[] = [];
  let covered = 0;
  let direction: 'up' | 'down' = random.chance(0.5) ? 'up' : 'down';
  let trendsLeft = 2 + (random.chance(0.5) ? 1 : 0);
  const push = (regime: SyntheticRegime) => {
    const [low, high] = DEMO_HOURS[regime];
    const candles = Math.max(3, Math.round(random.uniform(low, high) * candlesPerHour));
    out.push({ regime, candles, direction });
    covered += candles;
  };
  while (covered < totalCandles) {
    push('trend');
    trendsLeft -= 1;
    if (trendsLeft === 0) {
      direction = direction === 'up' ? 'down' : 'up';
      trendsLeft = 2 + (random.chance(0.5) ? 1 : 0);
    }
    push(random.chance(0.25) ? 'violent' : 'range');
  }
  return out;
}

/** Calmer than REGIME_DYNAMICS, closer to a large-cap perpetual: a 0.35 USDT budget can size its stops. */
export const DEMO_DYNAMICS: Partial<Record<SyntheticRegime, Partial<RegimeDynamics>>> = {
  trend: { driftPerCandle: 0.00025, volatilityPerCandle: 0.001 },
  range: { volatilityPerCandle: 0.0008 },
};
