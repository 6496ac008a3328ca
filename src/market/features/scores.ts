import type { TimeframeAnalysis } from './timeframe-state.ts';

export type TrendDirection = 'UP' | 'DOWN';

/** One named part of a score: what it measured, and the points it gave out of its maximum. */
export interface ScoreComponent {
  name: string;
  points: number;
  /** Largest reward (positive components) or largest penalty (negative, e.g. −20). */
  maxPoints: number;
  /** The input the points came from, for the journal (null when missing: zero points). */
  input: number | null;
}

export interface ScoreBreakdown {
  /** 0–100 (the clamped, rounded sum of the components), null until the decision timeframe is warm. */
  score: number | null;
  /** The trend the pre_score rates (EMA20 vs EMA200), or the edge the range_score rates. */
  direction: TrendDirection | null;
  components: ScoreComponent[];
}

/** 0 at `from`, 1 at `to`, linear in between and clamped; works for falling ramps (from > to). */
export function ramp(value: number, from: number, to: number): number {
  const t = (value - from) / (to - from);
  return Math.min(1, Math.max(0, t));
}

function component(
  name: string,
  maxPoints: number,
  input: number | null,
  fraction: number | null,
): ScoreComponent {
  const points = input === null || fraction === null ? 0 : Math.round(maxPoints * fraction * 100) / 100;
  return { name, points: points === 0 ? 0 : points, maxPoints, input };
}

function total(components: ScoreComponent[]): number {
  const sum = components.reduce((acc, c) => acc + c.points, 0);
  return Math.round(Math.min(100, Math.max(0, sum)) * 10) / 10;
}

/** UP when EMA20 is above EMA200, DOWN below, null when either is not warm yet (or they are equal). */
export function trendDirectionOf(a: TimeframeAnalysis): TrendDirection | null {
  if (a.ema20 === null || a.ema200 === null || a.ema20 === a.ema200) return null;
  return a.ema20 > a.ema200 ? 'UP' : 'DOWN';
}

/**
 * pre_score: quality of a trend-following setup in the direction of the decision timeframe's
 * trend (EMA20 vs EMA200). It is direction-agnostic towards the proposal: a clean downtrend
 * scores as high as a clean uptrend; `direction` says which one was rated.
 */
export function preScore(
  decision: TimeframeAnalysis,
  contextDirections: Array<TrendDirection | null>,
): ScoreBreakdown {
  const direction = trendDirectionOf(decision);
  const { adx, atr, rsi, close } = decision;
  if (direction === null || adx === null || atr === null || rsi === null || atr <= 0) {
    return { score: null, direction, components: [] };
  }
  const sign = direction === 'UP' ? 1 : -1;
  // A context timeframe that is not warm yet counts as not agreeing.
  const agreeing = contextDirections.filter((d) => d === direction).length;
  const ema20 = decision.ema20 ?? close;
  const ema200 = decision.ema200 ?? close;
  // Close beyond EMA20 in the trend's direction: fully stacked; between the EMAs: a third; beyond EMA200: none.
  const stacking = sign * (close - ema20) > 0 ? 1 : sign * (close - ema200) > 0 ? 1 / 3 : 0;
  const directedRsi = direction === 'UP' ? rsi : 100 - rsi;
  const histogram = decision.macdHistogram;
  const opposingLevel = direction === 'UP' ? decision.resistance : decision.support;
  const roomAtr = opposingLevel === null ? null : Math.abs(opposingLevel - close) / atr;
  const components = [
    component(
      'trendAlignment',
      25,
      contextDirections.length === 0 ? null : agreeing,
      agreeing / Math.max(1, contextDirections.length),
    ),
    component('emaStacking', 15, (sign * (close - ema20)) / atr, stacking),
    component('adxStrength', 20, adx, ramp(adx, 15, 35)),
    component('rsiMomentum', 10, rsi, ramp(directedRsi, 50, 65)),
    component('macdMomentum', 5, histogram, histogram === null ? null : sign * histogram > 0 ? 1 : 0),
    component('volume', 10, decision.volumeRatio, ramp(decision.volumeRatio ?? 0, 0.8, 1.5)),
    decision.levelsWarm && roomAtr === null
      ? { name: 'roomToLevel', points: 15, maxPoints: 15, input: null }
      : component('roomToLevel', 15, roomAtr, ramp(roomAtr ?? 0, 0.5, 3)),
    component('chopPenalty', -20, decision.emaCrossings, ramp(decision.emaCrossings ?? 0, 2, 8)),
  ];
  return { score: total(components), direction, components };
}

/**
 * range_score: quality of a mean-reversion setup at the edge of a range. The edge nearest to
 * the close sets the direction (support → UP, resistance → DOWN); RSI counts only when it is
 * stretched towards that edge. Needs both a support and a resistance: a range has two edges.
 */
export function rangeScore(decision: TimeframeAnalysis): ScoreBreakdown {
  const { adx, atr, rsi, close, support, resistance, previousClose } = decision;
  if (adx === null || atr === null || rsi === null || atr <= 0) {
    return { score: null, direction: null, components: [] };
  }
  const hasRange = support !== null && resistance !== null;
  const toSupportAtr = support === null ? null : (close - support) / atr;
  const toResistanceAtr = resistance === null ? null : (resistance - close) / atr;
  let direction: TrendDirection | null = null;
  let edgeAtr: number | null = null;
  if (hasRange && toSupportAtr !== null && toResistanceAtr !== null) {
    direction = toSupportAtr <= toResistanceAtr ? 'UP' : 'DOWN';
    edgeAtr = Math.min(toSupportAtr, toResistanceAtr);
  }
  const stretch = direction === null ? null : direction === 'UP' ? 50 - rsi : rsi - 50;
  const lastMoveAtr = previousClose === null ? null : Math.abs(close - previousClose) / atr;
  const components = [
    component('adxBand', 25, adx, ramp(adx, 30, 18)),
    component('edgeNearness', 30, edgeAtr, ramp(edgeAtr ?? 0, 2, 0.5)),
    component('rsiStretch', 45, stretch === null ? null : rsi, ramp(stretch ?? 0, 5, 20)),
    component('chasePenalty', -25, lastMoveAtr, ramp(lastMoveAtr ?? 0, 1, 2.5)),
  ];
  return { score: total(components), direction, components };
}
