import { buildPromptData, type PromptDataInput, renderPromptData } from './prompt-data.ts';
import { systemPromptFor } from './prompts/index.ts';
import type { DecisionRequest } from './providers/types.ts';

/** One model call of a cycle, and exactly what it sends (the journal's prompt blob). */
export interface ModelAsk {
  request: DecisionRequest;
  /** The system prompt, a blank line, then the rendered prompt data. */
  promptText: string;
}

/**
 * The call for one prompt version's symbols (two calls a cycle under a symbol split): prompt data holding only the symbols asked, under
 * that version's system prompt. `prompt.views` are the asked symbols' views, in order.
 */
export function askFor(cycleId: string, promptVersion: string, prompt: PromptDataInput): ModelAsk {
  const systemPrompt = systemPromptFor(promptVersion);
  const promptData = buildPromptData(prompt);
  const renderedPromptData = renderPromptData(promptData);
  return {
    request: {
      cycleId,
      nowMs: prompt.nowMs,
      symbols: prompt.views.map((v) => v.symbol),
      promptVersion,
      systemPrompt,
      promptData,
      renderedPromptData,
    },
    promptText: `${systemPrompt}\n\n${renderedPromptData}`,
  };
}
