import { checkCandle, checkFiniteNumber, checkPeriod, IndicatorBase } from './base.ts';
import { SmoothedAverage } from './rolling-window.ts';
import type { OhlcvInput } from './types.ts';

function trueRange(candle: OhlcvInput, previousClose: number | null): number {
  const highLow = candle.high - candle.low;
  if (previousClose === null) return highLow;
  return Math.max(highLow, Math.abs(candle.high - previousClose), Math.abs(candle.low - previousClose));
}

// Same class frame as the other indicators on purpose: the streaming contract (IndicatorBase), its state its own.
/**
 * Average true range with Wilder smoothing (SMA seed over the first `period` true ranges; the
 * first candle's true range is its high − low, as in Wilder's book).
 */
export class Atr extends IndicatorBase<OhlcvInput, number> {
  readonly name: string;
  readonly warmUpInputs: number;
  private readonly average: SmoothedAverage;
  private previousClose: number | null = null;
  private savedPreviousClose: number | null = null;

  constructor(readonly period = 14) {
    super();
    this.name = `ATR(${period})`;
    checkPeriod(this.name, period);
    this.warmUpInputs = period;
    this.average = new SmoothedAverage(period, 'wilder');
  }

  protected check(input: OhlcvInput): void {
    checkCandle(this.name, input);
  }

  protected apply(input: OhlcvInput): void {
    this.savedPreviousClose = this.previousClose;
    this.average.push(trueRange(input, this.previousClose));
    this.previousClose = input.close;
  }

  protected revert(): void {
    this.average.undoPush();
    this.previousClose = this.savedPreviousClose;
  }

  getResult(): number | null {
    return this.average.isReady ? this.average.current : null;
  }
}

// Same class frame as the other indicators on purpose: the streaming contract (IndicatorBase), its state its own.
/**
 * Wilder's ADX: +DM/−DM and true range from the second candle on, each Wilder-smoothed
 * (SMA seed), DX = 100·|+DI − −DI| / (+DI + −DI) (0 when both are 0), ADX = Wilder average of DX.
 * First value after 2·period candles.
 */
export class Adx extends IndicatorBase<OhlcvInput, number> {
  readonly name: string;
  readonly warmUpInputs: number;
  private readonly smoothedTrueRange: SmoothedAverage;
  private readonly smoothedPlusMove: SmoothedAverage;
  private readonly smoothedMinusMove: SmoothedAverage;
  private readonly smoothedDx: SmoothedAverage;
  private previous: OhlcvInput | null = null;
  private savedPrevious: OhlcvInput | null = null;
  private dxPushed = false;
  private plusDiValue = Number.NaN;
  private minusDiValue = Number.NaN;
  private saved = { dxPushed: false, plusDi: Number.NaN, minusDi: Number.NaN };

  constructor(readonly period = 14) {
    super();
    this.name = `ADX(${period})`;
    checkPeriod(this.name, period);
    this.warmUpInputs = 2 * period;
    this.smoothedTrueRange = new SmoothedAverage(period, 'wilder');
    this.smoothedPlusMove = new SmoothedAverage(period, 'wilder');
    this.smoothedMinusMove = new SmoothedAverage(period, 'wilder');
    this.smoothedDx = new SmoothedAverage(period, 'wilder');
  }

  /** +DI and −DI (0–100) of the latest candle, null until available. */
  get directionalIndicators(): { plusDi: number; minusDi: number } | null {
    return Number.isNaN(this.plusDiValue) ? null : { plusDi: this.plusDiValue, minusDi: this.minusDiValue };
  }

  protected check(input: OhlcvInput): void {
    checkCandle(this.name, input);
  }

  protected apply(input: OhlcvInput): void {
    this.savedPrevious = this.previous;
    this.saved = { dxPushed: this.dxPushed, plusDi: this.plusDiValue, minusDi: this.minusDiValue };
    this.dxPushed = false;
    const previous = this.previous;
    this.previous = { open: input.open, high: input.high, low: input.low, close: input.close, volume: 0 };
    if (previous === null) return;
    const upMove = input.high - previous.high;
    const downMove = previous.low - input.low;
    const plusMove = upMove > downMove && upMove > 0 ? upMove : 0;
    const minusMove = downMove > upMove && downMove > 0 ? downMove : 0;
    this.smoothedTrueRange.push(trueRange(input, previous.close));
    this.smoothedPlusMove.push(plusMove);
    this.smoothedMinusMove.push(minusMove);
    if (!this.smoothedTrueRange.isReady) return;
    const range = this.smoothedTrueRange.current;
    const plusDi = range > 0 ? (100 * this.smoothedPlusMove.current) / range : 0;
    const minusDi = range > 0 ? (100 * this.smoothedMinusMove.current) / range : 0;
    this.plusDiValue = plusDi;
    this.minusDiValue = minusDi;
    const diSum = plusDi + minusDi;
    this.smoothedDx.push(diSum > 0 ? (100 * Math.abs(plusDi - minusDi)) / diSum : 0);
    this.dxPushed = true;
  }

  protected revert(): void {
    const pushedMoves = this.savedPrevious !== null;
    if (this.dxPushed) this.smoothedDx.undoPush();
    if (pushedMoves) {
      this.smoothedTrueRange.undoPush();
      this.smoothedPlusMove.undoPush();
      this.smoothedMinusMove.undoPush();
    }
    this.previous = this.savedPrevious;
    this.dxPushed = this.saved.dxPushed;
    this.plusDiValue = this.saved.plusDi;
    this.minusDiValue = this.saved.minusDi;
  }

  getResult(): number | null {
    return this.smoothedDx.isReady ? this.smoothedDx.current : null;
  }
}

// Same class frame as the other indicators on purpose: the streaming contract (IndicatorBase), its state its own.
/**
 * Wilder's RSI: gains and losses of consecutive inputs, Wilder-smoothed (SMA seed over the
 * first `period` changes). 100 when there were only gains, 50 when price did not move at all.
 */
export class Rsi extends IndicatorBase<number, number> {
  readonly name: string;
  readonly warmUpInputs: number;
  private readonly averageGain: SmoothedAverage;
  private readonly averageLoss: SmoothedAverage;
  private previousInput: number | null = null;
  private savedPreviousInput: number | null = null;

  constructor(readonly period = 14) {
    super();
    this.name = `RSI(${period})`;
    checkPeriod(this.name, period);
    this.warmUpInputs = period + 1;
    this.averageGain = new SmoothedAverage(period, 'wilder');
    this.averageLoss = new SmoothedAverage(period, 'wilder');
  }

  protected check(input: number): void {
    checkFiniteNumber(this.name, input);
  }

  protected apply(input: number): void {
    this.savedPreviousInput = this.previousInput;
    const previous = this.previousInput;
    this.previousInput = input;
    if (previous === null) return;
    const change = input - previous;
    this.averageGain.push(Math.max(change, 0));
    this.averageLoss.push(Math.max(-change, 0));
  }

  protected revert(): void {
    if (this.savedPreviousInput !== null) {
      this.averageGain.undoPush();
      this.averageLoss.undoPush();
    }
    this.previousInput = this.savedPreviousInput;
  }

  getResult(): number | null {
    if (!this.averageGain.isReady) return null;
    const gain = this.averageGain.current;
    const loss = this.averageLoss.current;
    if (loss === 0) return gain === 0 ? 50 : 100;
    return 100 - 100 / (1 + gain / loss);
  }
}
