import { cancelExpiredEntries as cancelExpired } from '../execution/pending-entries.ts';
import type { CycleDeps } from './cycle.ts';

/** Unfilled LIMIT entries are cancelled after their time-to-live (SPEC section 6; see execution/pending-entries.ts). */
export function cancelExpiredEntries(
  deps: Pick<CycleDeps, 'exchange' | 'journal' | 'logger'>,
  nowMs: number,
  ttlMs: number,
): Promise<number> {
  return cancelExpired(
    { exchange: deps.exchange, journal: deps.journal, log: (line, fields) => deps.logger.info(fields, line) },
    nowMs,
    ttlMs,
  );
}
