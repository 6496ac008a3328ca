import { describe, expect, it } from 'vitest';
import { costUsd, resolvePrices, tablePrices } from '../../../src/decision/index.ts';
import { anthropicUsage } from '../../../src/decision/providers/anthropic.ts';
import { openAiUsage } from '../../../src/decision/providers/openai.ts';

describe('cached input tokens as each provider states them', () => {
  it('OpenAI: prompt_tokens_details.cached_tokens is part of prompt_tokens', () => {
    const usage = openAiUsage({
      usage: { prompt_tokens: 3000, completion_tokens: 40, prompt_tokens_details: { cached_tokens: 2048 } },
    });
    expect(usage).toEqual({
      inputTokens: 3000,
      outputTokens: 40,
      cachedInputTokens: 2048,
      cacheWriteTokens: 0,
      estimated: false,
    });
  });

  it('DeepSeek: prompt_cache_hit_tokens is part of prompt_tokens', () => {
    const usage = openAiUsage({
      usage: {
        prompt_tokens: 3000,
        completion_tokens: 40,
        prompt_cache_hit_tokens: 2900,
        prompt_cache_miss_tokens: 100,
      },
    });
    expect(usage?.cachedInputTokens).toBe(2900);
    expect(usage?.inputTokens).toBe(3000);
  });

  it('Anthropic: cache reads and writes are added to input_tokens, which leaves them out', () => {
    const usage = anthropicUsage({
      usage: {
        input_tokens: 200,
        cache_read_input_tokens: 2500,
        cache_creation_input_tokens: 300,
        output_tokens: 60,
      },
    });
    expect(usage).toEqual({
      inputTokens: 3000,
      outputTokens: 60,
      cachedInputTokens: 2500,
      cacheWriteTokens: 300,
      estimated: false,
    });
  });

  it('a cached count above the input is capped, a broken one counts as uncached (never under-billed)', () => {
    expect(
      openAiUsage({ usage: { prompt_tokens: 10, completion_tokens: 1, prompt_cache_hit_tokens: 50 } })
        ?.cachedInputTokens,
    ).toBe(10);
    expect(
      openAiUsage({
        usage: { prompt_tokens: 10, completion_tokens: 1, prompt_tokens_details: { cached_tokens: -3 } },
      })?.cachedInputTokens,
    ).toBe(0);
  });
});

describe('cost at the cached rate', () => {
  it('prices uncached input, cache reads, cache writes and output each at their own rate', () => {
    const cost = costUsd(
      {
        inputTokens: 3000,
        outputTokens: 60,
        cachedInputTokens: 2500,
        cacheWriteTokens: 300,
        estimated: false,
      },
      { inputPerMTok: 3, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75, outputPerMTok: 15 },
    );
    expect(cost).toBeCloseTo((200 * 3 + 2500 * 0.3 + 300 * 3.75 + 60 * 15) / 1e6, 15);
  });

  it('without a cached rate, cached tokens cost the input rate', () => {
    const usage = { inputTokens: 1000, outputTokens: 0, cachedInputTokens: 900, estimated: false };
    expect(costUsd(usage, { inputPerMTok: 2, outputPerMTok: 8 })).toBeCloseTo(0.002, 15);
  });
});

describe('the price table', () => {
  it('fills prices for the documented models when none is configured', () => {
    const deepseek = resolvePrices({ AI_PROVIDER: 'openai', AI_MODEL: 'deepseek-chat' });
    expect(deepseek.origin).toBe('table');
    expect(deepseek.prices).toMatchObject({
      inputPerMTok: 0.27,
      cachedInputPerMTok: 0.07,
      outputPerMTok: 1.1,
    });
    expect(tablePrices('openai', 'gpt-4o-mini-2024-07-18')?.model).toBe('gpt-4o-mini');
    expect(tablePrices('anthropic', 'claude-sonnet-4-20250514')?.inputPerMTok).toBe(3);
    expect(tablePrices('anthropic', 'gpt-4o')).toBeNull();
  });

  it('configured prices win, and an unknown model says that its cost is counted as 0', () => {
    const set = resolvePrices({
      AI_PROVIDER: 'openai',
      AI_MODEL: 'deepseek-chat',
      AI_PRICE_INPUT_PER_MTOK: 1,
      AI_PRICE_OUTPUT_PER_MTOK: 2,
    });
    expect(set.prices).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
    const unknown = resolvePrices({ AI_PROVIDER: 'openai', AI_MODEL: 'my-local-llama' });
    expect(unknown.origin).toBe('none');
    expect(unknown.note).toMatch(/AI_PRICE_INPUT_PER_MTOK/);
  });
});
