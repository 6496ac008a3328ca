import type { DecisionOutcome } from '../../domain/index.ts';
import { runDecision } from './outcome.ts';
import type { Decider, DecisionRequest } from './types.ts';

/** The journal's recorded raw replies, looked up by the cycle and prompt version they answered. */
export interface RecordedResponses {
  responseFor(cycleId: string, promptVersion: string): string | null;
}

export class NoRecordedResponseError extends Error {
  override readonly name = 'NoRecordedResponseError';
  constructor(cycleId: string, promptVersion: string) {
    super(`no recorded response for cycle ${cycleId} under prompt ${promptVersion}`);
  }
}

/** Answers each cycle with the raw reply recorded for it: exact reproduction at no cost. */
export class ReplayDecider implements Decider {
  readonly provider = 'replay';

  constructor(
    private readonly recorded: RecordedResponses,
    readonly model = 'recorded',
  ) {}

  decide(request: DecisionRequest): Promise<DecisionOutcome> {
    return runDecision(
      request,
      { provider: this.provider, model: this.model, prices: { inputPerMTok: 0, outputPerMTok: 0 } },
      async () => {
        const text = this.recorded.responseFor(request.cycleId, request.promptVersion);
        if (text === null) throw new NoRecordedResponseError(request.cycleId, request.promptVersion);
        return { text, usage: null, attempts: 0 };
      },
    );
  }
}

/** In-memory recordings, keyed by cycle and prompt version (tests, and a journal loaded up front). */
export class InMemoryRecordedResponses implements RecordedResponses {
  private readonly byKey = new Map<string, string>();

  record(cycleId: string, promptVersion: string, raw: string): void {
    this.byKey.set(`${cycleId}\u0000${promptVersion}`, raw);
  }

  responseFor(cycleId: string, promptVersion: string): string | null {
    return this.byKey.get(`${cycleId}\u0000${promptVersion}`) ?? null;
  }
}
