import { describe, expect, it } from 'vitest';
import {
  AnthropicDecider,
  BaselineDecider,
  ChaosDecider,
  createDecider,
  type DeciderConfig,
  DeciderConfigError,
  InMemoryRecordedResponses,
  OpenAiDecider,
  ReplayDecider,
} from '../../../src/decision/index.ts';

const base: DeciderConfig = {
  AI_PROVIDER: 'baseline',
  AI_BASE_URL: undefined,
  AI_API_KEY: undefined,
  AI_MODEL: undefined,
  AI_TIMEOUT_MS: 60_000,
  AI_MAX_RETRIES: 2,
  AI_JSON_MODE: true,
  AI_TOKEN_LIMIT_PARAM: 'max_tokens',
  AI_TEMPERATURE: 0,
  AI_MAX_OUTPUT_TOKENS: 2000,
  AI_PRICE_INPUT_PER_MTOK: 0,
  AI_PRICE_OUTPUT_PER_MTOK: 0,
  CHAOS_SEED: 1,
};

describe('createDecider', () => {
  it('needs no key for baseline and chaos', () => {
    expect(createDecider(base)).toBeInstanceOf(BaselineDecider);
    expect(createDecider({ ...base, AI_PROVIDER: 'chaos' })).toBeInstanceOf(ChaosDecider);
  });

  it('says which variable is missing for a model provider', () => {
    expect(() => createDecider({ ...base, AI_PROVIDER: 'openai' })).toThrow(/needs AI_MODEL/);
    expect(() => createDecider({ ...base, AI_PROVIDER: 'openai', AI_MODEL: 'gpt-4o-mini' })).toThrow(
      /AI_API_KEY/,
    );
    expect(() => createDecider({ ...base, AI_PROVIDER: 'anthropic', AI_MODEL: 'claude' })).toThrow(
      DeciderConfigError,
    );
    expect(() => createDecider({ ...base, AI_PROVIDER: 'replay' })).toThrow(/AI_REPLAY_JOURNAL/);
  });

  it('builds the configured provider', () => {
    expect(
      createDecider({
        ...base,
        AI_PROVIDER: 'openai',
        AI_MODEL: 'llama3',
        AI_BASE_URL: 'http://127.0.0.1:11434/v1',
      }),
    ).toBeInstanceOf(OpenAiDecider);
    expect(
      createDecider({ ...base, AI_PROVIDER: 'anthropic', AI_MODEL: 'claude', AI_API_KEY: 'k-123456' }),
    ).toBeInstanceOf(AnthropicDecider);
    expect(
      createDecider({ ...base, AI_PROVIDER: 'replay' }, { recorded: new InMemoryRecordedResponses() }),
    ).toBeInstanceOf(ReplayDecider);
  });
});
