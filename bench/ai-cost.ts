import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadSeries, runBacktest } from '../src/backtest/run.ts';
import { loadConfig } from '../src/config/index.ts';
import {
  baselineEntry,
  costUsd,
  countTextTokens,
  createDecider,
  type PromptData,
  tablePrices,
} from '../src/decision/index.ts';
import { databaseOf } from '../src/journal/lookups.ts';
import type { SymbolSeries } from '../src/market/feeds/series-feed.ts';
import {
  openAiCompletion,
  type RecordedRequest,
  sentMessages,
  startLlmServer,
} from '../test/support/llm-servers.ts';
import type { BenchFigure, BenchSuite } from './types.ts';

/**
 * Issue 20: what the model costs a 100 USDT account, on replayed real candles at 15m. The
 * baseline's answers stand in for the model's, served by a local OpenAI-compatible server that
 * states usage the way DeepSeek does: prompt and reply tokens counted with o200k_base, and a cache
 * hit on the system prompt (rounded down to DeepSeek's 64-token blocks) whenever the previous
 * request began with the same system prompt.
 *
 * before: every symbol asked every cycle (AI_SKIP_FUTILE=false), every symbol answered (the long
 *   format: the baseline's full list, HOLDs with their rationale).
 * after: futile flat symbols not asked, the model lists only the symbols it acts on.
 */
const DATA = process.env.WARDEN_DATA_DIR ?? path.resolve(import.meta.dirname, '../../shared/data');
const FROM_MS = Date.parse('2025-02-01T00:00:00Z');
const DAYS = 7;
const DAY_MS = 86_400_000;
const SHIFT_MS = 91 * DAY_MS;
const ACCOUNT_USDT = 100;
const DEEPSEEK = tablePrices('openai', 'deepseek-chat');
const SONNET = tablePrices('anthropic', 'claude-sonnet-4');

/** The six real symbols, and four of them again 91 days earlier under another name for ten. */
function realSeries(count: 5 | 10): SymbolSeries[] {
  const bybit = loadSeries(path.join(DATA, 'bybit-linear'), ['BTCUSDT', 'ETHUSDT'], 'required');
  const binance = loadSeries(
    path.join(DATA, 'binance-usdm'),
    ['SOLUSDT', 'XRPUSDT', 'DOGEUSDT', 'BNBUSDT'],
    'none',
  );
  const six = [...bybit, ...binance];
  if (count === 5) return six.slice(0, 5);
  const shifted = binance.map((s) => ({
    symbol: s.symbol.replace('USDT', '91USDT'),
    candles: Array.from(s.candles, (c) => ({ ...c, ts: c.ts - SHIFT_MS })),
    funding: s.funding,
  }));
  return [...six, ...shifted];
}

interface RunCounts {
  calls: number;
  cycles: number;
  tokensIn: number;
  tokensCachedIn: number;
  tokensOut: number;
}

