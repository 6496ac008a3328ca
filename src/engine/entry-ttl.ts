import { errorText } from '../domain/index.ts';
import { cancelExpiredEntries } from '../execution/pending-entries.ts';
import type { CycleDeps } from './cycle.ts';

/**
 * Unfilled LIMIT entries are cancelled after their time-to-live (SPEC section 6; see execution/pending-entries.ts).
 * An exchange failure here is journaled and retried at the next cycle: it must not stop the bot
 * (found by the soak: one HTTP 500 on the open-orders list ended `warden run`).
 */
export async function expirePendingEntries(
  deps: Pick<CycleDeps, 'exchange' | 'journal' | 'logger'>,
  nowMs: number,
  ttlMs: number,
): Promise<number> {
  try {
    return await cancelExpiredEntries(
      {
        exchange: deps.exchange,
        journal: deps.journal,
        log: (line, fields) => deps.logger.info(fields, line),
      },
      nowMs,
      ttlMs,
    );
  } catch (error) {
    // Same failure event shape as engine.ts reconcile on purpose: each failure journals its own kind and consequence.
    const detail = errorText(error);
    deps.journal.recordEvent({
      atMs: nowMs,
      kind: 'entry-ttl.failed',
      severity: 'error',
      message: `expiring pending entries failed, retried next cycle: ${detail}`,
    });
    deps.logger.error({ error: detail }, 'expiring pending entries failed; retried next cycle');
    return 0;
  }
}
