import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildPromptData,
  createDecider,
  type DeciderConfig,
  type DecisionRequest,
  renderPromptData,
  systemPromptFor,
} from '../../../src/decision/index.ts';
import type { DecisionOutcome } from '../../../src/domain/index.ts';
import {
  errorBody,
  type LlmProtocol,
  type LlmServer,
  startLlmServer,
  successBody,
} from '../../support/llm-servers.ts';
import { promptInput } from '../../unit/decision/stubs.ts';

const KEY = 'sk-test-SECRET-4f9c2a7e1b00';
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];

const openLong = {
  symbol: 'BTCUSDT',
  action: 'OPEN_LONG',
  confidence: 64,
  leverage: 5,
  size_pct: 0.1,
  entry_type: 'LIMIT',
  entry_price: 97050.5,
  sl_pct: 0.012,
  tp_pct: 0.024,
  rationale: 'EMA20 above EMA200',
};
const hold = { symbol: 'ETHUSDT', action: 'HOLD', confidence: 30, rationale: 'no setup' };
const answer = (...decisions: unknown[]) => JSON.stringify({ decisions });

function request(): DecisionRequest {
  return {
    cycleId: 'cycle-1',
    nowMs: 0,
    symbols: SYMBOLS,
    promptVersion: 'v3_neutral',
    systemPrompt: systemPromptFor('v3_neutral'),
    promptData: buildPromptData(promptInput(SYMBOLS)),
  };
}

function expectNoKey(outcome: DecisionOutcome): void {
  expect(JSON.stringify(outcome)).not.toContain(KEY);
  expect(JSON.stringify(outcome)).not.toContain(KEY.slice(8));
}

function reasons(outcome: DecisionOutcome) {
  return outcome.decisions.map((d) => d.holdReason);
}

