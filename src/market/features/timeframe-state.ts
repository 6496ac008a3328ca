import type { Candle, Timeframe, TimeframeFeatures } from '../../domain/index.ts';
import { TIMEFRAME_MS } from '../../domain/index.ts';
import {
  Adx,
  Atr,
  BollingerWidth,
  Ema,
  Macd,
  type MacdResult,
  RealisedVolatility,
  RollingWindow,
  Rsi,
  SwingLevels,
  type SwingLevelsOptions,
  VolumeRatio,
} from '../indicators/index.ts';
import { FeatureError } from './errors.ts';

export interface IndicatorSettings {
  emaFast: number;
  emaSlow: number;
  atrPeriod: number;
  adxPeriod: number;
  rsiPeriod: number;
  macd: [fast: number, slow: number, signal: number];
  bollinger: [period: number, deviations: number];
  volatilityPeriod: number;
  volumePeriod: number;
  swing: Required<SwingLevelsOptions>;
  /** Window (candles) over which crossings of the close through EMA(fast) are counted (chop). */
  chopWindow: number;
}

export const DEFAULT_INDICATOR_SETTINGS: IndicatorSettings = {
  emaFast: 20,
  emaSlow: 200,
  atrPeriod: 14,
  adxPeriod: 14,
  rsiPeriod: 14,
  macd: [12, 26, 9],
  bollinger: [20, 2],
  volatilityPeriod: 20,
  volumePeriod: 20,
  swing: { left: 5, right: 5, memory: 10 },
  chopWindow: 20,
};

/** Features plus the server-side extras the scores need; never sent to the model as such. */
export interface TimeframeAnalysis extends TimeframeFeatures {
  previousClose: number | null;
  macd: MacdResult | null;
  plusDi: number | null;
  minusDi: number | null;
  support: number | null;
  resistance: number | null;
  /** True once the swing window is full (a missing level then means "none remembered"). */
  levelsWarm: boolean;
  /** Crossings of the close through EMA(fast) over the chop window, null until that window is full. */
  emaCrossings: number | null;
}

/** All indicators of one symbol on one timeframe, fed closed candles only, O(1) per candle. */
export class TimeframeState {
  readonly timeframeMs: number;
  private readonly emaFast: Ema;
  private readonly emaSlow: Ema;
  private readonly atr: Atr;
  private readonly adx: Adx;
  private readonly rsi: Rsi;
  private readonly macd: Macd;
  private readonly bollinger: BollingerWidth;
  private readonly volatility: RealisedVolatility;
  private readonly volume: VolumeRatio;
  private readonly levels: SwingLevels;
  private readonly crossings: RollingWindow;
  private crossingCount = 0;
  private lastSide = 0;
  private last: Candle | null = null;
  private previousClose: number | null = null;

  constructor(
    readonly timeframe: Timeframe,
    readonly settings: IndicatorSettings = DEFAULT_INDICATOR_SETTINGS,
  ) {
    this.timeframeMs = TIMEFRAME_MS[timeframe];
    this.emaFast = new Ema(settings.emaFast);
    this.emaSlow = new Ema(settings.emaSlow);
    this.atr = new Atr(settings.atrPeriod);
    this.adx = new Adx(settings.adxPeriod);
    this.rsi = new Rsi(settings.rsiPeriod);
    this.macd = new Macd(...settings.macd);
    this.bollinger = new BollingerWidth(...settings.bollinger);
    this.volatility = new RealisedVolatility(settings.volatilityPeriod);
    this.volume = new VolumeRatio(settings.volumePeriod);
    this.levels = new SwingLevels(settings.swing);
    this.crossings = new RollingWindow(settings.chopWindow);
  }

  get lastCandle(): Candle | null {
    return this.last;
  }

