import type { Candle } from '../../domain/index.ts';
import type { MatcherOptions } from './types.ts';

/** Bad configuration or bad market data stops the simulation with a message saying what to fix. */

export class InvalidCandleError extends Error {
  override readonly name = 'InvalidCandleError';
}

export function validateMatcherOptions(options: MatcherOptions): void {
  if (!Number.isFinite(options.startBalanceUsdt) || options.startBalanceUsdt <= 0) {
    throw new RangeError(
      `startBalanceUsdt must be a positive number of USDT, got ${options.startBalanceUsdt}`,
    );
  }
  if (!Number.isFinite(options.slippagePct) || options.slippagePct < 0 || options.slippagePct >= 0.1) {
    throw new RangeError(`slippagePct is a fraction in [0, 0.1), e.g. 0.0005; got ${options.slippagePct}`);
  }
  if (options.instruments.length === 0)
    throw new RangeError('the paper exchange needs at least one instrument');
  const seen = new Set<string>();
  for (const rules of options.instruments) {
    if (seen.has(rules.symbol)) throw new RangeError(`instrument ${rules.symbol} is listed twice`);
    seen.add(rules.symbol);
    for (const field of ['tickSize', 'qtyStep', 'maxLeverage'] as const) {
      if (!(rules[field] > 0))
        throw new RangeError(`${rules.symbol} ${field} must be positive, got ${rules[field]}`);
    }
  }
  const cap = options.maxLimitFillQtyPerEvent;
  if (cap != null && !(cap > 0)) {
    throw new RangeError(`maxLimitFillQtyPerEvent must be positive or null (off), got ${cap}`);
  }
  const spread = options.bookHalfSpreadTicks ?? 0;
  if (!Number.isInteger(spread) || spread < 0) {
    throw new RangeError(`bookHalfSpreadTicks must be a whole number of ticks >= 0, got ${spread}`);
  }
  const age = options.maxQuoteAgeMs ?? 0;
  if (!Number.isFinite(age) || age < 0) {
    throw new RangeError(`maxQuoteAgeMs must be a number of ms >= 0, got ${age}`);
  }
}

export function validateCandle(symbol: string, candle: Candle): void {
  const { open, high, low, close } = candle;
  const finite =
    Number.isFinite(open) &&
    Number.isFinite(high) &&
    Number.isFinite(low) &&
    Number.isFinite(close) &&
    Number.isFinite(candle.ts);
  if (!finite || low <= 0 || high < Math.max(open, close) || low > Math.min(open, close)) {
    throw new InvalidCandleError(
      `${symbol} candle at ${candle.ts} is inconsistent (open ${open}, high ${high}, low ${low}, close ${close}): ` +
        'check the data file',
    );
  }
}