describe.each<LlmProtocol>(['openai', 'anthropic'])('%s provider against a local server', (protocol) => {
  let server: LlmServer;
  const config = (overrides: Partial<DeciderConfig> = {}): DeciderConfig => ({
    AI_PROVIDER: protocol,
    AI_BASE_URL: server.baseUrl,
    AI_API_KEY: KEY,
    AI_MODEL: 'test-model',
    AI_TIMEOUT_MS: 3000,
    AI_MAX_RETRIES: 2,
    AI_JSON_MODE: true,
    AI_TOKEN_LIMIT_PARAM: 'max_tokens',
    AI_TEMPERATURE: 0,
    AI_MAX_OUTPUT_TOKENS: 800,
    AI_PRICE_INPUT_PER_MTOK: 1,
    AI_PRICE_OUTPUT_PER_MTOK: 2,
    CHAOS_SEED: 1,
    ...overrides,
  });
  const decide = (overrides: Partial<DeciderConfig> = {}) =>
    createDecider(config(overrides), { backoffBaseMs: 20 }).decide(request());

  beforeAll(async () => {
    server = await startLlmServer(protocol);
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('passes every valid proposal through and reports usage, cost and latency', async () => {
    server.script({ kind: 'reply', body: successBody(protocol, answer(openLong, hold)) });
    const outcome = await decide();
    expect(reasons(outcome)).toEqual([null, null]);
    expect(outcome.decisions[0]!.proposal).toMatchObject({
      action: 'OPEN_LONG',
      entryPrice: 97050.5,
      slPct: 0.012,
    });
    expect(outcome).toMatchObject({
      provider: protocol,
      model: 'test-model',
      attempts: 1,
      error: null,
      promptVersion: 'v3_neutral',
    });
    const expectedUsage = protocol === 'openai' ? [1200, 150] : [1300, 160];
    expect(outcome.usage).toEqual({
      inputTokens: expectedUsage[0],
      outputTokens: expectedUsage[1],
      estimated: false,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
    });
    expect(outcome.costUsd).toBeCloseTo((expectedUsage[0]! * 1 + expectedUsage[1]! * 2) / 1e6, 12);
    expect(outcome.latencyMs).toBeGreaterThan(0);
    expect(outcome.rawResponse).toBe(answer(openLong, hold));
    expectNoKey(outcome);
  });

  it('sends the key the way the protocol requires, and the prompt where it belongs', async () => {
    server.script({ kind: 'reply', body: successBody(protocol, answer(openLong, hold)) });
    await decide();
    const [sent] = server.requests;
    const body = sent!.body as Record<string, unknown>;
    const userText = renderPromptData(request().promptData);
    if (protocol === 'openai') {
      expect(sent!.path).toBe('/v1/chat/completions');
      expect(sent!.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(body).toMatchObject({
        model: 'test-model',
        max_tokens: 800,
        temperature: 0,
        response_format: { type: 'json_object' },
        messages: [
          { role: 'system', content: systemPromptFor('v3_neutral') },
          { role: 'user', content: userText },
        ],
      });
    } else {
      expect(sent!.path).toBe('/v1/messages');
      expect(sent!.headers['x-api-key']).toBe(KEY);
      expect(sent!.headers['anthropic-version']).toBe('2023-06-01');
      expect(sent!.headers.authorization).toBeUndefined();
      expect(body).toMatchObject({
        model: 'test-model',
        max_tokens: 800,
        system: [{ type: 'text', text: systemPromptFor('v3_neutral'), cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: [{ type: 'text', text: userText }] }],
      });
    }
  });

  it('holds every symbol with AI_UNAVAILABLE on 401, without retrying and without echoing the key', async () => {
    server.script({
      kind: 'reply',
      status: 401,
      body: errorBody(protocol, 'authentication_error', `Incorrect API key provided: ${KEY}`),
    });
    const outcome = await decide();
    expect(reasons(outcome)).toEqual(['AI_UNAVAILABLE', 'AI_UNAVAILABLE']);
    expect(outcome.decisions.every((d) => d.proposal.action === 'HOLD')).toBe(true);
    expect(server.requests).toHaveLength(1);
    expect(outcome.attempts).toBe(1);
    expect(outcome.error).toMatch(/HTTP 401/);
    expect(outcome.error).toContain('[REDACTED]');
    expect(outcome.rawResponse).toBeNull();
    expectNoKey(outcome);
  });

  it('never retries any other 4xx', async () => {
    server.script({ kind: 'reply', status: 400, body: errorBody(protocol, 'invalid_request_error', 'bad') });
    const outcome = await decide();
    expect(reasons(outcome)).toEqual(['AI_UNAVAILABLE', 'AI_UNAVAILABLE']);
    expect(server.requests).toHaveLength(1);
  });

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    server.script(
      {
        kind: 'reply',
        status: 429,
        headers: { 'retry-after': '1' },
        body: errorBody(protocol, 'rate_limit_error', 'slow down'),
      },
      { kind: 'reply', body: successBody(protocol, answer(openLong, hold)) },
    );
    const outcome = await decide();
    expect(reasons(outcome)).toEqual([null, null]);
    expect(outcome.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once when Retry-After would outlast the timeout', async () => {
    server.script({
      kind: 'reply',
      status: 429,
      headers: { 'retry-after': '30' },
      body: errorBody(protocol, 'rate_limit_error', 'later'),
    });
    const outcome = await decide();
    expect(reasons(outcome)).toEqual(['AI_UNAVAILABLE', 'AI_UNAVAILABLE']);
    expect(outcome.error).toMatch(/would pass the 3000 ms timeout/);
    expect(outcome.latencyMs).toBeLessThan(1500);
  });

  it('retries a 500 with backoff and succeeds', async () => {
    server.script(
      { kind: 'reply', status: 500, body: errorBody(protocol, 'api_error', 'boom') },
      { kind: 'reply', body: successBody(protocol, answer(openLong, hold)) },
    );
    const outcome = await decide();
    expect(reasons(outcome)).toEqual([null, null]);
    expect(outcome.attempts).toBe(2);
  });

  it('holds every symbol with AI_UNAVAILABLE after the retries of a persistent 5xx', async () => {
    const overloaded = {
      kind: 'reply' as const,
      status: protocol === 'anthropic' ? 529 : 503,
      body: errorBody(protocol, 'overloaded_error', 'busy'),
    };
    server.script(overloaded, overloaded, overloaded);
    const outcome = await decide();
    expect(reasons(outcome)).toEqual(['AI_UNAVAILABLE', 'AI_UNAVAILABLE']);
    expect(outcome.attempts).toBe(3);
    expect(server.requests).toHaveLength(3);
  });

  it('holds every symbol with AI_UNAVAILABLE when the reply comes after the timeout', async () => {
    server.script({ kind: 'reply', delayMs: 2000, body: successBody(protocol, answer(openLong, hold)) });
    const outcome = await decide({ AI_TIMEOUT_MS: 300 });
    expect(reasons(outcome)).toEqual(['AI_UNAVAILABLE', 'AI_UNAVAILABLE']);
    expect(outcome.error).toMatch(/timed out/);
    expect(outcome.latencyMs).toBeLessThan(1500);
    expect(server.requests).toHaveLength(1);
  });

  it('holds every symbol with AI_UNAVAILABLE when the body is cut off mid-way', async () => {
    server.script({ kind: 'truncate', body: successBody(protocol, answer(openLong, hold)), sendChars: 60 });
    const outcome = await decide();
    expect(reasons(outcome)).toEqual(['AI_UNAVAILABLE', 'AI_UNAVAILABLE']);
    expect(outcome.error).toMatch(/call failed/);
    expect(server.requests).toHaveLength(1);
  });

  it("holds every symbol with AI_UNAVAILABLE when a 200 is not the protocol's envelope", async () => {
    server.script({ kind: 'reply', body: { unexpected: true } });
    const outcome = await decide();
    expect(reasons(outcome)).toEqual(['AI_UNAVAILABLE', 'AI_UNAVAILABLE']);
    expect(outcome.error).toMatch(/not a/);
  });

  it('finds the proposals in prose around the JSON', async () => {
    const chatty = `Looking at the data, BTC {15m} trends up.\n\n\`\`\`json\n${answer(openLong, hold)}\n\`\`\`\nLet me know!`;
    server.script({ kind: 'reply', body: successBody(protocol, chatty) });
    const outcome = await decide();
    expect(reasons(outcome)).toEqual([null, null]);
    expect(outcome.rawResponse).toBe(chatty);
  });

  it('holds only the symbol whose entry has the wrong schema, with AI_INVALID_OUTPUT', async () => {
    server.script({
      kind: 'reply',
      body: successBody(protocol, answer({ ...openLong, confidence: 'high' }, hold)),
    });
    const outcome = await decide();
    expect(reasons(outcome)).toEqual(['AI_INVALID_OUTPUT', null]);
    expect(outcome.decisions[0]!.detail).toMatch(/confidence/);
    expect(outcome.error).toBeNull();
  });

  it('reads an unlisted symbol as HOLD and ignores an unknown one', async () => {
    server.script({
      kind: 'reply',
      body: successBody(protocol, answer(openLong, { ...hold, symbol: 'DOGEUSDT' })),
    });
    const outcome = await decide();
    expect(reasons(outcome)).toEqual([null, null]);
    expect(outcome.decisions[1]!.proposal.action).toBe('HOLD');
    expect(outcome.missingSymbols).toEqual(['ETHUSDT']);
    expect(outcome.ignoredSymbols).toEqual(['DOGEUSDT']);
  });

  it('counts tokens locally, flagged as estimated, when the provider reports none', async () => {
    server.script({ kind: 'reply', body: successBody(protocol, answer(openLong, hold), false) });
    const outcome = await decide();
    expect(outcome.usage.estimated).toBe(true);
    expect(outcome.usage.inputTokens).toBeGreaterThan(1000);
    expect(outcome.usage.outputTokens).toBeGreaterThan(20);
    expect(outcome.costUsd).toBeGreaterThan(0);
  });

  if (protocol === 'openai') {
    it('leaves response_format out for an endpoint without JSON mode', async () => {
      server.script({ kind: 'reply', body: successBody(protocol, answer(openLong, hold)) });
      await decide({ AI_JSON_MODE: false });
      expect(server.requests[0]!.body).not.toHaveProperty('response_format');
    });

    it('speaks to OpenAI reasoning models with max_completion_tokens and their only temperature', async () => {
      server.script({ kind: 'reply', body: successBody(protocol, answer(openLong, hold)) });
      await decide({ AI_TOKEN_LIMIT_PARAM: 'max_completion_tokens', AI_TEMPERATURE: 1 });
      const body = server.requests[0]!.body as Record<string, unknown>;
      expect(body).toMatchObject({ max_completion_tokens: 800, temperature: 1 });
      expect(body).not.toHaveProperty('max_tokens');
    });

    it('sends no Authorization header to a keyless local endpoint', async () => {
      server.script({ kind: 'reply', body: successBody(protocol, answer(openLong, hold)) });
      const outcome = await decide({ AI_API_KEY: undefined });
      expect(reasons(outcome)).toEqual([null, null]);
      expect(server.requests[0]!.headers.authorization).toBeUndefined();
    });
  }
});

describe('a refused connection', () => {
  it('holds every symbol with AI_UNAVAILABLE', async () => {
    const server = await startLlmServer('openai');
    const baseUrl = server.baseUrl;
    await server.close();
    const decider = createDecider({
      AI_PROVIDER: 'openai',
      AI_BASE_URL: baseUrl,
      AI_API_KEY: KEY,
      AI_MODEL: 'm',
      AI_TIMEOUT_MS: 2000,
      AI_MAX_RETRIES: 2,
      AI_JSON_MODE: true,
      AI_TOKEN_LIMIT_PARAM: 'max_tokens',
      AI_TEMPERATURE: 0,
      AI_MAX_OUTPUT_TOKENS: 100,
      AI_PRICE_INPUT_PER_MTOK: 0,
      AI_PRICE_OUTPUT_PER_MTOK: 0,
      CHAOS_SEED: 1,
    });
    const outcome = await decider.decide(request());
    expect(reasons(outcome)).toEqual(['AI_UNAVAILABLE', 'AI_UNAVAILABLE']);
    expect(outcome.error).toMatch(/network failure/);
    expectNoKey(outcome);
  });
});
