import { Decimal } from 'decimal.js';

/** Exact step and tick arithmetic: venue rules are checked on decimals, never on floats. */

/** Rounds a price to the tick, in the direction that is worse for whoever receives it. */
export function roundToTick(price: number, tickSize: number, direction: 'up' | 'down'): number {
  const ticks = new Decimal(price).div(tickSize);
  const whole = direction === 'up' ? ticks.ceil() : ticks.floor();
  return whole.mul(tickSize).toNumber();
}

export function addQty(a: number, b: number): number {
  return new Decimal(a).plus(b).toNumber();
}

export function subQty(a: number, b: number): number {
  return new Decimal(a).minus(b).toNumber();
}

/** Largest multiple of `step` not above `value`. */
export function floorToStep(value: number, step: number): number {
  return new Decimal(value).div(step).floor().mul(step).toNumber();
}

/** Volume-weighted average of two fills, e.g. a position's entry after an increase. */
export function weightedAverage(priceA: number, qtyA: number, priceB: number, qtyB: number): number {
  const total = new Decimal(qtyA).plus(qtyB);
  if (total.isZero()) return 0;
  return new Decimal(priceA).mul(qtyA).plus(new Decimal(priceB).mul(qtyB)).div(total).toNumber();
}
