import type { DecisionOutcome } from '../domain/index.ts';
import { type AbSplit, assignPromptVersions } from './ab-split.ts';
import { buildPromptData, type PromptData, type PromptDataInput, renderPromptData } from './prompt-data.ts';
import { systemPromptFor } from './prompts/index.ts';
import type { Decider, DecisionRequest } from './providers/types.ts';

export interface CycleDecisionInput {
  cycleId: string;
  /** Everything the prompt data needs; `views` holds every symbol decided this cycle. */
  prompt: PromptDataInput;
  promptVersion: string;
  abSplit: AbSplit | null;
}

/** One model call of a cycle with exactly what was sent, for the journal's prompt blob. */
export interface CycleCall {
  request: DecisionRequest;
  /** The user message as sent: the rendered prompt data. */
  userMessage: string;
  outcome: DecisionOutcome;
}

/**
 * Asks the decider about every symbol of a cycle: one call per prompt version in use (two under
 * a symbol split), each with prompt data holding only its own symbols. Calls run one after the
 * other so a provider's rate limit is met once, not twice at the same instant.
 */
export async function decideCycle(decider: Decider, input: CycleDecisionInput): Promise<CycleCall[]> {
  const symbols = input.prompt.views.map((v) => v.symbol);
  const calls: CycleCall[] = [];
  if (symbols.length === 0) return calls;
  for (const assignment of assignPromptVersions(input.cycleId, symbols, input.promptVersion, input.abSplit)) {
    const wanted = new Set(assignment.symbols);
    const promptData: PromptData = buildPromptData({
      ...input.prompt,
      views: input.prompt.views.filter((v) => wanted.has(v.symbol)),
    });
    const request: DecisionRequest = {
      cycleId: input.cycleId,
      nowMs: input.prompt.nowMs,
      symbols: assignment.symbols,
      promptVersion: assignment.promptVersion,
      systemPrompt: systemPromptFor(assignment.promptVersion),
      promptData,
    };
    calls.push({
      request,
      userMessage: renderPromptData(promptData),
      outcome: await decider.decide(request),
    });
  }
  return calls;
}
