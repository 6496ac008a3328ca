import type { WardenConfig } from '../config/schema.ts';
import { resolvePrices } from './prices.ts';
import { AnthropicDecider } from './providers/anthropic.ts';
import { BaselineDecider } from './providers/baseline.ts';
import { ChaosDecider } from './providers/chaos.ts';
import { OpenAiDecider } from './providers/openai.ts';
import { type RecordedResponses, ReplayDecider } from './providers/replay.ts';
import type { Decider } from './providers/types.ts';

export type DeciderConfig = Pick<
  WardenConfig,
  | 'AI_PROVIDER'
  | 'AI_BASE_URL'
  | 'AI_API_KEY'
  | 'AI_MODEL'
  | 'AI_TIMEOUT_MS'
  | 'AI_MAX_RETRIES'
  | 'AI_JSON_MODE'
  | 'AI_TOKEN_LIMIT_PARAM'
  | 'AI_TEMPERATURE'
  | 'AI_MAX_OUTPUT_TOKENS'
  | 'AI_PRICE_INPUT_PER_MTOK'
  | 'AI_PRICE_OUTPUT_PER_MTOK'
  | 'AI_PRICE_CACHED_INPUT_PER_MTOK'
  | 'CHAOS_SEED'
>;

export interface DeciderDeps {
  /** Required by the replay provider: the journal's recorded replies. */
  recorded?: RecordedResponses;
  fetchImpl?: typeof fetch;
  /** First retry backoff step (tests shorten it). */
  backoffBaseMs?: number;
}

export class DeciderConfigError extends Error {
  override readonly name = 'DeciderConfigError';
}

export const DEFAULT_BASE_URLS = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
} as const;

/** Builds the configured decider, or says exactly which variable is missing. */
export function createDecider(config: DeciderConfig, deps: DeciderDeps = {}): Decider {
  const provider = config.AI_PROVIDER;
  if (provider === 'baseline') return new BaselineDecider();
  if (provider === 'chaos') return new ChaosDecider(config.CHAOS_SEED);
  if (provider === 'replay') {
    if (!deps.recorded) {
      throw new DeciderConfigError(
        'AI_PROVIDER=replay needs recorded responses: set AI_REPLAY_JOURNAL to the journal of the run to replay',
      );
    }
    return new ReplayDecider(deps.recorded, config.AI_MODEL ?? 'recorded');
  }
  if (!config.AI_MODEL)
    throw new DeciderConfigError(`AI_PROVIDER=${provider} needs AI_MODEL (the model name)`);
  const common = {
    baseUrl: config.AI_BASE_URL ?? DEFAULT_BASE_URLS[provider],
    model: config.AI_MODEL,
    timeoutMs: config.AI_TIMEOUT_MS,
    maxRetries: config.AI_MAX_RETRIES,
    maxOutputTokens: config.AI_MAX_OUTPUT_TOKENS,
    temperature: config.AI_TEMPERATURE,
    prices: resolvePrices(config).prices,
    ...(deps.backoffBaseMs !== undefined ? { backoffBaseMs: deps.backoffBaseMs } : {}),
    ...(deps.fetchImpl ? { fetchImpl: deps.fetchImpl } : {}),
  };
  if (provider === 'anthropic') {
    if (!config.AI_API_KEY) throw new DeciderConfigError('AI_PROVIDER=anthropic needs AI_API_KEY');
    return new AnthropicDecider({ ...common, apiKey: config.AI_API_KEY });
  }
  if (!config.AI_API_KEY && !config.AI_BASE_URL) {
    throw new DeciderConfigError(
      'AI_PROVIDER=openai needs AI_API_KEY for api.openai.com, or AI_BASE_URL for a local endpoint without a key',
    );
  }
  return new OpenAiDecider({
    ...common,
    apiKey: config.AI_API_KEY,
    jsonMode: config.AI_JSON_MODE,
    tokenLimitParam: config.AI_TOKEN_LIMIT_PARAM,
  });
}
