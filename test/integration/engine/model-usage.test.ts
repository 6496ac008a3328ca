import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../src/backtest/html.ts';
import { buildResults } from '../../../src/backtest/results.ts';
import { renderSummary } from '../../../src/backtest/summary.ts';
import { createDecider } from '../../../src/decision/index.ts';
import { QueryService, writeDecisionsJson } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { renderMetrics } from '../../../src/web/metrics.ts';
import { holdForEverySymbol, type LlmServer, startLlmServer } from '../../support/llm-servers.ts';
import { configFor, runSyntheticEngine, TEN_SYMBOLS } from '../../support/synthetic-run.ts';
import { parsePrometheusText } from '../../unit/web/prometheus-parser.ts';

const CYCLES = 4;
const PRICE_IN = 3; // USD per million input tokens
const PRICE_OUT = 15;

describe.each([
  { symbols: 1, split: undefined },
  { symbols: 2, split: undefined },
  { symbols: 10, split: 'v4_terse:symbol' },
])('the model cost of a run with $symbols symbol(s), counted once per call', ({ symbols, split }) => {
  let server: LlmServer;
  let run: Awaited<ReturnType<typeof runSyntheticEngine>>;

  beforeAll(async () => {
    server = await startLlmServer('openai', {
      answer: holdForEverySymbol('openai', () => server.requests.length),
    });
    const config = configFor(TEN_SYMBOLS.slice(0, symbols), {
      AI_PROVIDER: 'openai',
      AI_SKIP_FUTILE: 'false', // every symbol is asked: this test is about what a call carries
      AI_BASE_URL: server.baseUrl,
      AI_API_KEY: 'sk-local-test-key-000',
      AI_MODEL: 'test-model',
      AI_PRICE_INPUT_PER_MTOK: String(PRICE_IN),
      AI_PRICE_OUTPUT_PER_MTOK: String(PRICE_OUT),
      ...(split ? { PROMPT_AB_SPLIT: split } : {}),
    });
    run = await runSyntheticEngine({ config, decider: createDecider(config), cycles: CYCLES });
  }, 120_000);

  afterAll(async () => {
    run?.close();
    await server?.close();
  });

  const statedCost = () =>
    (server.stated.inputTokens * PRICE_IN + server.stated.outputTokens * PRICE_OUT) / 1e6;

  it('asked the model about every symbol, and the server stated usage on every reply', () => {
    expect(server.stated.replies).toBe(server.requests.length);
    expect(server.stated.replies).toBeGreaterThanOrEqual(CYCLES);
    const decisions = databaseOf(run.journal).prepare('SELECT COUNT(*) FROM decisions').pluck().get();
    expect(decisions).toBe(symbols * CYCLES);
  });

  it('reports the tokens and cost the server stated (warden report, dashboard)', () => {
    const report = new QueryService(run.journal).report();
    expect(report.overall.modelCalls).toBe(server.stated.replies);
    expect(report.overall.modelCallsWithEstimatedTokens).toBe(0);
    expect(report.overall.tokensIn).toBe(server.stated.inputTokens);
    expect(report.overall.tokensOut).toBe(server.stated.outputTokens);
    expect(report.overall.aiCostUsd).toBeCloseTo(statedCost(), 12);
    const versions = report.byPromptVersion;
    expect(versions.reduce((s, v) => s + v.tokensIn, 0)).toBe(server.stated.inputTokens);
    expect(versions.reduce((s, v) => s + v.modelCalls, 0)).toBe(server.stated.replies);
  });

  it('serves the same totals on /metrics', () => {
    const live = {
      tradingState: 'ACTIVE',
      exchangeReachable: true,
      positions: [],
      pendingOrders: [],
      openRiskUsdt: 0,
      openRiskCapUsdt: 1.5,
      cyclesRun: CYCLES,
    };
    const families = new Map(parsePrometheusText(renderMetrics(run.journal, live)).map((f) => [f.name, f]));
    const total = (name: string, labels: Record<string, string> = {}) =>
      (families.get(name)?.samples ?? [])
        .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((sum, s) => sum + s.value, 0);
    expect(total('warden_ai_tokens_total', { direction: 'in' })).toBe(server.stated.inputTokens);
    expect(total('warden_ai_tokens_total', { direction: 'out' })).toBe(server.stated.outputTokens);
    expect(total('warden_ai_calls_total')).toBe(server.stated.replies);
    expect(total('warden_ai_cost_usd_total')).toBeCloseTo(statedCost(), 12);
    const latency = families.get('warden_ai_latency_seconds')?.samples ?? [];
    expect(latency.find((s) => s.name === 'warden_ai_latency_seconds_count')?.value).toBe(
      server.stated.replies,
    );
  });

  it('exports each call once, shared by the decisions it answered', () => {
    let text = '';
    writeDecisionsJson(run.journal, (chunk) => {
      text += chunk;
    });
    const decisions = JSON.parse(text) as {
      symbol: string;
      model_call_id: number;
      model_call: { id: number; symbols: string[]; tokens_in: number; tokens_out: number; cost_usd: number };
    }[];
    const calls = new Map(decisions.map((d) => [d.model_call_id, d.model_call]));
    for (const d of decisions) {
      expect(d.model_call.id).toBe(d.model_call_id);
      expect(d.model_call.symbols).toContain(d.symbol);
    }
    const sum = (pick: (c: { tokens_in: number; tokens_out: number; cost_usd: number }) => number) =>
      [...calls.values()].reduce((s, c) => s + pick(c), 0);
    expect(calls.size).toBe(server.stated.replies);
    expect(sum((c) => c.tokens_in)).toBe(server.stated.inputTokens);
    expect(sum((c) => c.tokens_out)).toBe(server.stated.outputTokens);
    expect(sum((c) => c.cost_usd)).toBeCloseTo(statedCost(), 12);
    expect(decisions).not.toContainEqual(expect.objectContaining({ tokens_in: expect.anything() }));
  });

  it('gives the backtest figures and summary the same totals', async () => {
    const results = await buildResults(run, { decider: { provider: 'openai', model: 'test-model' } });
    expect(results.figures.tokensIn).toBe(server.stated.inputTokens);
    expect(results.figures.tokensOut).toBe(server.stated.outputTokens);
    expect(results.figures.aiCostUsd).toBeCloseTo(statedCost(), 12);
    expect(renderHtmlReport(results, run.series, run.fromMs, run.toMs)).toContain(
      `${server.stated.replies} / ${server.stated.inputTokens} / ${server.stated.outputTokens}`,
    );
    expect(renderSummary(results)).toContain(
      `${server.stated.replies} calls, ${server.stated.inputTokens} in / ${server.stated.outputTokens} out tokens`,
    );
  });
});
