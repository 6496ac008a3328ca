import type { Candle, Regime, SymbolMarketView, Timeframe, TimeframeFeatures } from '../../domain/index.ts';
import { errorMessage, TIMEFRAME_MS } from '../../domain/index.ts';
import { FeatureError } from './errors.ts';
import { DEFAULT_REGIME_THRESHOLDS, type RegimeThresholds, RegimeTracker } from './regime.ts';
import { preScore, rangeScore, type ScoreBreakdown, trendDirectionOf } from './scores.ts';
import {
  DEFAULT_INDICATOR_SETTINGS,
  type IndicatorSettings,
  type TimeframeAnalysis,
  TimeframeState,
  toTimeframeFeatures,
} from './timeframe-state.ts';

export interface FeatureEngineOptions {
  symbol: string;
  decisionTimeframe: Timeframe;
  /** Higher timeframes shown beside the decision timeframe (e.g. 1h and 4h for 15m decisions). */
  contextTimeframes?: Timeframe[];
  indicators?: Partial<IndicatorSettings>;
  regime?: Partial<RegimeThresholds>;
}

export interface MarketPrices {
  markPrice: number;
  lastPrice: number;
  /** Latest funding rate per 8h interval as a fraction, null if unknown. */
  fundingRate: number | null;
}

/** Server-side explanation of the scores, for the journal and `warden features`. */
export interface ScoreDetails {
  regime: Regime | null;
  /** |EMA20 − EMA200| / ATR on the decision timeframe: the trend strength the regime rule uses. */
  separationAtr: number | null;
  preScore: ScoreBreakdown;
  rangeScore: ScoreBreakdown;
}

/**
 * Features of one symbol. Fed closed candles per timeframe (`onClosedCandle`), in time order;
 * the caller aggregates lower timeframes (market/candles) or subscribes to each interval.
 * The regime moves once per closed decision candle; `view` is a pure read.
 */
export class FeatureEngine {
  readonly symbol: string;
  readonly decisionTimeframe: Timeframe;
  readonly contextTimeframes: readonly Timeframe[];
  private readonly states = new Map<Timeframe, TimeframeState>();
  private readonly regimeTracker: RegimeTracker;
  private separationAtr: number | null = null;

  constructor(options: FeatureEngineOptions) {
    if (!/^[A-Z0-9]{2,30}$/.test(options.symbol)) {
      throw new FeatureError(`symbol must look like BTCUSDT, got ${JSON.stringify(options.symbol)}`);
    }
    this.symbol = options.symbol;
    this.decisionTimeframe = options.decisionTimeframe;
    const context = options.contextTimeframes ?? [];
    const decisionMs = TIMEFRAME_MS[options.decisionTimeframe];
    for (const tf of context) {
      if (TIMEFRAME_MS[tf] <= decisionMs) {
        throw new FeatureError(
          `context timeframe ${tf} must be longer than the decision timeframe ${options.decisionTimeframe}`,
        );
      }
    }
    if (new Set(context).size !== context.length) {
      throw new FeatureError(`context timeframes contain a duplicate: ${context.join(',')}`);
    }
    this.contextTimeframes = [...context].sort((a, b) => TIMEFRAME_MS[a] - TIMEFRAME_MS[b]);
    const settings = { ...DEFAULT_INDICATOR_SETTINGS, ...options.indicators };
    for (const tf of [options.decisionTimeframe, ...this.contextTimeframes]) {
      this.states.set(tf, new TimeframeState(tf, settings));
    }
    this.regimeTracker = new RegimeTracker({ ...DEFAULT_REGIME_THRESHOLDS, ...options.regime });
  }

  get timeframes(): Timeframe[] {
    return [this.decisionTimeframe, ...this.contextTimeframes];
  }

