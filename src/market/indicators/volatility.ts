import { checkPeriod, checkPositivePrice, IndicatorBase } from './base.ts';
import { IndicatorUsageError } from './errors.ts';
import { InputMomentsIndicator } from './moving-averages.ts';
import { RollingMoments } from './rolling-window.ts';

/**
 * Bollinger band width: (upper − lower) / middle = 2·k·σ / SMA over `period` inputs, with the
 * population standard deviation (as in Bollinger's definition). null if the middle band is 0.
 */
export class BollingerWidth extends InputMomentsIndicator {
  constructor(
    period = 20,
    readonly deviations = 2,
  ) {
    super(`BBW(${period},${deviations})`, period);
    if (!Number.isFinite(deviations) || deviations <= 0) {
      throw new IndicatorUsageError(`${this.name}: deviations must be a positive number`);
    }
  }

  getResult(): number | null {
    if (!this.moments.isFull) return null;
    const middle = this.moments.mean();
    if (middle === 0) return null;
    return (2 * this.deviations * Math.sqrt(this.moments.variance())) / middle;
  }
}

// Same class frame as the other indicators on purpose: the streaming contract (IndicatorBase), its state its own.
/**
 * Realised volatility: population standard deviation of the last `period` close-to-close log
 * returns, per candle, as a fraction (not annualised). Needs period + 1 positive closes.
 */
export class RealisedVolatility extends IndicatorBase<number, number> {
  readonly name: string;
  readonly warmUpInputs: number;
  private readonly returns: RollingMoments;
  private previousClose: number | null = null;
  private savedPreviousClose: number | null = null;

  constructor(readonly period = 20) {
    super();
    this.name = `RV(${period})`;
    checkPeriod(this.name, period);
    this.warmUpInputs = period + 1;
    this.returns = new RollingMoments(period);
  }

  protected check(input: number): void {
    checkPositivePrice(this.name, input, 'close');
  }

  protected apply(input: number): void {
    this.savedPreviousClose = this.previousClose;
    if (this.previousClose !== null) this.returns.push(Math.log(input / this.previousClose));
    this.previousClose = input;
  }

  protected revert(): void {
    if (this.savedPreviousClose !== null) this.returns.undoPush();
    this.previousClose = this.savedPreviousClose;
  }

  getResult(): number | null {
    return this.returns.isFull ? Math.sqrt(this.returns.variance()) : null;
  }
}
