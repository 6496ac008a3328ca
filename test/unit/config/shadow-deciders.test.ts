import { describe, expect, it } from 'vitest';
import { decidersOverrides } from '../../../src/cli/deciders-option.ts';
import { UsageError } from '../../../src/cli/errors.ts';
import { leadDeciderId } from '../../../src/config/index.ts';
import { deciderIdOf, parseDeciderList, parseDeciderSpec } from '../../../src/domain/index.ts';
import { configErrorOf, loadWith } from './support.ts';

describe('decider entries', () => {
  it('reads built-in deciders, and models with or without a prompt version', () => {
    expect(
      parseDeciderList(' baseline, chaos ,openai:gpt-4o-mini,anthropic:claude-3-5-haiku-latest@v4_terse'),
    ).toEqual([
      { provider: 'baseline', model: null, promptVersion: null },
      { provider: 'chaos', model: null, promptVersion: null },
      { provider: 'openai', model: 'gpt-4o-mini', promptVersion: null },
      { provider: 'anthropic', model: 'claude-3-5-haiku-latest', promptVersion: 'v4_terse' },
    ]);
    // Local model names carry colons and slashes.
    expect(parseDeciderSpec('openai:qwen2.5:7b@v5_neutral')).toEqual({
      provider: 'openai',
      model: 'qwen2.5:7b',
      promptVersion: 'v5_neutral',
    });
    expect(parseDeciderSpec('openai:meta-llama/Llama-3.1-8B').model).toBe('meta-llama/Llama-3.1-8B');
  });

  it('writes ids with the prompt always spelled out', () => {
    expect(deciderIdOf(parseDeciderSpec('openai:gpt-4o-mini'), 'v5_neutral')).toBe(
      'openai:gpt-4o-mini@v5_neutral',
    );
    expect(deciderIdOf(parseDeciderSpec('openai:gpt-4o-mini@v4_terse'), 'v5_neutral')).toBe(
      'openai:gpt-4o-mini@v4_terse',
    );
    expect(deciderIdOf(parseDeciderSpec('chaos'), 'v5_neutral')).toBe('chaos');
    const lead = { AI_PROVIDER: 'openai', AI_MODEL: 'm', PROMPT_VERSION: 'v5_neutral' } as const;
    expect(leadDeciderId({ ...lead, PROMPT_AB_SPLIT: 'v4_terse:symbol' })).toBe(
      'openai:m@v5_neutral/v4_terse:symbol',
    );
    expect(
      leadDeciderId({ AI_PROVIDER: 'baseline', AI_MODEL: 'ignored', PROMPT_VERSION: 'v5_neutral' }),
    ).toBe('baseline');
  });

  it.each([
    [
      'gpt-4o',
      /entry 1 of 1: "gpt-4o" names no decider: start with baseline, chaos, replay, openai, anthropic/,
    ],
    ['openai', /openai needs a model name, openai:MODEL/],
    ['chaos:7', /chaos takes no model or prompt version; write just chaos/],
    ['openai:m@V5', /the prompt version after @ must be lower-case/],
  ])('refuses %s, saying what to write', (entry, message) => {
    expect(() => parseDeciderList(entry)).toThrow(message);
  });
});

describe('AI_SHADOW_DECIDERS', () => {
  it('loads a list of shadows', () => {
    const { config } = loadWith({
      AI_SHADOW_DECIDERS: 'chaos,openai:m@v4_terse',
      AI_BASE_URL: 'http://127.0.0.1:9/v1',
    });
    expect(config.AI_SHADOW_DECIDERS).toBe('chaos,openai:m@v4_terse');
  });

  it.each([
    [{ AI_SHADOW_DECIDERS: 'baseline,gpt' }, /entry 2 of 2: "gpt" names no decider/],
    [{ AI_SHADOW_DECIDERS: 'chaos,chaos' }, /lists chaos twice/],
    [{ AI_SHADOW_DECIDERS: 'baseline' }, /lists baseline which already leads/],
    [
      { AI_SHADOW_DECIDERS: 'openai:m,anthropic:c', AI_BASE_URL: 'http://127.0.0.1:9' },
      /both openai and anthropic/,
    ],
  ])('refuses %o', (env, message) => {
    const error = configErrorOf(env);
    expect(error.message).toMatch(/AI_SHADOW_DECIDERS/);
    expect(error.message).toMatch(message);
  });
});

describe('--deciders', () => {
  it('makes the first entry the lead and the others its shadows', () => {
    expect(decidersOverrides('openai:m@v4_terse,baseline,chaos')).toEqual({
      AI_PROVIDER: 'openai',
      AI_MODEL: 'm',
      PROMPT_VERSION: 'v4_terse',
      AI_SHADOW_DECIDERS: 'baseline,chaos',
    });
    expect(decidersOverrides('baseline')).toEqual({ AI_PROVIDER: 'baseline', AI_SHADOW_DECIDERS: '' });
  });

  it('refuses an empty or unreadable list as a usage error', () => {
    expect(() => decidersOverrides(' , ')).toThrow(UsageError);
    expect(() => decidersOverrides('baseline,xyz')).toThrow(/--deciders: entry 2 of 2/);
  });
});
