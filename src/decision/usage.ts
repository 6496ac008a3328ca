import { countTokens } from 'gpt-tokenizer';
import type { TokenUsage } from '../domain/index.ts';

/** Per-model prices in USD per million tokens (AI_PRICE_INPUT_PER_MTOK / AI_PRICE_OUTPUT_PER_MTOK). */
export interface ModelPrices {
  inputPerMTok: number;
  outputPerMTok: number;
}

/** Local count (o200k_base) for when a provider reports no usage. */
export function countTextTokens(text: string): number {
  return text === '' ? 0 : countTokens(text);
}

export function estimatedUsage(promptTexts: readonly string[], reply: string | null): TokenUsage {
  return {
    inputTokens: promptTexts.reduce((sum, text) => sum + countTextTokens(text), 0),
    outputTokens: reply === null ? 0 : countTextTokens(reply),
    estimated: true,
  };
}

export function costUsd(usage: TokenUsage, prices: ModelPrices): number {
  return (usage.inputTokens * prices.inputPerMTok + usage.outputTokens * prices.outputPerMTok) / 1_000_000;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

/** Provider-reported usage when both counts are present and sane, else null. */
export function reportedUsage(input: unknown, output: unknown): TokenUsage | null {
  const inputTokens = count(input);
  const outputTokens = count(output);
  return inputTokens === null || outputTokens === null
    ? null
    : { inputTokens, outputTokens, estimated: false };
}