async function measure(series: SymbolSeries[], format: 'before' | 'after'): Promise<RunCounts> {
  let lastSystem: string | null = null;
  const answer = (request: RecordedRequest) => {
    const { system, user } = sentMessages('openai', request);
    const data = JSON.parse(String(user)) as PromptData;
    const entries = Object.keys(data.symbols).map((symbol) => baselineEntry(data, symbol));
    const listed = format === 'before' ? entries : entries.filter((e) => e.action !== 'HOLD');
    const text = JSON.stringify({ decisions: listed });
    const systemTokens = countTextTokens(String(system));
    const cached = lastSystem === system ? Math.floor(systemTokens / 64) * 64 : 0;
    lastSystem = String(system);
    const body = openAiCompletion(text, {
      prompt: systemTokens + countTextTokens(String(user)),
      completion: countTextTokens(text),
    }) as { usage: Record<string, unknown> };
    body.usage.prompt_cache_hit_tokens = cached;
    return { kind: 'reply' as const, body };
  };
  const server = await startLlmServer('openai', { answer });
  try {
    const { config } = loadConfig({
      env: {
        SYMBOLS: series.map((s) => s.symbol).join(','),
        DECISION_TIMEFRAME: '15m',
        CONTEXT_TIMEFRAMES: '1h,4h',
        PAPER_START_BALANCE_USDT: String(ACCOUNT_USDT),
        AI_PROVIDER: 'openai',
        AI_BASE_URL: server.baseUrl,
        AI_API_KEY: 'sk-local-bench-key',
        AI_MODEL: 'deepseek-chat',
        AI_SKIP_FUTILE: format === 'before' ? 'false' : 'true',
      },
      dotenvPath: null,
    });
    const run = await runBacktest({
      config,
      series,
      decider: createDecider(config),
      fromMs: FROM_MS,
      toMs: FROM_MS + DAYS * DAY_MS,
    });
    const row = databaseOf(run.journal)
      .prepare(
        `SELECT COUNT(*) AS calls, COALESCE(SUM(tokens_in), 0) AS tokensIn,
           COALESCE(SUM(tokens_cached_in), 0) AS tokensCachedIn, COALESCE(SUM(tokens_out), 0) AS tokensOut
         FROM model_calls`,
      )
      .get() as Omit<RunCounts, 'cycles'>;
    const counts = { ...row, cycles: run.cycles };
    run.close();
    return counts;
  } finally {
    await server.close();
  }
}

function monthlyPctOfAccount(c: RunCounts, prices: NonNullable<typeof DEEPSEEK>, withCache: boolean): number {
  const usd = costUsd(
    {
      inputTokens: c.tokensIn,
      outputTokens: c.tokensOut,
      cachedInputTokens: withCache ? c.tokensCachedIn : 0,
      estimated: false,
    },
    prices,
  );
  return ((usd / DAYS) * 30 * 100) / ACCOUNT_USDT;
}

export const aiCostSuite: BenchSuite = {
  name: 'ai-cost',
  async run(): Promise<BenchFigure[]> {
    if (!existsSync(path.join(DATA, 'binance-usdm', 'SOLUSDT-5m.csv')) || !DEEPSEEK || !SONNET) {
      return [{ name: 'AI cost: skipped, no shared data', value: 0, unit: '' }];
    }
    const figures: BenchFigure[] = [];
    for (const count of [5, 10] as const) {
      const series = realSeries(count);
      const before = await measure(series, 'before');
      const after = await measure(series, 'after');
      for (const [label, c] of [
        ['before', before],
        ['after', after],
      ] as const) {
        const billed = (c.tokensIn + c.tokensOut) / DAYS;
        figures.push({
          name: `${count} symbols at 15m, ${label}: billed tokens per day`,
          value: billed,
          unit: 'tokens/day',
          note: `${c.calls} calls in ${c.cycles} cycles over ${DAYS} days; in ${Math.round(c.tokensIn / DAYS)} (cached ${Math.round(c.tokensCachedIn / DAYS)}) / out ${Math.round(c.tokensOut / DAYS)} per day`,
        });
        figures.push({
          name: `${count} symbols at 15m, ${label}: deepseek-chat per month`,
          value: monthlyPctOfAccount(c, DEEPSEEK, true),
          unit: '% of 100 USDT',
          note: `${DEEPSEEK.inputPerMTok} in / ${DEEPSEEK.cachedInputPerMTok} cached / ${DEEPSEEK.outputPerMTok} out USD per Mtok`,
        });
        figures.push({
          name: `${count} symbols at 15m, ${label}: claude-sonnet-4 per month`,
          value: monthlyPctOfAccount(c, SONNET, false),
          unit: '% of 100 USDT',
          note: `${SONNET.inputPerMTok} in / ${SONNET.outputPerMTok} out USD per Mtok, no cache counted`,
        });
      }
      figures.push({
        name: `${count} symbols at 15m: billed tokens, before ÷ after`,
        value: (before.tokensIn + before.tokensOut) / Math.max(1, after.tokensIn + after.tokensOut),
        unit: '×',
        note: 'goal: at least 3×',
      });
    }
    return figures;
  },
};
