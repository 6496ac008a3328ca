import type { ClosedTrade } from '../domain/index.ts';
import type { Journal } from '../journal/index.ts';
import { QueryService } from '../journal/index.ts';

/** Closes of the last few days: enough for cooldowns, recovery sizing and the daily loss limit. */
const LOOKBACK_MS = 3 * 86_400_000;
const LIMIT = 500;

interface Remembered {
  version: number;
  fromMs: number;
  /** Every close from `fromMs` on, newest first; complete because fewer than LIMIT. */
  closes: ClosedTrade[];
}

/** Per journal: the last read, reused while no close or funding was journaled since. */
const remembered = new WeakMap<Journal, Remembered>();

export function recentCloses(journal: Journal, nowMs: number): ClosedTrade[] {
  const fromMs = nowMs - LOOKBACK_MS;
  const last = remembered.get(journal);
  if (last && last.version === journal.closedTradesVersion && fromMs >= last.fromMs) {
    return last.closes.filter((c) => c.closedAtMs >= fromMs && c.closedAtMs <= nowMs).map((c) => ({ ...c }));
  }
  const fromNowOn = readCloses(journal, fromMs, Number.MAX_SAFE_INTEGER);
  // Only this process writes a writable journal, so the version tells when the set changed.
  if (fromNowOn.length < LIMIT && !journal.readOnly) {
    remembered.set(journal, { version: journal.closedTradesVersion, fromMs, closes: fromNowOn });
    return fromNowOn.filter((c) => c.closedAtMs <= nowMs).map((c) => ({ ...c }));
  }
  remembered.delete(journal);
  return readCloses(journal, fromMs, nowMs + 1);
}

function readCloses(journal: Journal, fromMs: number, toMs: number): ClosedTrade[] {
  return new QueryService(journal).closedTrades({ fromMs, toMs, limit: LIMIT }).items.map((t) => ({
    symbol: t.symbol,
    side: t.side,
    closedAtMs: t.closedAtMs,
    realizedPnlUsdt: t.netPnlUsdt,
  }));
}
