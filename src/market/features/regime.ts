import type { Regime } from '../../domain/index.ts';

/**
 * Regime thresholds. Trend strength is measured here as the EMA separation in ATRs,
 * |EMA20 − EMA200| / ATR, which (unlike the fraction of price) means the same thing on every
 * symbol and timeframe. Enter and exit levels differ (hysteresis), so a series hovering around
 * one threshold cannot flip the regime every candle.
 */
export interface RegimeThresholds {
  trendEnterAdx: number;
  trendEnterSeparationAtr: number;
  trendExitAdx: number;
  trendExitSeparationAtr: number;
  rangeEnterAdx: number;
  rangeEnterSeparationAtr: number;
  rangeExitAdx: number;
  rangeExitSeparationAtr: number;
}

export const DEFAULT_REGIME_THRESHOLDS: RegimeThresholds = {
  trendEnterAdx: 25,
  trendEnterSeparationAtr: 3,
  trendExitAdx: 20,
  trendExitSeparationAtr: 2,
  rangeEnterAdx: 20,
  rangeEnterSeparationAtr: 1.5,
  rangeExitAdx: 24,
  rangeExitSeparationAtr: 2.5,
};

export interface RegimeInput {
  adx: number;
  separationAtr: number;
}

/** Applies the hysteresis rule once per closed decision candle. */
export function nextRegime(
  current: Regime | null,
  input: RegimeInput,
  t: RegimeThresholds = DEFAULT_REGIME_THRESHOLDS,
): Regime {
  const { adx, separationAtr } = input;
  const entersTrend = adx >= t.trendEnterAdx && separationAtr >= t.trendEnterSeparationAtr;
  const entersRange = adx <= t.rangeEnterAdx && separationAtr <= t.rangeEnterSeparationAtr;
  if (current === 'TREND' && adx >= t.trendExitAdx && separationAtr >= t.trendExitSeparationAtr)
    return 'TREND';
  if (current === 'RANGE' && adx <= t.rangeExitAdx && separationAtr <= t.rangeExitSeparationAtr)
    return 'RANGE';
  if (entersTrend) return 'TREND';
  if (entersRange) return 'RANGE';
  return 'TRANSITION';
}

/** Holds the regime between candles; null until ADX, the EMAs and ATR are warm. */
export class RegimeTracker {
  private current: Regime | null = null;

  constructor(readonly thresholds: RegimeThresholds = DEFAULT_REGIME_THRESHOLDS) {}

  get regime(): Regime | null {
    return this.current;
  }

  update(input: RegimeInput | null): Regime | null {
    this.current = input === null ? null : nextRegime(this.current, input, this.thresholds);
    return this.current;
  }
}
