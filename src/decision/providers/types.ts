import type { DecisionOutcome, TokenUsage } from '../../domain/index.ts';
import type { PromptData } from '../prompt-data.ts';

/** One model call: the symbols it covers under one prompt version. */
export interface DecisionRequest {
  cycleId: string;
  nowMs: number;
  /** Symbols to answer for, in order; prompt data holds exactly these. */
  symbols: string[];
  promptVersion: string;
  systemPrompt: string;
  promptData: PromptData;
  /** `renderPromptData(promptData)` when the cycle already rendered it (for the journal); rendered on demand otherwise. */
  renderedPromptData?: string;
}

/** Never throws for a provider problem: every failure is an outcome with HOLDs in it. */
export interface Decider {
  readonly provider: string;
  readonly model: string;
  decide(request: DecisionRequest): Promise<DecisionOutcome>;
}

/** What a provider's transport returns: the reply text and what it knows about usage. */
export interface ModelReply {
  text: string;
  usage: TokenUsage | null;
  attempts: number;
}
