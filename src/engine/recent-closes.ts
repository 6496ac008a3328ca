import type { ClosedTrade } from '../domain/index.ts';
import { closesBetween } from '../journal/engine-lookups.ts';
import type { Journal } from '../journal/index.ts';

/** Closes of the last few days: enough for cooldowns, recovery sizing and the daily loss limit. */
const LOOKBACK_MS = 3 * 86_400_000;

export function recentCloses(journal: Journal, nowMs: number): ClosedTrade[] {
  return closesBetween(journal.db, nowMs - LOOKBACK_MS, nowMs + 1, 500).map((t) => ({
    symbol: t.symbol,
    side: t.side,
    closedAtMs: t.closedAtMs,
    // The same sum, in the same order, as the journal's closed-trade view.
    realizedPnlUsdt: t.grossPnlUsdt - t.feesUsdt + t.fundingUsdt,
  }));
}
