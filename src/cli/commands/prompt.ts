import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig, toRiskLimits, type WardenConfig } from '../../config/index.ts';
import {
  buildPromptData,
  PROMPT_VERSIONS,
  type PromptData,
  renderPromptData,
  summarizePerformance,
  systemPromptFor,
  UnknownPromptVersionError,
} from '../../decision/index.ts';
import {
  type AccountSnapshot,
  isTimeframe,
  type SymbolMarketView,
  TIMEFRAME_MS,
  TIMEFRAMES,
  type Timeframe,
} from '../../domain/index.ts';
import { MarketDataError } from '../../market/errors.ts';
import { FeatureError, featureSeries } from '../../market/features/index.ts';
import { readCandleCsv, readFundingCsv } from '../../market/feeds/csv.ts';
import { UsageError } from '../errors.ts';

/** History fed before the requested moment: enough for a 4h EMA200 to settle. */
const WARM_UP_MS = 120 * 86_400_000;

export interface ReplayPromptOptions {
  dir: string;
  atMs: number;
  symbols: readonly string[];
  decisionTimeframe: Timeframe;
  contextTimeframes: readonly Timeframe[];
  config: WardenConfig;
}

/** The finest candle file of a symbol in a data folder (SYMBOL-5m.csv, SYMBOL-1h.csv…). */
function sourceFile(dir: string, symbol: string, decision: Timeframe): { file: string; sourceMs: number } {
  for (const tf of TIMEFRAMES) {
    if (TIMEFRAME_MS[tf] > TIMEFRAME_MS[decision]) break;
    const file = path.join(dir, `${symbol}-${tf}.csv`);
    if (existsSync(file)) return { file, sourceMs: TIMEFRAME_MS[tf] };
  }
  throw new UsageError(
    `${dir} has no candle file for ${symbol} at or below ${decision} (expected e.g. ${symbol}-5m.csv)`,
  );
}

/** The market view of one symbol as the cycle at `atMs` would have seen it. */
export function replayView(
  dir: string,
  symbol: string,
  atMs: number,
  options: ReplayPromptOptions,
): SymbolMarketView {
  const { file, sourceMs } = sourceFile(dir, symbol, options.decisionTimeframe);
  const candles = readCandleCsv(file).filter((c) => c.ts + sourceMs <= atMs && c.ts >= atMs - WARM_UP_MS);
  const fundingFile = path.join(dir, `${symbol}-funding.csv`);
  const funding = existsSync(fundingFile) ? readFundingCsv(fundingFile) : [];
  let latest: SymbolMarketView | null = null;
  for (const row of featureSeries(candles, {
    symbol,
    decisionTimeframe: options.decisionTimeframe,
    contextTimeframes: [...options.contextTimeframes],
    sourceMs,
    funding,
  })) {
    latest = row.view;
  }
  if (latest === null || latest.nowMs + TIMEFRAME_MS[options.decisionTimeframe] <= atMs) {
    throw new UsageError(
      `${file} has no ${options.decisionTimeframe} candle closing at or just before ${new Date(atMs).toISOString()}; ` +
        'pick a time inside the file',
    );
  }
  return latest;
}

/**
 * The prompt data a cycle at `atMs` would have sent: features from the candle files, and the
 * account of a fresh paper run (PAPER_START_BALANCE_USDT, no positions, no history).
 */
export function promptDataAtReplayTime(options: ReplayPromptOptions): PromptData {
  const decisionMs = TIMEFRAME_MS[options.decisionTimeframe];
  const cycleMs = Math.floor(options.atMs / decisionMs) * decisionMs;
  const views = options.symbols.map((s) => replayView(options.dir, s, cycleMs, options));
  const balance = options.config.PAPER_START_BALANCE_USDT;
  const account: AccountSnapshot = {
    walletAvailableUsdt: balance,
    equityUsdt: balance,
    tradingState: 'ACTIVE',
    positions: [],
    pendingEntries: [],
    recentCloses: [],
    equityPeakUsdt: balance,
  };
  return buildPromptData({
    nowMs: cycleMs,
    decisionTimeframe: options.decisionTimeframe,
    views,
    account,
    openRisk: { positionsUsdt: [], pendingEntriesUsdt: [] },
    limits: toRiskLimits(options.config),
    cooldowns: [],
    drawdown: { fromPeakPct: 0, dailyRealizedPnlUsdt: 0 },
    performance: summarizePerformance([]),
    learned: {},
  });
}

