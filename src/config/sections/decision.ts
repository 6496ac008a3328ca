import { z } from 'zod';
import { DeciderSpecError, parseDeciderList } from '../../domain/decider-spec.ts';
import {
  envBool,
  httpUrl,
  nonNegativeInt,
  nonNegativeNumber,
  positiveInt,
  positiveNumber,
  secret,
} from '../env-types.ts';

export const PROVIDERS = ['baseline', 'openai', 'anthropic', 'replay', 'chaos'] as const;

/** SPEC sections 3 and 5. */
export const decisionSection = {
  AI_PROVIDER: z
    .enum(PROVIDERS)
    .default('baseline')
    .describe('baseline (no key), openai, anthropic, replay, chaos'),
  AI_BASE_URL: httpUrl.optional().describe('Endpoint base URL (OpenAI-compatible or Anthropic)'),
  AI_API_KEY: secret.optional().describe('Provider API key (secret)'),
  AI_MODEL: z.string().min(1).optional().describe('Model name'),
  AI_TIMEOUT_MS: positiveInt.default(60_000).describe('Timeout of one model call'),
  AI_MAX_RETRIES: nonNegativeInt.pipe(z.number().max(5)).default(2).describe('Retries on 429 and 5xx only'),
  AI_JSON_MODE: envBool
    .default(true)
    .describe('openai provider: send response_format json_object (false for endpoints that reject it)'),
  AI_TOKEN_LIMIT_PARAM: z
    .enum(['max_tokens', 'max_completion_tokens'])
    .default('max_tokens')
    .describe(
      'openai provider: name of the output cap field (max_completion_tokens for OpenAI reasoning models)',
    ),
  AI_TEMPERATURE: nonNegativeNumber
    .pipe(z.number().max(2))
    .default(0)
    .describe('Sampling temperature (OpenAI reasoning models accept only 1)'),
  AI_MAX_OUTPUT_TOKENS: positiveInt.default(2000).describe('Output token cap per call'),
  AI_PRICE_INPUT_PER_MTOK: nonNegativeNumber
    .optional()
    .describe('USD per million input tokens (unset: the price table for AI_MODEL)'),
  AI_PRICE_OUTPUT_PER_MTOK: nonNegativeNumber
    .optional()
    .describe('USD per million output tokens (unset: the price table for AI_MODEL)'),
  AI_PRICE_CACHED_INPUT_PER_MTOK: nonNegativeNumber
    .optional()
    .describe('USD per million input tokens read from the prompt cache (unset: the price table)'),
  AI_SKIP_FUTILE: envBool
    .default(true)
    .describe('Do not ask the model about a flat symbol no answer could open (journaled HOLD, not asked)'),
  AI_DAILY_BUDGET_USD: positiveNumber
    .optional()
    .describe('AI spend per UTC day; when spent: no more calls, trading state REDUCING until the next day'),
  AI_REPLAY_JOURNAL: z
    .string()
    .min(1)
    .optional()
    .describe('Journal whose raw responses the replay provider answers with'),
  CHAOS_SEED: nonNegativeInt.default(1).describe('Seed of the adversarial chaos decider'),
  PROMPT_VERSION: z.string().min(1).default('v5_neutral').describe('System prompt version'),
  AI_SHADOW_DECIDERS: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      try {
        parseDeciderList(value);
      } catch (error) {
        if (!(error instanceof DeciderSpecError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
      }
    })
    .describe('Shadow deciders, e.g. chaos,openai:MODEL@v4_terse: virtual sub-accounts, never the venue'),
  PROMPT_AB_SPLIT: z
    .string()
    .regex(/^[a-z0-9_]+:(symbol|cycle)$/, 'must be VERSION:symbol or VERSION:cycle')
    .optional()
    .describe('Second prompt version and what is split, e.g. v4_terse:symbol'),
};
