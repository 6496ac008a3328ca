import { errorText } from '../domain/index.ts';
import type { Logger } from '../domain/logger.ts';
import type { Journal } from '../journal/index.ts';
import type { KillSwitchKeeper } from './kill-switches.ts';

export interface FailedStep {
  /** Journal event kind, e.g. 'position-manager.failed'. */
  kind: string;
  /** What failed, as the journal and the log say it: 'position manager step'. */
  step: string;
  /** What happens next, for the operator reading the log. */
  next: string;
  detail?: Record<string, unknown>;
}

/**
 * A step of the engine that failed against the venue: counted by the exchange kill switch,
 * journaled and logged, so the loop goes on and the next step retries.
 */
export function recordFailedStep(
  deps: { killSwitches: KillSwitchKeeper; journal: Journal; logger: Logger },
  nowMs: number,
  error: unknown,
  failed: FailedStep,
): void {
  const detail = errorText(error);
  deps.killSwitches.exchangeFailed(nowMs);
  deps.journal.recordEvent({
    atMs: nowMs,
    kind: failed.kind,
    severity: 'error',
    message: `${failed.step} failed: ${detail}`,
    ...(failed.detail ? { detail: failed.detail } : {}),
  });
  deps.logger.error({ ...failed.detail, error: detail }, `${failed.step} failed; ${failed.next}`);
}
