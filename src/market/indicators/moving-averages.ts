import { checkFiniteNumber, checkPeriod, IndicatorBase } from './base.ts';
import { RollingMoments, SmoothedAverage } from './rolling-window.ts';

/** Exponential moving average, weight 2/(period+1), seeded with the SMA of the first `period` inputs. */
// Same plumbing shape as InputMomentsIndicator and Atr on purpose: the indicator contract, over a smoothed average.
export class Ema extends IndicatorBase<number, number> {
  readonly name: string;
  readonly warmUpInputs: number;
  private readonly average: SmoothedAverage;

  constructor(readonly period: number) {
    super();
    this.name = `EMA(${period})`;
    checkPeriod(this.name, period);
    this.warmUpInputs = period;
    this.average = new SmoothedAverage(period, 'ema');
  }

  protected check(input: number): void {
    checkFiniteNumber(this.name, input);
  }

  protected apply(input: number): void {
    this.average.push(input);
  }

  protected revert(): void {
    this.average.undoPush();
  }

  getResult(): number | null {
    return this.average.isReady ? this.average.current : null;
  }
}

/**
 * An indicator whose whole state is the rolling mean and variance of its last `period` inputs
 * (the SMA, the Bollinger width): the window plumbing once, the result per subclass.
 */
export abstract class InputMomentsIndicator extends IndicatorBase<number, number> {
  readonly warmUpInputs: number;
  protected readonly moments: RollingMoments;

  constructor(
    readonly name: string,
    readonly period: number,
  ) {
    super();
    checkPeriod(name, period);
    this.warmUpInputs = period;
    this.moments = new RollingMoments(period);
  }

  protected check(input: number): void {
    checkFiniteNumber(this.name, input);
  }

  protected apply(input: number): void {
    this.moments.push(input);
  }

  protected revert(): void {
    this.moments.undoPush();
  }
}

/** Simple moving average over the last `period` inputs. */
export class Sma extends InputMomentsIndicator {
  constructor(period: number) {
    super(`SMA(${period})`, period);
  }

  getResult(): number | null {
    return this.moments.isFull ? this.moments.mean() : null;
  }
}
