import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createLogger, SimulatedLogTime } from '../../app/logger.ts';
import { CachingDecider } from '../../backtest/cached-decider.ts';
import { renderHtmlReport } from '../../backtest/html.ts';
import { terminalProgress } from '../../backtest/progress.ts';
import { buildResults } from '../../backtest/results.ts';
import { BacktestInputError, runBacktest } from '../../backtest/run.ts';
import { stableJson } from '../../backtest/stable-json.ts';
import { renderSummary } from '../../backtest/summary.ts';
import { ConfigError, loadConfig, secretValuesOf } from '../../config/index.ts';
import type { WardenConfig } from '../../config/schema.ts';
import { createDecider, type Decider, DeciderConfigError } from '../../decision/index.ts';
import { isTimeframe, TIMEFRAMES, type Timeframe } from '../../domain/index.ts';
import { SIGNAL_EXIT_CODES, stopOnSignals } from '../../engine/signals.ts';
import { type Journal, JournalError, openJournal } from '../../journal/index.ts';
import { MarketDataError } from '../../market/errors.ts';
import { decidersOverrides } from '../deciders-option.ts';
import { UsageError } from '../errors.ts';

export interface BacktestCliOptions {
  data: string;
  symbols?: string;
  from?: string;
  to?: string;
  decider?: string;
  deciders?: string;
  timeframe?: string;
  base?: string;
  json?: boolean;
  html?: string;
  journal?: string;
  llmCache: string;
  funding: boolean;
  verbose?: boolean;
  envFile?: string;
}

const DECIDERS = ['baseline', 'replay', 'openai', 'anthropic', 'chaos'];

export function parseDate(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(ms))
    throw new UsageError(`${name} must be a date such as 2025-03-01 (UTC) or an ISO time, got "${value}"`);
  return ms;
}

