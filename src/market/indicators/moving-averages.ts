import { checkFiniteNumber, checkPeriod, IndicatorBase } from './base.ts';
import { RollingMoments, SmoothedAverage } from './rolling-window.ts';

/** Exponential moving average, weight 2/(period+1), seeded with the SMA of the first `period` inputs. */
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

/** Simple moving average over the last `period` inputs. */
export class Sma extends IndicatorBase<number, number> {
  readonly name: string;
  readonly warmUpInputs: number;
  private readonly moments: RollingMoments;

  constructor(readonly period: number) {
    super();
    this.name = `SMA(${period})`;
    checkPeriod(this.name, period);
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

  getResult(): number | null {
    return this.moments.isFull ? this.moments.mean() : null;
  }
}
