import { createRequire } from 'node:module';
import type { TokenUsage } from '../domain/index.ts';

/** Per-model prices in USD per million tokens (see prices.ts for the defaults and their sources). */
export interface ModelPrices {
  inputPerMTok: number;
  outputPerMTok: number;
  /** Input tokens read from the provider's prompt cache; the input rate when absent. */
  cachedInputPerMTok?: number;
  /** Input tokens written to the cache (Anthropic); the input rate when absent. */
  cacheWritePerMTok?: number;
}

type CountTokens = typeof import('gpt-tokenizer').countTokens;
let countTokens: CountTokens | null = null;

/**
 * Local count (o200k_base) for when a provider reports no usage. The tokenizer's tables cost about
 * 60 MiB of memory, so they load on the first count, never in runs without a model (baseline, backtests).
 */
export function countTextTokens(text: string): number {
  if (text === '') return 0;
  countTokens ??= (createRequire(import.meta.url)('gpt-tokenizer') as typeof import('gpt-tokenizer'))
    .countTokens;
  return countTokens(text);
}

export function estimatedUsage(promptTexts: readonly string[], reply: string | null): TokenUsage {
  return {
    inputTokens: promptTexts.reduce((sum, text) => sum + countTextTokens(text), 0),
    outputTokens: reply === null ? 0 : countTextTokens(reply),
    estimated: true,
  };
}

/** USD of one call: uncached input, cache reads, cache writes and output each at their own rate. */
export function costUsd(usage: TokenUsage, prices: ModelPrices): number {
  const cached = usage.cachedInputTokens ?? 0;
  const written = usage.cacheWriteTokens ?? 0;
  const plain = Math.max(0, usage.inputTokens - cached - written);
  return (
    (plain * prices.inputPerMTok +
      cached * (prices.cachedInputPerMTok ?? prices.inputPerMTok) +
      written * (prices.cacheWritePerMTok ?? prices.inputPerMTok) +
      usage.outputTokens * prices.outputPerMTok) /
    1_000_000
  );
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

/**
 * Provider-reported usage when both counts are present and sane, else null. `cached` and
 * `written` are the parts of `input` served from or written to the prompt cache; a missing or
 * insane figure counts as 0 (priced at the full input rate: never under-counted), and they are
 * capped so together they never exceed the input.
 */
export function reportedUsage(
  input: unknown,
  output: unknown,
  cached: unknown = 0,
  written: unknown = 0,
): TokenUsage | null {
  const inputTokens = count(input);
  const outputTokens = count(output);
  if (inputTokens === null || outputTokens === null) return null;
  const cachedInputTokens = Math.min(count(cached) ?? 0, inputTokens);
  const cacheWriteTokens = Math.min(count(written) ?? 0, inputTokens - cachedInputTokens);
  return { inputTokens, outputTokens, estimated: false, cachedInputTokens, cacheWriteTokens };
}