function backtestConfig(options: BacktestCliOptions): WardenConfig {
  if (options.decider !== undefined && !DECIDERS.includes(options.decider))
    throw new UsageError(`--decider must be one of ${DECIDERS.join(', ')}, got "${options.decider}"`);
  if (options.decider !== undefined && options.deciders !== undefined)
    throw new UsageError('--decider and --deciders both name the lead: use --deciders LEAD,SHADOW,…');
  const overrides: Record<string, unknown> = {
    TRADING_MODE: 'backtest',
    ...(options.deciders ? decidersOverrides(options.deciders) : {}),
  };
  if (options.symbols) overrides.SYMBOLS = options.symbols;
  if (options.decider) overrides.AI_PROVIDER = options.decider;
  if (options.timeframe) overrides.DECISION_TIMEFRAME = options.timeframe;
  try {
    const { config, warnings } = loadConfig({
      overrides,
      ...(options.envFile ? { dotenvPath: options.envFile } : {}),
    });
    for (const w of warnings) process.stderr.write(`warden: warning: ${w}\n`);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** The decider of the run; live LLMs answer through the response cache. */
function deciderFor(config: WardenConfig, cacheFile: string): { decider: Decider; replay: Journal | null } {
  let replay: Journal | null = null;
  try {
    if (config.AI_PROVIDER === 'replay') {
      if (!config.AI_REPLAY_JOURNAL)
        throw new UsageError(
          '--decider replay needs AI_REPLAY_JOURNAL: the journal of the session to re-run',
        );
      replay = openJournal(config.AI_REPLAY_JOURNAL, { readOnly: true });
      const source = replay;
      const decider = createDecider(config, {
        recorded: { responseFor: (cycleId, version) => source.findRawResponse(cycleId, version) },
      });
      return { decider, replay };
    }
    const decider = createDecider(config);
    const live = config.AI_PROVIDER === 'openai' || config.AI_PROVIDER === 'anthropic';
    return { decider: live ? new CachingDecider(decider, cacheFile) : decider, replay };
  } catch (error) {
    replay?.close();
    if (error instanceof DeciderConfigError || error instanceof JournalError)
      throw new UsageError(error.message);
    throw error;
  }
}

function parseBase(value: string | undefined): Timeframe | undefined {
  if (value === undefined) return undefined;
  if (!isTimeframe(value))
    throw new UsageError(`--base must be a candle timeframe (${TIMEFRAMES.join(', ')}), got "${value}"`);
  return value;
}

export async function backtestCommand(options: BacktestCliOptions): Promise<void> {
  const config = backtestConfig(options);
  const baseTimeframe = parseBase(options.base);
  const fromMs = parseDate('--from', options.from);
  const toMs = parseDate('--to', options.to);
  const { decider, replay } = deciderFor(config, options.llmCache);
  const progress = terminalProgress();
  const stop = stopOnSignals(
    (signal) => process.stderr.write(`\nwarden: ${signal} received: stopping the backtest\n`),
    (signal) => process.stderr.write(`warden: second ${signal}: exiting now\n`),
  );
  const simulatedTime = new SimulatedLogTime();
  const logger = createLogger({
    level: options.verbose ? config.LOG_LEVEL : 'silent',
    secrets: secretValuesOf(config),
    destination: process.stderr,
    simulatedTime,
  });
  try {
    const run = await runBacktest({
      config,
      dataDir: options.data,
      ...(baseTimeframe ? { baseTimeframe } : {}),
      funding: options.funding ? 'required' : 'none',
      decider,
      logger,
      ...(fromMs !== undefined ? { fromMs } : {}),
      ...(toMs !== undefined ? { toMs } : {}),
      ...(options.journal ? { journalPath: options.journal } : {}),
      ...(progress ? { onProgress: progress.update } : {}),
      signal: stop.signal,
      simulatedTime,
    }).catch((error: unknown) => {
      if (
        error instanceof BacktestInputError ||
        error instanceof MarketDataError ||
        error instanceof JournalError
      )
        throw new UsageError(error.message);
      throw error;
    });
    progress?.done();
    if (run.stoppedAtMs !== null) {
      run.close();
      throw new UsageError(
        `backtest stopped by ${stop.received} at simulated ${new Date(run.stoppedAtMs).toISOString()} after ${run.cycles} cycles: no results are reported for a partial run` +
          (options.journal ? `; the journal ${options.journal} keeps what ran` : ''),
        SIGNAL_EXIT_CODES[stop.received ?? ''] ?? 1,
      );
    }
    try {
      const results = await buildResults(run, {
        decider: { provider: decider.provider, model: decider.model },
        ...(decider instanceof CachingDecider
          ? { cache: { hits: decider.hits, misses: decider.misses } }
          : {}),
      });
      process.stdout.write(options.json ? stableJson(results) : renderSummary(results));
      if (options.html) {
        writeFileSync(options.html, renderHtmlReport(results, run.series, run.fromMs, run.toMs));
        if (!options.json) process.stdout.write(`HTML report written to ${options.html}\n`);
      }
      if (options.journal && !options.json) process.stdout.write(`journal: ${options.journal}\n`);
    } finally {
      run.close();
    }
  } finally {
    stop.dispose();
    progress?.done();
    replay?.close();
  }
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description(
      'Run the engine over historical candles (paper exchange, simulated clock) and report the results',
    )
    .requiredOption(
      '--data <dir>',
      'folder of SYMBOL-<timeframe>.csv (5m, 15m, 1h…) and SYMBOL-funding.csv files (e.g. ../shared/data/bybit-linear)',
    )
    .option('--symbols <list>', 'comma-separated symbols (overrides SYMBOLS)')
    .option(
      '--from <date>',
      'first decision at or after this UTC date/time (default: after a warm-up at the start of the data)',
    )
    .option('--to <date>', 'end of the test, exclusive (default: the end of the data)')
    .option('--decider <name>', `${DECIDERS.join(' | ')} (overrides AI_PROVIDER)`)
    .option(
      '--deciders <list>',
      'the lead, then shadow deciders in virtual sub-accounts, e.g. baseline,chaos,openai:MODEL@v5_neutral',
    )
    .option('--timeframe <tf>', 'decision timeframe (overrides DECISION_TIMEFRAME)')
    .option(
      '--base <tf>',
      'candles that step fills, stops and the position manager: SYMBOL-<tf>.csv (default: the finest file, the same for every symbol; never coarser than the decisions)',
    )
    .option('--json', 'print the results as JSON (byte-identical for identical runs)')
    .option('--html <file>', 'write a self-contained HTML report with charts')
    .option('--journal <path>', 'keep the SQLite journal here (default: a temporary file, deleted)')
    .option('--llm-cache <file>', 'response cache of live-LLM deciders', '.warden-llm-cache.jsonl')
    .option('--no-funding', 'run without funding files (funding costs then count as zero)')
    .option('--verbose', 'engine log lines on stderr')
    .option('--env-file <path>', 'read variables from this file instead of ./.env')
    .action(async (options: BacktestCliOptions) => {
      await backtestCommand(options);
    });
}
