import type { DecisionOutcome, TokenUsage } from '../../domain/index.ts';
import type { ModelPrices } from '../usage.ts';
import { reportedUsage } from '../usage.ts';
import { ProviderCallError, postJson } from './http.ts';
import { runDecision } from './outcome.ts';
import type { Decider, DecisionRequest, ModelReply } from './types.ts';

export interface HttpDeciderOptions {
  /** OpenAI-style base including the version path, e.g. https://api.openai.com/v1. */
  baseUrl: string;
  apiKey?: string | undefined;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  maxOutputTokens: number;
  /** Sampling temperature; OpenAI reasoning models accept only 1. */
  temperature: number;
  prices: ModelPrices;
  backoffBaseMs?: number;
  fetchImpl?: typeof fetch;
}

export interface OpenAiDeciderOptions extends HttpDeciderOptions {
  /** Send response_format {type:"json_object"}; turn off for endpoints that reject it. */
  jsonMode: boolean;
  /** Field carrying the output cap: OpenAI reasoning models refuse max_tokens. */
  tokenLimitParam: 'max_tokens' | 'max_completion_tokens';
}

function messageText(json: unknown, attempts: number): string {
  const choice = (json as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0];
  if (!choice || typeof choice !== 'object') {
    throw new ProviderCallError(
      'reply has no choices[0]: not a chat-completions response',
      'protocol',
      attempts,
    );
  }
  const content = choice.message?.content;
  return typeof content === 'string' ? content : '';
}

interface OpenAiUsageFields {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
  /** OpenAI: the part of prompt_tokens served from the prompt cache. */
  prompt_tokens_details?: { cached_tokens?: unknown } | null;
  /** DeepSeek: prompt_tokens = prompt_cache_hit_tokens + prompt_cache_miss_tokens. */
  prompt_cache_hit_tokens?: unknown;
}

/** prompt_tokens counts every input token, cached ones included, on both OpenAI and DeepSeek. */
export function openAiUsage(json: unknown): TokenUsage | null {
  const usage = (json as { usage?: OpenAiUsageFields } | null)?.usage;
  const cached = usage?.prompt_tokens_details?.cached_tokens ?? usage?.prompt_cache_hit_tokens;
  return reportedUsage(usage?.prompt_tokens, usage?.completion_tokens, cached);
}

/** Any OpenAI-compatible chat-completions endpoint (OpenAI, DeepSeek, OpenRouter, Ollama, vLLM, llama.cpp). */
export class OpenAiDecider implements Decider {
  readonly provider = 'openai';
  readonly model: string;

  constructor(private readonly options: OpenAiDeciderOptions) {
    this.model = options.model;
  }

  // Same frame as AnthropicDecider.decide on purpose: the two wire APIs differ in url, headers, body and reply.
  decide(request: DecisionRequest): Promise<DecisionOutcome> {
    const o = this.options;
    return runDecision(
      request,
      { provider: this.provider, model: o.model, prices: o.prices, secrets: [o.apiKey] },
      async (userMessage): Promise<ModelReply> => {
        const { json, attempts } = await postJson({
          url: `${o.baseUrl.replace(/\/+$/, '')}/chat/completions`,
          headers: o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {},
          body: {
            model: o.model,
            messages: [
              { role: 'system', content: request.systemPrompt },
              { role: 'user', content: userMessage },
            ],
            temperature: o.temperature,
            [o.tokenLimitParam]: o.maxOutputTokens,
            ...(o.jsonMode ? { response_format: { type: 'json_object' } } : {}),
          },
          timeoutMs: o.timeoutMs,
          maxRetries: o.maxRetries,
          backoffBaseMs: o.backoffBaseMs ?? 500,
          secrets: [o.apiKey],
          ...(o.fetchImpl ? { fetchImpl: o.fetchImpl } : {}),
        });
        const text = messageText(json, attempts);
        return { text, usage: openAiUsage(json), attempts };
      },
    );
  }
}
