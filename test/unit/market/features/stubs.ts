import type { TimeframeAnalysis } from '../../../../src/market/features/index.ts';

/** A warm 15m analysis of a clean uptrend; override what a test is about. */
export function analysis(overrides: Partial<TimeframeAnalysis> = {}): TimeframeAnalysis {
  return {
    timeframe: '15m',
    candleTs: 1_735_689_600_000,
    close: 103,
    changePct: 0.001,
    volatilityPct: 0.002,
    atr: 1,
    trendStrength: 0.03,
    adx: 40,
    ema20: 102,
    ema200: 99,
    rsi: 70,
    macdHistogram: 0.2,
    bollingerWidth: 0.02,
    volumeRatio: 2,
    supportDistancePct: 0.01,
    resistanceDistancePct: null,
    previousClose: 102.9,
    macd: { macd: 1, signal: 0.8, histogram: 0.2 },
    plusDi: 30,
    minusDi: 10,
    support: 102,
    resistance: null,
    levelsWarm: true,
    emaCrossings: 0,
    ...overrides,
  };
}
