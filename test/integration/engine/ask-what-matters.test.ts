import { afterEach, describe, expect, it } from 'vitest';
import { createDecider } from '../../../src/decision/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import {
  type LlmServer,
  openAiCompletion,
  type RecordedRequest,
  type ServerStep,
  sentMessages,
  startLlmServer,
} from '../../support/llm-servers.ts';
import { configFor, runSyntheticEngine } from '../../support/synthetic-run.ts';

const SYMBOLS = ['SOLUSDT', 'XRPUSDT', 'ADAUSDT'];
const CYCLES = 6;
const KEY = 'sk-local-test-key-000';

interface DecisionRow {
  cycle_id: string;
  symbol: string;
  final_action: string;
  blocked_by_json: string;
  detail: string | null;
  model_call_id: number | null;
}

function askedSymbols(request: RecordedRequest): string[] {
  const user = sentMessages('openai', request).user;
  return Object.keys((JSON.parse(String(user)) as { symbols: Record<string, unknown> }).symbols);
}

/** Opens a long on the first symbol the first time it is asked, HOLDs everything else. */
function opener(usage: { prompt: number; completion: number; cached: number }) {
  let opened = false;
  return (request: RecordedRequest): ServerStep => {
    const symbols = askedSymbols(request);
    const decisions = symbols.map((symbol) => {
      if (!opened && symbol === SYMBOLS[0]) {
        opened = true;
        return {
          symbol,
          action: 'OPEN_LONG',
          confidence: 90,
          leverage: 2,
          size_pct: 0.5,
          entry_type: 'MARKET',
          sl_pct: 0.02,
          tp_pct: 0.04,
          rationale: 'test open',
        };
      }
      return { symbol, action: 'HOLD', confidence: 40, rationale: 'no edge' };
    });
    const body = openAiCompletion(JSON.stringify({ decisions }), {
      prompt: usage.prompt,
      completion: usage.completion,
    }) as { usage: Record<string, unknown> };
    body.usage.prompt_tokens_details = { cached_tokens: usage.cached };
    return { kind: 'reply', body };
  };
}

