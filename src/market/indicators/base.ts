import { IndicatorInputError, IndicatorUsageError } from './errors.ts';
import type { OhlcvInput, StreamingIndicator } from './types.ts';

/**
 * Shared add/replace plumbing: subclasses implement `apply` (consume one input, remembering
 * how to revert it) and `revert` (restore the exact state from before the last `apply`).
 * `replace` = revert + apply, so add(x); replace(y); replace(y) leaves the same bits as add(y).
 */
export abstract class IndicatorBase<Input, Result> implements StreamingIndicator<Input, Result> {
  abstract readonly name: string;
  abstract readonly warmUpInputs: number;
  private hasInput = false;

  protected abstract check(input: Input): void;
  protected abstract apply(input: Input): void;
  protected abstract revert(): void;
  abstract getResult(): Result | null;

  get isStable(): boolean {
    return this.getResult() !== null;
  }

  add(input: Input): Result | null {
    this.check(input);
    this.apply(input);
    this.hasInput = true;
    return this.getResult();
  }

  replace(input: Input): Result | null {
    this.check(input);
    if (!this.hasInput) {
      throw new IndicatorUsageError(
        `${this.name}: replace() needs a previous add() (nothing to replace yet)`,
      );
    }
    this.revert();
    this.apply(input);
    return this.getResult();
  }
}

export function checkFiniteNumber(owner: string, value: number, what = 'input'): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new IndicatorInputError(`${owner}: ${what} must be a finite number, got ${String(value)}`);
  }
}

export function checkPositivePrice(owner: string, value: number, what = 'price'): void {
  checkFiniteNumber(owner, value, what);
  if (value <= 0) {
    throw new IndicatorInputError(`${owner}: ${what} must be above 0, got ${value}`);
  }
}

/** Prices finite and positive, high ≥ low, volume finite and ≥ 0 (zero volume is a valid candle). */
export function checkCandle(owner: string, candle: OhlcvInput): void {
  if (candle === null || typeof candle !== 'object') {
    throw new IndicatorInputError(`${owner}: input must be a candle object, got ${String(candle)}`);
  }
  checkPositivePrice(owner, candle.open, 'open');
  checkPositivePrice(owner, candle.high, 'high');
  checkPositivePrice(owner, candle.low, 'low');
  checkPositivePrice(owner, candle.close, 'close');
  checkFiniteNumber(owner, candle.volume, 'volume');
  if (candle.volume < 0) {
    throw new IndicatorInputError(`${owner}: volume must be 0 or more, got ${candle.volume}`);
  }
  if (candle.high < candle.low) {
    throw new IndicatorInputError(`${owner}: high ${candle.high} is below low ${candle.low}`);
  }
}

export function checkPeriod(owner: string, period: number, minimum = 1): void {
  if (!Number.isInteger(period) || period < minimum) {
    throw new IndicatorUsageError(`${owner}: period must be an integer ≥ ${minimum}, got ${String(period)}`);
  }
}
