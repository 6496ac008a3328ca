import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CachingDecider, cacheKeyOf, DecisionCacheError } from '../../../src/backtest/cached-decider.ts';
import {
  BaselineDecider,
  buildPromptData,
  type Decider,
  type DecisionRequest,
  drawdownFrom,
  summarizePerformance,
} from '../../../src/decision/index.ts';
import type { DecisionOutcome } from '../../../src/domain/index.ts';
import { account, limits, NOW_MS, view } from '../decision/stubs.ts';

function request(cycleId: string, price = 97_000, promptVersion = 'v3_neutral'): DecisionRequest {
  const acct = account();
  return {
    cycleId,
    nowMs: NOW_MS,
    symbols: ['BTCUSDT'],
    promptVersion,
    systemPrompt: 'You are a careful futures trader.',
    promptData: buildPromptData({
      nowMs: NOW_MS,
      decisionTimeframe: '15m',
      views: [view('BTCUSDT', price)],
      account: acct,
      limits: limits(),
      cooldowns: [],
      drawdown: drawdownFrom(acct, NOW_MS),
      performance: summarizePerformance([]),
      learned: {},
    }),
  };
}

/** A paid model stand-in: counts its calls and can be told to fail. */
class CountingDecider implements Decider {
  readonly provider = 'openai';
  readonly model = 'gpt-test';
  calls = 0;
  failing = false;
  private readonly baseline = new BaselineDecider();
  async decide(req: DecisionRequest): Promise<DecisionOutcome> {
    this.calls += 1;
    const outcome = await this.baseline.decide(req);
    return {
      ...outcome,
      provider: this.provider,
      model: this.model,
      costUsd: 0.0123,
      usage: { inputTokens: 1000, outputTokens: 100, estimated: false },
      ...(this.failing ? { error: 'openai call failed: timeout', rawResponse: null } : {}),
    };
  }
}

describe('the LLM response cache of backtests', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'warden-cache-'));
    file = path.join(dir, 'cache', 'llm.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('answers the second run of the same prompts from the file without calling the model', async () => {
    const model = new CountingDecider();
    const first = new CachingDecider(model, file);
    const a = await first.decide(request('c1'));
    const b = await first.decide(request('c2', 98_000));
    expect(model.calls).toBe(2);
    const second = new CachingDecider(model, file);
    const a2 = await second.decide(request('c1'));
    const b2 = await second.decide(request('c2', 98_000));
    expect(model.calls).toBe(2);
    expect(second.hits).toBe(2);
    expect(second.misses).toBe(0);
    expect(a2).toEqual(a);
    expect(b2).toEqual(b);
  });

  it('keys on provider, model, prompt version and the exact prompt text', () => {
    const base = cacheKeyOf('openai', 'm', request('c1'));
    expect(cacheKeyOf('openai', 'm', request('c9'))).toBe(base);
    expect(cacheKeyOf('anthropic', 'm', request('c1'))).not.toBe(base);
    expect(cacheKeyOf('openai', 'm2', request('c1'))).not.toBe(base);
    expect(cacheKeyOf('openai', 'm', request('c1', 97_000, 'v4_terse'))).not.toBe(base);
    expect(cacheKeyOf('openai', 'm', request('c1', 97_001))).not.toBe(base);
  });

  it('hands a cached answer to the cycle that asked, under its own cycle id', async () => {
    const model = new CountingDecider();
    const cache = new CachingDecider(model, file);
    await cache.decide(request('c1'));
    const again = await cache.decide(request('c7'));
    expect(again.cycleId).toBe('c7');
    expect(model.calls).toBe(1);
  });

  it('never caches a failed call, so the next run asks again', async () => {
    const model = new CountingDecider();
    model.failing = true;
    const cache = new CachingDecider(model, file);
    await cache.decide(request('c1'));
    await cache.decide(request('c1'));
    expect(model.calls).toBe(2);
    expect(cache.size).toBe(0);
  });

  it('survives a last line cut short by a crash, and refuses a damaged file with a way out', async () => {
    const model = new CountingDecider();
    await new CachingDecider(model, file).decide(request('c1'));
    appendFileSync(file, '{"key":"abc","outc');
    expect(new CachingDecider(model, file).size).toBe(1);
    writeFileSync(file, `not json\n${readFileSync(file, 'utf8')}`);
    expect(() => new CachingDecider(model, file)).toThrow(DecisionCacheError);
    expect(() => new CachingDecider(model, file)).toThrow(/delete the file/);
  });
});
