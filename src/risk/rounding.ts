import { Decimal } from 'decimal.js';

/** Exchange rounding in decimals, so 0.1 + 0.2 never turns into an off-by-one-step quantity. */

export function roundDownToStep(value: number, step: number): number {
  return new Decimal(value).div(step).floor().mul(step).toNumber();
}

export function roundUpToStep(value: number, step: number): number {
  return new Decimal(value).div(step).ceil().mul(step).toNumber();
}

/** Leverage is set on Bybit in steps of 0.01. */
export function floorLeverage(value: number): number {
  return roundDownToStep(value, 0.01);
}
