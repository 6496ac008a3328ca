import type { DecisionOutcome, TokenUsage } from '../../domain/index.ts';
import { reportedUsage } from '../usage.ts';
import { ProviderCallError, postJson } from './http.ts';
import type { HttpDeciderOptions } from './openai.ts';
import { runDecision } from './outcome.ts';
import type { Decider, DecisionRequest, ModelReply } from './types.ts';

export const ANTHROPIC_VERSION = '2023-06-01';

function replyText(json: unknown, attempts: number): string {
  const content = (json as { content?: unknown } | null)?.content;
  if (!Array.isArray(content)) {
    throw new ProviderCallError(
      'reply has no content array: not a Messages API response',
      'protocol',
      attempts,
    );
  }
  return content
    .filter(
      (block): block is { type: 'text'; text: string } =>
        block?.type === 'text' && typeof block.text === 'string',
    )
    .map((block) => block.text)
    .join('');
}

interface AnthropicUsageFields {
  input_tokens?: unknown;
  output_tokens?: unknown;
  cache_read_input_tokens?: unknown;
  cache_creation_input_tokens?: unknown;
}

const tokens = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : 0;

/**
 * Anthropic's input_tokens leaves out cache reads and writes; they are added back so inputTokens is
 * every input token of the call, as on the other providers.
 */
export function anthropicUsage(json: unknown): TokenUsage | null {
  const usage = (json as { usage?: AnthropicUsageFields } | null)?.usage;
  if (typeof usage?.input_tokens !== 'number')
    return reportedUsage(usage?.input_tokens, usage?.output_tokens);
  const read = tokens(usage.cache_read_input_tokens);
  const written = tokens(usage.cache_creation_input_tokens);
  return reportedUsage(usage.input_tokens + read + written, usage.output_tokens, read, written);
}

/** Anthropic's Messages API: x-api-key + anthropic-version headers, system as a top-level field. */
export class AnthropicDecider implements Decider {
  readonly provider = 'anthropic';
  readonly model: string;

  constructor(private readonly options: HttpDeciderOptions & { apiKey: string }) {
    this.model = options.model;
  }

  decide(request: DecisionRequest): Promise<DecisionOutcome> {
    const o = this.options;
    return runDecision(
      request,
      { provider: this.provider, model: o.model, prices: o.prices, secrets: [o.apiKey] },
      async (userMessage): Promise<ModelReply> => {
        const { json, attempts } = await postJson({
          url: `${o.baseUrl.replace(/\/+$/, '')}/v1/messages`,
          headers: { 'x-api-key': o.apiKey, 'anthropic-version': ANTHROPIC_VERSION },
          body: {
            model: o.model,
            max_tokens: o.maxOutputTokens,
            temperature: o.temperature,
            // The system prompt is the same bytes on every call: mark it as the cacheable prefix.
            system: [{ type: 'text', text: request.systemPrompt, cache_control: { type: 'ephemeral' } }],
            messages: [{ role: 'user', content: [{ type: 'text', text: userMessage }] }],
          },
          timeoutMs: o.timeoutMs,
          maxRetries: o.maxRetries,
          backoffBaseMs: o.backoffBaseMs ?? 500,
          secrets: [o.apiKey],
          ...(o.fetchImpl ? { fetchImpl: o.fetchImpl } : {}),
        });
        return { text: replyText(json, attempts), usage: anthropicUsage(json), attempts };
      },
    );
  }
}
