import type { Timeframe } from './candle.ts';

/**
 * Numeric market metrics for one symbol on one timeframe, in the SPEC's vocabulary.
 * These are what the model may see. null means "not enough history yet".
 */
export interface TimeframeFeatures {
  timeframe: Timeframe;
  /** Open time of the last closed candle these features were computed from. */
  candleTs: number;
  close: number;
  /** Change of the close over the last candle, as a fraction. */
  changePct: number | null;
  /** Realised volatility of close-to-close returns over the window, as a fraction. */
  volatilityPct: number | null;
  atr: number | null;
  /** |EMA20 − EMA200| / EMA200. */
  trendStrength: number | null;
  adx: number | null;
  ema20: number | null;
  ema200: number | null;
  rsi: number | null;
  macdHistogram: number | null;
  bollingerWidth: number | null;
  volumeRatio: number | null;
  /** Distance from close down to the nearest support, as a fraction of close (null if none). */
  supportDistancePct: number | null;
  /** Distance from close up to the nearest resistance, as a fraction of close (null if none). */
  resistanceDistancePct: number | null;
}

export const REGIMES = ['TREND', 'RANGE', 'TRANSITION'] as const;
export type Regime = (typeof REGIMES)[number];

/** Server-side only: never sent to the model; consumed by the gate and the journal. */
export interface ServerScores {
  regime: Regime | null;
  /** 0–100 trend-setup score. */
  preScore: number | null;
  /** 0–100 range-setup score. */
  rangeScore: number | null;
}

/** Everything the market layer knows about one symbol at a decision time. */
export interface SymbolMarketView {
  symbol: string;
  nowMs: number;
  lastPrice: number;
  markPrice: number;
  /** Latest funding rate per 8h interval as a fraction, if known. */
  fundingRate: number | null;
  /** Open time of the last closed candle of the decision timeframe. */
  lastClosedCandleMs: number;
  /** Keyed by timeframe; the decision timeframe is always present. */
  timeframes: Partial<Record<Timeframe, TimeframeFeatures>>;
  scores: ServerScores;
}