  /** Feeds one closed candle of `timeframe`; throws FeatureError on unknown timeframes or bad order. */
  onClosedCandle(timeframe: Timeframe, candle: Candle): void {
    const state = this.states.get(timeframe);
    if (state === undefined) {
      throw new FeatureError(
        `${this.symbol}: timeframe ${timeframe} is not tracked (tracked: ${this.timeframes.join(', ')})`,
      );
    }
    try {
      state.addClosed(candle);
    } catch (error) {
      const reason = errorMessage(error);
      throw new FeatureError(`${this.symbol} ${timeframe}: ${reason}`);
    }
    if (timeframe === this.decisionTimeframe) this.updateRegime();
  }

  analysis(timeframe: Timeframe): TimeframeAnalysis | null {
    return this.states.get(timeframe)?.analysis() ?? null;
  }

  scoreDetails(): ScoreDetails {
    const decision = this.analysis(this.decisionTimeframe);
    const empty: ScoreBreakdown = { score: null, direction: null, components: [] };
    // Scores wait for the slowest indicator (EMA200), so a half-warm symbol never looks tradable.
    if (decision === null || decision.ema200 === null) {
      return { regime: null, separationAtr: null, preScore: empty, rangeScore: empty };
    }
    const contextDirections = this.contextTimeframes.map((tf) => {
      const a = this.analysis(tf);
      return a === null ? null : trendDirectionOf(a);
    });
    return {
      regime: this.regimeTracker.regime,
      separationAtr: this.separationAtr,
      preScore: preScore(decision, contextDirections),
      rangeScore: rangeScore(decision),
    };
  }

  /** What the market layer knows at `nowMs`; refuses candles that had not closed by then. */
  view(nowMs: number, prices: MarketPrices): SymbolMarketView {
    if (!Number.isSafeInteger(nowMs) || nowMs <= 0) {
      throw new FeatureError(`nowMs must be a positive integer timestamp, got ${nowMs}`);
    }
    for (const [name, value] of [
      ['markPrice', prices.markPrice],
      ['lastPrice', prices.lastPrice],
    ] as const) {
      if (!Number.isFinite(value) || value <= 0) {
        throw new FeatureError(`${this.symbol}: ${name} must be a positive finite price, got ${value}`);
      }
    }
    if (prices.fundingRate !== null && !Number.isFinite(prices.fundingRate)) {
      throw new FeatureError(`${this.symbol}: fundingRate must be finite or null, got ${prices.fundingRate}`);
    }
    const decision = this.analysis(this.decisionTimeframe);
    if (decision === null) {
      throw new FeatureError(`${this.symbol}: no closed ${this.decisionTimeframe} candle yet`);
    }
    const timeframes: Partial<Record<Timeframe, TimeframeFeatures>> = {};
    for (const tf of this.timeframes) {
      const a = this.analysis(tf);
      if (a === null) continue;
      const closesAt = a.candleTs + TIMEFRAME_MS[tf];
      if (closesAt > nowMs) {
        throw new FeatureError(
          `${this.symbol}: the ${tf} candle of ${new Date(a.candleTs).toISOString()} closes at ` +
            `${new Date(closesAt).toISOString()}, after now (${new Date(nowMs).toISOString()}): look-ahead refused`,
        );
      }
      timeframes[tf] = toTimeframeFeatures(a);
    }
    const details = this.scoreDetails();
    return {
      symbol: this.symbol,
      nowMs,
      lastPrice: prices.lastPrice,
      markPrice: prices.markPrice,
      fundingRate: prices.fundingRate,
      lastClosedCandleMs: decision.candleTs,
      timeframes,
      scores: {
        regime: details.regime,
        preScore: details.preScore.score,
        rangeScore: details.rangeScore.score,
      },
    };
  }

  private updateRegime(): void {
    const a = this.analysis(this.decisionTimeframe);
    if (
      a === null ||
      a.adx === null ||
      a.atr === null ||
      a.ema20 === null ||
      a.ema200 === null ||
      a.atr <= 0
    ) {
      this.separationAtr = null;
      this.regimeTracker.update(null);
      return;
    }
    this.separationAtr = Math.abs(a.ema20 - a.ema200) / a.atr;
    this.regimeTracker.update({ adx: a.adx, separationAtr: this.separationAtr });
  }
}
