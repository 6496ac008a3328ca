import { TIMEFRAME_MS, type Timeframe } from '../domain/index.ts';
import { systemPromptFor } from './prompts/index.ts';
import { costUsd, countTextTokens, type ModelPrices } from './usage.ts';

/**
 * Prompt-data tokens besides the symbols (account, limits, feature columns, cooldowns, ...) and
 * per symbol (its price, funding and one feature row per timeframe), measured with o200k_base on
 * the prompt data of the unit-test fixture and the AI-cost bench (issue 20).
 */
export const PROMPT_FIXED_TOKENS = 400;
export const PROMPT_TOKENS_PER_SYMBOL_AND_TIMEFRAME = 80;
/** A short answer: the model lists only the symbols it acts on, usually none or one. */
export const ANSWER_TOKENS_PER_CALL = 60;

export interface CostProjectionInput {
  symbols: number;
  decisionTimeframe: Timeframe;
  /** Decision timeframe plus context timeframes: the feature rows per symbol. */
  timeframes: number;
  /** Prompt versions in use: a symbol split makes two calls per cycle. */
  promptVersions: string[];
  prices: ModelPrices;
}

export interface CostProjection {
  callsPerDay: number;
  tokensInPerCall: number;
  tokensOutPerCall: number;
  usdPerDay: number;
  usdPerMonth: number;
}

/**
 * The AI cost if every symbol were asked on every decision close (an upper bound: AI_SKIP_FUTILE
 * leaves out the questions no answer could matter for). The system prompt is counted exactly and
 * priced at the cached rate from the second call on, as the providers' prefix caches bill it.
 */
export function projectAiCost(input: CostProjectionInput): CostProjection {
  const cyclesPerDay = 86_400_000 / TIMEFRAME_MS[input.decisionTimeframe];
  const calls = input.promptVersions.map((version) => {
    const share = input.symbols / input.promptVersions.length;
    const system = countTextTokens(systemPromptFor(version));
    const data = PROMPT_FIXED_TOKENS + share * input.timeframes * PROMPT_TOKENS_PER_SYMBOL_AND_TIMEFRAME;
    return { system, tokensIn: Math.round(system + data) };
  });
  const usdPerCall = calls.map((c) =>
    costUsd(
      {
        inputTokens: c.tokensIn,
        outputTokens: ANSWER_TOKENS_PER_CALL,
        cachedInputTokens: c.system,
        estimated: true,
      },
      input.prices,
    ),
  );
  const usdPerDay = cyclesPerDay * usdPerCall.reduce((a, b) => a + b, 0);
  return {
    callsPerDay: cyclesPerDay * calls.length,
    tokensInPerCall: Math.round(calls.reduce((a, c) => a + c.tokensIn, 0) / calls.length),
    tokensOutPerCall: ANSWER_TOKENS_PER_CALL,
    usdPerDay,
    usdPerMonth: usdPerDay * 30,
  };
}