describe('asking the model only what can matter (issue 20)', () => {
  let server: LlmServer | undefined;
  let close: (() => void) | undefined;
  afterEach(async () => {
    close?.();
    await server?.close();
    close = undefined;
    server = undefined;
  });

  async function run(env: Record<string, string>, answer: (r: RecordedRequest) => ServerStep) {
    server = await startLlmServer('openai', { answer });
    const config = configFor(SYMBOLS, {
      AI_PROVIDER: 'openai',
      AI_BASE_URL: server.baseUrl,
      AI_API_KEY: KEY,
      AI_MODEL: 'test-model',
      ...env,
    });
    const result = await runSyntheticEngine({ config, decider: createDecider(config), cycles: CYCLES });
    close = () => result.close();
    const decisions = databaseOf(result.journal)
      .prepare(
        'SELECT cycle_id, symbol, final_action, blocked_by_json, detail, model_call_id FROM decisions ORDER BY id',
      )
      .all() as DecisionRow[];
    return { result, decisions, requests: server.requests };
  }

  it('makes no call when no symbol is worth asking, and journals every symbol as HOLD, not asked', async () => {
    const { result, decisions, requests } = await run(
      {
        PRE_SCORE_MIN: '100',
        RANGE_SCORE_MIN: '100',
        AI_PRICE_INPUT_PER_MTOK: '1',
        AI_PRICE_OUTPUT_PER_MTOK: '1',
      },
      () => {
        throw new Error('the model must not be asked');
      },
    );
    expect(requests).toHaveLength(0);
    expect(databaseOf(result.journal).prepare('SELECT COUNT(*) FROM model_calls').pluck().get()).toBe(0);
    expect(decisions.length).toBeGreaterThanOrEqual(SYMBOLS.length * (CYCLES - 1));
    const perCycle = new Map<string, string[]>();
    for (const d of decisions) perCycle.set(d.cycle_id, [...(perCycle.get(d.cycle_id) ?? []), d.symbol]);
    for (const symbols of perCycle.values()) expect([...symbols].sort()).toEqual([...SYMBOLS].sort());
    const asked = decisions.filter((d) => !d.detail?.startsWith('indicators have no closed'));
    expect(asked.length).toBeGreaterThan(0);
    for (const d of asked) {
      expect(d.final_action).toBe('HOLD');
      expect(d.model_call_id).toBeNull();
      expect(d.detail).toMatch(/^not asked: no answer could open \w+ now \(/);
      expect(JSON.parse(d.blocked_by_json)).toContain('LOW_SETUP_SCORE');
    }
  }, 120_000);

  it('always asks about an open position, leaves blocked flat symbols out, and counts cached tokens at their rate', async () => {
    const usage = { prompt: 2000, completion: 50, cached: 1500 };
    const { result, decisions, requests } = await run(
      {
        SCORE_GATE_ENABLED: 'false',
        ALLOW_MARKET_ENTRY: 'true',
        MAX_OPEN_POSITIONS: '1',
        AI_PRICE_INPUT_PER_MTOK: '2',
        AI_PRICE_CACHED_INPUT_PER_MTOK: '0.5',
        AI_PRICE_OUTPUT_PER_MTOK: '8',
      },
      opener(usage),
    );
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(askedSymbols(requests[0] as RecordedRequest)).toContain(SYMBOLS[0]);
    const position = databaseOf(result.journal).prepare('SELECT COUNT(*) FROM position_opens').pluck().get();
    expect(position).toBe(1);
    // After the open, MAX_OPEN_POSITIONS=1 blocks every flat symbol: only the open one is asked.
    for (const request of requests.slice(1)) expect(askedSymbols(request)).toEqual([SYMBOLS[0]]);
    const later = decisions.filter(
      (d) => d.cycle_id > (decisions.find((x) => x.model_call_id)?.cycle_id ?? ''),
    );
    const flat = later.filter((d) => d.symbol !== SYMBOLS[0]);
    expect(flat.length).toBeGreaterThan(0);
    for (const d of flat) {
      expect(d.model_call_id).toBeNull();
      expect(d.detail).toMatch(/^not asked: /);
      expect(JSON.parse(d.blocked_by_json)).toContain('MAX_POSITIONS_REACHED');
    }
    for (const d of later.filter((x) => x.symbol === SYMBOLS[0])) expect(d.model_call_id).not.toBeNull();
    for (const request of requests) {
      for (const symbol of SYMBOLS) {
        if (!askedSymbols(request).includes(symbol)) expect(String(request.raw)).not.toContain(`"${symbol}"`);
      }
    }

    const calls = databaseOf(result.journal)
      .prepare('SELECT tokens_in, tokens_cached_in, tokens_out, cost_usd FROM model_calls')
      .all() as { tokens_in: number; tokens_cached_in: number; tokens_out: number; cost_usd: number }[];
    expect(calls).toHaveLength(requests.length);
    const expected = ((usage.prompt - usage.cached) * 2 + usage.cached * 0.5 + usage.completion * 8) / 1e6;
    for (const call of calls) {
      expect(call).toMatchObject({ tokens_in: 2000, tokens_cached_in: 1500, tokens_out: 50 });
      expect(call.cost_usd).toBeCloseTo(expected, 12);
    }
  }, 120_000);

  it('stops asking once the daily AI budget is spent and trades REDUCING, journaled with the reason', async () => {
    const usage = { prompt: 2000, completion: 50, cached: 0 };
    // Each call costs 2000 × 10 + 50 × 10 = 0.0205 USD: the second call spends the 0.03 budget.
    const { result, decisions, requests } = await run(
      {
        SCORE_GATE_ENABLED: 'false',
        AI_SKIP_FUTILE: 'false',
        AI_PRICE_INPUT_PER_MTOK: '10',
        AI_PRICE_OUTPUT_PER_MTOK: '10',
        AI_DAILY_BUDGET_USD: '0.03',
      },
      opener(usage),
    );
    expect(requests).toHaveLength(2);
    const change = databaseOf(result.journal)
      .prepare("SELECT to_state, reason, source FROM trading_state_changes WHERE source = 'ai_budget'")
      .get() as { to_state: string; reason: string; source: string };
    expect(change.to_state).toBe('REDUCING');
    expect(change.reason).toMatch(/daily budget 0\.03 USD/);
    const lastCallCycle = decisions.filter((d) => d.model_call_id !== null).at(-1)?.cycle_id ?? '';
    const after = decisions.filter((d) => d.cycle_id > lastCallCycle);
    expect(after.length).toBeGreaterThanOrEqual(SYMBOLS.length);
    expect(after.length % SYMBOLS.length).toBe(0);
    for (const d of after) {
      expect(d.model_call_id).toBeNull();
      expect(d.detail).toMatch(/^not asked: the daily AI budget is spent/);
      expect(JSON.parse(d.blocked_by_json)).toEqual(['TRADING_REDUCING']);
    }
  }, 120_000);
});
