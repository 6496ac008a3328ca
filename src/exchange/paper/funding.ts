import type { FundingRate } from '../../domain/index.ts';
import type { FundingRateSource } from './types.ts';

/** Funding is exchanged every 8 hours, at 00:00, 08:00 and 16:00 UTC. */
export const FUNDING_INTERVAL_MS = 8 * 60 * 60 * 1000;

export class FundingRateMissingError extends Error {
  override readonly name = 'FundingRateMissingError';
}

/** The funding time was already charged: charging it again would count it twice. */
export class FundingAlreadySettledError extends Error {
  override readonly name = 'FundingAlreadySettledError';
}

/** The last funding time at or before `timeMs`. */
export function fundingTimeAtOrBefore(timeMs: number): number {
  return Math.floor(timeMs / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS;
}

/** Funding times in (afterMs, uptoMs], oldest first. */
export function fundingTimesBetween(afterMs: number, uptoMs: number): number[] {
  const times: number[] = [];
  for (let t = fundingTimeAtOrBefore(afterMs) + FUNDING_INTERVAL_MS; t <= uptoMs; t += FUNDING_INTERVAL_MS) {
    times.push(t);
  }
  return times;
}

export function nextFundingTime(timeMs: number): number {
  return fundingTimeAtOrBefore(timeMs) + FUNDING_INTERVAL_MS;
}

/** The same rate for every symbol at every funding time. */
export function constantFunding(rate: number): FundingRateSource {
  if (!Number.isFinite(rate) || Math.abs(rate) > 0.05) {
    throw new RangeError(
      `constant funding rate ${rate} is not a plausible rate per 8h (use a fraction like 0.0001)`,
    );
  }
  return () => rate;
}

/**
 * Rates from funding files (`ts,rate` rows per symbol). The rate at a funding time is the row at
 * that time, or the latest earlier row if it is less than one interval old; otherwise unknown.
 */
export function fundingFromSeries(series: Record<string, FundingRate[]>): FundingRateSource {
  const sorted = new Map<string, FundingRate[]>();
  for (const [symbol, rows] of Object.entries(series)) {
    sorted.set(
      symbol,
      [...rows].sort((a, b) => a.ts - b.ts),
    );
  }
  return (symbol, fundingTimeMs) => {
    const rows = sorted.get(symbol);
    if (!rows || rows.length === 0) return null;
    let lo = 0;
    let hi = rows.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((rows[mid] as FundingRate).ts <= fundingTimeMs) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const row = rows[found];
    if (!row || fundingTimeMs - row.ts >= FUNDING_INTERVAL_MS) return null;
    return row.rate;
  };
}

export function describeMissingFunding(symbol: string, fundingTimeMs: number): string {
  return (
    `no funding rate for ${symbol} at ${new Date(fundingTimeMs).toISOString()}: ` +
    'give a funding file covering the whole period, or a constant rate'
  );
}