function timeframeList(value: string, flag: string): Timeframe[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      if (!isTimeframe(s))
        throw new UsageError(`${flag} ${s} is not a timeframe (use one of ${TIMEFRAMES.join(', ')})`);
      return s;
    });
}

interface DataOptions {
  data: string;
  at: string;
  symbols?: string;
  timeframe?: string;
  context?: string;
  pretty?: boolean;
}

function printPromptData(options: DataOptions): void {
  const atMs = Date.parse(options.at);
  if (!Number.isFinite(atMs))
    throw new UsageError(`--at ${options.at} is not an ISO time (e.g. 2025-03-01T12:15Z)`);
  if (!existsSync(options.data)) throw new UsageError(`--data ${options.data}: folder not found`);
  const { config } = loadConfig();
  const decision = options.timeframe
    ? timeframeList(options.timeframe, '--timeframe')[0]
    : config.DECISION_TIMEFRAME;
  if (!decision) throw new UsageError('--timeframe needs a timeframe, e.g. 15m');
  const symbols = options.symbols
    ? options.symbols
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter((s) => s !== '')
    : config.SYMBOLS;
  try {
    const data = promptDataAtReplayTime({
      dir: options.data,
      atMs,
      symbols,
      decisionTimeframe: decision,
      contextTimeframes: options.context
        ? timeframeList(options.context, '--context')
        : config.CONTEXT_TIMEFRAMES,
      config,
    });
    process.stdout.write(`${options.pretty ? JSON.stringify(data, null, 2) : renderPromptData(data)}\n`);
  } catch (error) {
    if (error instanceof MarketDataError || error instanceof FeatureError)
      throw new UsageError(error.message);
    throw error;
  }
}

function printSystemPrompt(version: string | undefined): void {
  const chosen = version ?? loadConfig().config.PROMPT_VERSION;
  try {
    process.stdout.write(`${systemPromptFor(chosen)}\n`);
  } catch (error) {
    if (error instanceof UnknownPromptVersionError) throw new UsageError(error.message);
    throw error;
  }
}

export function registerPromptCommand(program: Command): void {
  const prompt = program
    .command('prompt')
    .description('What the model is told: system prompts and prompt data');
  prompt
    .command('show')
    .description('Print a system prompt (default: PROMPT_VERSION)')
    .option('--version <version>', `prompt version (${PROMPT_VERSIONS.join(', ')})`)
    .action((options: { version?: string }) => printSystemPrompt(options.version));
  prompt
    .command('list')
    .description('List the prompt versions')
    .action(() => {
      process.stdout.write(`${PROMPT_VERSIONS.join('\n')}\n`);
    });
  prompt
    .command('data')
    .description(
      'Print the prompt data a cycle would have sent at a moment of a replay (fresh paper account)',
    )
    .requiredOption(
      '--data <dir>',
      'folder of SYMBOL-5m.csv (and SYMBOL-funding.csv) files, e.g. ../shared/data/bybit-linear',
    )
    .requiredOption('--at <iso>', 'the moment; rounded down to the last decision-candle close')
    .option('--symbols <list>', 'comma-separated symbols (default: SYMBOLS)')
    .option('--timeframe <tf>', 'decision timeframe (default: DECISION_TIMEFRAME)')
    .option('--context <tfs>', 'context timeframes (default: CONTEXT_TIMEFRAMES)')
    .option('--pretty', 'indent the JSON (the model receives it compact)')
    .action((options: DataOptions) => printPromptData(options));
}
