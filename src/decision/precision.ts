/**
 * Rounding for the prompt: enough significant digits for the model to place orders at the
 * instrument's scale, no float noise (0.30000000000000004) to waste tokens on.
 */
export function sig(value: number, digits: number): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(`cannot put a non-finite number (${value}) into the prompt data`);
  }
  if (value === 0) return 0;
  return Number(value.toPrecision(digits));
}

export function sigOrNull(value: number | null | undefined, digits: number): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : sig(value, digits);
}

/** Prices: seven significant digits keep a tick at every scale from DOGE (0.00001) to BTC above 100k (0.1). */
export const priceDigits = 7;
/** Learned parameters. */
export const levelDigits = 5;
/** Fractions (change, volatility, distances, funding). */
export const fractionDigits = 3;
/** Bounded oscillators (RSI, ADX) to one decimal place at most. */
export function oscillator(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value)
    ? null
    : Math.round(value * 10) / 10;
}

export function usdt(value: number): number {
  if (!Number.isFinite(value))
    throw new RangeError(`cannot put a non-finite amount (${value}) into the prompt data`);
  return Math.round(value * 1000) / 1000;
}