  /** Feeds the next closed candle; refuses misaligned, repeated or out-of-order candles. */
  addClosed(candle: Candle): void {
    if (!Number.isSafeInteger(candle.ts) || candle.ts % this.timeframeMs !== 0) {
      throw new FeatureError(
        `${this.timeframe} candle ts ${candle.ts} is not aligned to the ${this.timeframe} grid`,
      );
    }
    if (this.last !== null && candle.ts <= this.last.ts) {
      throw new FeatureError(
        `${this.timeframe} candle ${new Date(candle.ts).toISOString()} is not after the previous one ` +
          `(${new Date(this.last.ts).toISOString()}): closed candles must arrive once, in order`,
      );
    }
    // The first indicator validates the candle (finite, positive, high ≥ low) before anything changes.
    this.atr.add(candle);
    this.adx.add(candle);
    this.volume.add(candle);
    this.levels.add(candle);
    this.emaFast.add(candle.close);
    this.emaSlow.add(candle.close);
    this.rsi.add(candle.close);
    this.macd.add(candle.close);
    this.bollinger.add(candle.close);
    this.volatility.add(candle.close);
    this.countCrossing(candle.close);
    this.previousClose = this.last?.close ?? null;
    this.last = candle;
  }

  analysis(): TimeframeAnalysis | null {
    const candle = this.last;
    if (candle === null) return null;
    const ema20 = this.emaFast.getResult();
    const ema200 = this.emaSlow.getResult();
    const levels = this.levels.getResult();
    const macd = this.macd.getResult();
    const di = this.adx.directionalIndicators;
    const close = candle.close;
    return {
      timeframe: this.timeframe,
      candleTs: candle.ts,
      close,
      changePct: this.previousClose === null ? null : close / this.previousClose - 1,
      volatilityPct: this.volatility.getResult(),
      atr: this.atr.getResult(),
      trendStrength: ema20 !== null && ema200 !== null ? Math.abs(ema20 - ema200) / ema200 : null,
      adx: this.adx.getResult(),
      ema20,
      ema200,
      rsi: this.rsi.getResult(),
      macdHistogram: macd?.histogram ?? null,
      bollingerWidth: this.bollinger.getResult(),
      volumeRatio: this.volume.getResult(),
      supportDistancePct: levels?.support != null ? (close - levels.support) / close : null,
      resistanceDistancePct: levels?.resistance != null ? (levels.resistance - close) / close : null,
      previousClose: this.previousClose,
      macd,
      plusDi: di?.plusDi ?? null,
      minusDi: di?.minusDi ?? null,
      support: levels?.support ?? null,
      resistance: levels?.resistance ?? null,
      levelsWarm: levels !== null,
      emaCrossings: this.crossings.isFull ? this.crossingCount : null,
    };
  }

  private countCrossing(close: number): void {
    const ema = this.emaFast.getResult();
    if (ema === null) return;
    const side = close > ema ? 1 : close < ema ? -1 : this.lastSide;
    const crossed = this.lastSide !== 0 && side !== this.lastSide ? 1 : 0;
    this.lastSide = side;
    const evicted = this.crossings.push(crossed);
    this.crossingCount += crossed - (evicted ?? 0);
  }
}

/** The SPEC's per-timeframe metrics (what the model may see), without the server-side extras. */
export function toTimeframeFeatures(a: TimeframeAnalysis): TimeframeFeatures {
  return {
    timeframe: a.timeframe,
    candleTs: a.candleTs,
    close: a.close,
    changePct: a.changePct,
    volatilityPct: a.volatilityPct,
    atr: a.atr,
    trendStrength: a.trendStrength,
    adx: a.adx,
    ema20: a.ema20,
    ema200: a.ema200,
    rsi: a.rsi,
    macdHistogram: a.macdHistogram,
    bollingerWidth: a.bollingerWidth,
    volumeRatio: a.volumeRatio,
    supportDistancePct: a.supportDistancePct,
    resistanceDistancePct: a.resistanceDistancePct,
  };
}
