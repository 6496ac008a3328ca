import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/app/logger.ts';
import { printAiCostProjection } from '../../../src/cli/commands/run.ts';
import { loadConfig } from '../../../src/config/index.ts';
import {
  ANSWER_TOKENS_PER_CALL,
  countTextTokens,
  PROMPT_FIXED_TOKENS,
  PROMPT_TOKENS_PER_SYMBOL_AND_TIMEFRAME,
  projectAiCost,
  systemPromptFor,
} from '../../../src/decision/index.ts';

describe('the projected monthly AI cost', () => {
  it('is symbols × cadence × tokens × price, the system prompt at the cached rate', () => {
    const prices = { inputPerMTok: 0.27, cachedInputPerMTok: 0.07, outputPerMTok: 1.1 };
    const p = projectAiCost({
      symbols: 5,
      decisionTimeframe: '15m',
      timeframes: 3,
      promptVersions: ['v3_neutral'],
      prices,
    });
    const system = countTextTokens(systemPromptFor('v3_neutral'));
    const data = PROMPT_FIXED_TOKENS + 5 * 3 * PROMPT_TOKENS_PER_SYMBOL_AND_TIMEFRAME;
    const perCall = (system * 0.07 + data * 0.27 + ANSWER_TOKENS_PER_CALL * 1.1) / 1e6;
    expect(p.callsPerDay).toBe(96);
    expect(p.tokensInPerCall).toBe(system + data);
    expect(p.usdPerMonth).toBeCloseTo(perCall * 96 * 30, 10);
  });

  it('is printed at `warden run` start with the price source, for a paid provider only', () => {
    const lines: string[] = [];
    const logger = {
      info: (line: string) => lines.push(line),
      warn: (line: string) => lines.push(`WARN ${line}`),
    } as unknown as Logger;
    const env = {
      SYMBOLS: 'SOLUSDT,XRPUSDT',
      AI_PROVIDER: 'openai',
      AI_API_KEY: 'sk-x-0000',
      AI_MODEL: 'deepseek-chat',
    };
    printAiCostProjection(loadConfig({ env, dotenvPath: null }).config, logger);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^AI cost projected at most \d+\.\d\d USD\/month .*deepseek-chat price table/);
    lines.length = 0;
    printAiCostProjection(
      loadConfig({ env: { ...env, AI_MODEL: 'my-own-model' }, dotenvPath: null }).config,
      logger,
    );
    expect(lines.at(-1)).toMatch(/^WARN no price known for openai model my-own-model/);
    lines.length = 0;
    printAiCostProjection(loadConfig({ env: { SYMBOLS: 'SOLUSDT' }, dotenvPath: null }).config, logger);
    expect(lines).toHaveLength(0);
  });
});
