import type { ClosedTrade } from '../domain/index.ts';
import type { Journal } from '../journal/index.ts';
import { QueryService } from '../journal/index.ts';

/** Closes of the last few days: enough for cooldowns, recovery sizing and the daily loss limit. */
const LOOKBACK_MS = 3 * 86_400_000;

export function recentCloses(journal: Journal, nowMs: number): ClosedTrade[] {
  const page = new QueryService(journal).closedTrades({
    fromMs: nowMs - LOOKBACK_MS,
    toMs: nowMs + 1,
    limit: 500,
  });
  return page.items.map((t) => ({
    symbol: t.symbol,
    side: t.side,
    closedAtMs: t.closedAtMs,
    realizedPnlUsdt: t.netPnlUsdt,
  }));
}
