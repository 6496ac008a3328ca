import { existsSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import { createLogger, type Logger, SimulatedLogTime } from '../../app/logger.ts';
import { startBot } from '../../app/start.ts';
import { BASE_TIMEFRAME } from '../../app/wiring.ts';
import { ConfigError, loadConfig, requireModeReadiness, secretValuesOf } from '../../config/index.ts';
import { toRiskLimits } from '../../config/limits.ts';
import type { WardenConfig } from '../../config/schema.ts';
import { parseAbSplit, projectAiCost, resolvePrices } from '../../decision/index.ts';
import { formatUtcMinute } from '../../domain/format.ts';
import { TIMEFRAME_MS } from '../../domain/index.ts';
import { type Journal, JournalError, journalProgress, openJournal } from '../../journal/index.ts';
import { MarketDataError } from '../../market/errors.ts';
import { checkDataFolder, symbolsInFolder } from '../../market/feeds/data-folder.ts';
import { decidersOverrides } from '../deciders-option.ts';
import { UsageError } from '../errors.ts';

/**
 * The run's SQLite page cache: a cycle reads recent rows and a few index pages, so 4 MiB holds its
 * working set, where better-sqlite3's default (16 MiB) stays resident on a small server.
 */
const RUN_PAGE_CACHE_KIB = 4096;

export interface RunOptions {
  replay?: string;
  speed?: string;
  from?: string;
  to?: string;
  exchangeUrl?: string;
  journal?: string;
  maxCycles?: string;
  confirmLive?: boolean;
  envFile?: string;
  mode?: string;
  /** false with --no-funding. */
  funding?: boolean;
  /** The lead, then the shadows (issue 19). */
  deciders?: string;
}

function parseTime(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms))
    throw new UsageError(`${name} must be an ISO date or time such as 2025-03-01T00:00:00Z, got "${value}"`);
  return ms;
}

function parseSpeed(value: string | undefined): 'instant' | number {
  if (value === undefined || value === 'instant' || value === 'max') return 'instant';
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new UsageError(`--speed must be a positive number (× real time) or "max", got "${value}"`);
  return n;
}

function parsePositiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new UsageError(`${name} must be a positive whole number, got "${value}"`);
  return n;
}

interface RunPlan {
  config: WardenConfig;
  replay?: {
    dir: string;
    speed: 'instant' | number;
    funding: 'required' | 'none';
    fromMs?: number;
    toMs?: number;
  };
  maxCycles: number | undefined;
  /** Set when the symbols come from the replay folder's files (SYMBOLS not set). */
  symbolsFromFolder: boolean;
}

/** Flags that contradict each other are refused before anything is loaded or printed. */
function refuseContradictions(options: RunOptions): void {
  if (options.replay !== undefined) {
    if (options.mode !== undefined && options.mode !== 'paper')
      throw new UsageError(
        `--replay trades on the paper exchange over recorded candles; it cannot run in ${options.mode} mode: drop --mode ${options.mode} or --replay`,
      );
    if (options.exchangeUrl !== undefined)
      throw new UsageError(
        '--replay and --exchange-url name two different markets: use --replay DIR for the paper exchange on recorded candles, or --exchange-url URL for a venue such as `warden emulator --data DIR`',
      );
    if (options.confirmLive)
      throw new UsageError(
        '--confirm-live confirms real-money trading; a --replay never trades real money: drop it',
      );
    return;
  }
  for (const [flag, value] of [
    ['--speed', options.speed],
    ['--from', options.from],
    ['--to', options.to],
  ] as const) {
    if (value !== undefined)
      throw new UsageError(`${flag} only applies to a --replay: add --replay DIR or drop ${flag}`);
  }
  if (options.funding === false)
    throw new UsageError('--no-funding only applies to a --replay: add --replay DIR or drop it');
}

/** Everything the run needs, validated before the first line is printed. */
function planRun(options: RunOptions): RunPlan {
  refuseContradictions(options);
  const speed = options.replay !== undefined ? parseSpeed(options.speed) : 'instant';
  const fromMs = parseTime('--from', options.from);
  const toMs = parseTime('--to', options.to);
  const maxCycles = parsePositiveInt('--max-cycles', options.maxCycles);
  const overrides: Record<string, unknown> = options.deciders ? decidersOverrides(options.deciders) : {};
  if (options.mode) overrides.TRADING_MODE = options.mode;
  if (options.journal) overrides.JOURNAL_PATH = options.journal;
  try {
    const { config, sources, warnings } = loadConfig({
      overrides,
      ...(options.envFile ? { dotenvPath: options.envFile } : {}),
    });
    for (const w of warnings) process.stderr.write(`warden: warning: ${w}\n`);
    if (options.replay === undefined) {
      requireModeReadiness(config, { confirmFlag: options.confirmLive === true });
      return { config, maxCycles, symbolsFromFolder: false };
    }
    if (config.TRADING_MODE !== 'paper')
      throw new UsageError(
        `--replay trades on the paper exchange, but TRADING_MODE is ${config.TRADING_MODE} (from ${sources.TRADING_MODE}): unset it or set TRADING_MODE=paper`,
      );
    const funding = options.funding === false ? 'none' : 'required';
    const explicitSymbols = sources.SYMBOLS === 'environment' || sources.SYMBOLS === '.env';
    const folderSymbols = explicitSymbols ? [] : symbolsInFolder(options.replay, BASE_TIMEFRAME);
    const symbols = folderSymbols.length > 0 ? folderSymbols : config.SYMBOLS;
    checkDataFolder({
      dir: options.replay,
      symbols,
      timeframe: BASE_TIMEFRAME,
      funding,
      chooseSymbols: 'SYMBOLS=',
      withoutFunding: '--no-funding',
    });
    return {
      config: { ...config, SYMBOLS: symbols },
      replay: {
        dir: options.replay,
        speed,
        funding,
        ...optional('fromMs', fromMs),
        ...optional('toMs', toMs),
      },
      maxCycles,
      symbolsFromFolder: folderSymbols.length > 0,
    };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    if (error instanceof MarketDataError) throw new UsageError(`--replay ${error.message}`);
    throw error;
  }
}

function describeStart(config: WardenConfig, options: RunOptions): string {
  const decider =
    config.AI_PROVIDER === 'baseline'
      ? 'the baseline decider (rule-based, no AI key needed)'
      : `the ${config.AI_PROVIDER} decider (${config.AI_MODEL ?? 'default model'})`;
  if (options.replay) return `paper mode on replayed candles from ${options.replay} with ${decider}`;
  if (options.exchangeUrl)
    return `${config.TRADING_MODE} mode against the exchange at ${options.exchangeUrl} with ${decider}`;
  if (config.TRADING_MODE === 'paper')
    return `paper mode on live public Bybit data with ${decider}; orders are simulated locally, no keys needed`;
  return `${config.TRADING_MODE.toUpperCase()} mode on Bybit ${config.TRADING_MODE} with ${decider}`;
}

export function printLimits(config: WardenConfig, logger: Logger): void {
  const l = toRiskLimits(config);
  logger.info(
    `risk limits in force (profile ${config.PROFILE ?? 'live'}): ${l.maxLossUsdtPerTrade} USDT per trade, ` +
      `${l.maxTotalRiskUsdt} USDT total, notional ≤ ${l.maxNotionalUsdt} USDT, stop ${l.minSlDistancePct * 100}%–${l.maxSlDistancePct * 100}%, ` +
      `leverage ${l.minLeverage}–${l.maxLeverageOpen}x, margin ≤ ${l.marginSafetyFactor * 100}% of available, ` +
      `≤ ${l.maxOpenPositions} positions, MARKET entries ${l.allowMarketEntry ? 'allowed' : 'refused'}`,
  );
}

/** The projected AI bill at start (issue 20): symbols × cadence × tokens × price. */
export function printAiCostProjection(config: WardenConfig, logger: Logger): void {
  if (config.AI_PROVIDER !== 'openai' && config.AI_PROVIDER !== 'anthropic') return;
  const priced = resolvePrices(config);
  const split = parseAbSplit(config.PROMPT_AB_SPLIT);
  const p = projectAiCost({
    symbols: config.SYMBOLS.length,
    decisionTimeframe: config.DECISION_TIMEFRAME,
    timeframes:
      1 +
      config.CONTEXT_TIMEFRAMES.filter((tf) => TIMEFRAME_MS[tf] > TIMEFRAME_MS[config.DECISION_TIMEFRAME])
        .length,
    promptVersions:
      split?.unit === 'symbol' && config.SYMBOLS.length > 1
        ? [config.PROMPT_VERSION, split.version]
        : [config.PROMPT_VERSION],
    prices: priced.prices,
  });
  const budget =
    config.AI_DAILY_BUDGET_USD === undefined
      ? 'no AI_DAILY_BUDGET_USD set'
      : `AI_DAILY_BUDGET_USD ${config.AI_DAILY_BUDGET_USD} USD/day`;
  logger.info(
    `AI cost projected at most ${p.usdPerMonth.toFixed(2)} USD/month (${p.usdPerDay.toFixed(3)} USD/day: ` +
      `${p.callsPerDay} calls × ~${p.tokensInPerCall} tokens in / ${p.tokensOutPerCall} out, every symbol asked; ` +
      `${config.AI_SKIP_FUTILE ? 'questions no answer could matter for are skipped, so less' : 'AI_SKIP_FUTILE=false: every symbol is asked'}); ` +
      `prices: ${priced.note}; ${budget}`,
  );
  if (priced.origin === 'none') logger.warn(priced.note);
}

export async function runCommand(options: RunOptions): Promise<void> {
  const plan = planRun(options);
  const { config } = plan;
  const simulatedTime = plan.replay ? new SimulatedLogTime() : undefined;
  const logger = createLogger({
    level: config.LOG_LEVEL,
    secrets: secretValuesOf(config),
    ...(simulatedTime ? { simulatedTime } : {}),
  });
  const journalIsNew = !existsSync(config.JOURNAL_PATH);
  let journal: ReturnType<typeof openJournal>;
  try {
    journal = openJournal(config.JOURNAL_PATH, { pageCacheKiB: RUN_PAGE_CACHE_KIB });
  } catch (error) {
    if (error instanceof JournalError) throw new UsageError(error.message);
    throw error;
  }
  logger.info(`Warden starting: ${describeStart(config, options)}`);
  if (config.SYMBOLS.length > 0)
    logger.info(
      `symbols ${config.SYMBOLS.join(', ')}${plan.symbolsFromFolder ? ` (every symbol with 5m candles in ${options.replay}; set SYMBOLS to choose)` : ''}, ` +
        `decisions on every ${config.DECISION_TIMEFRAME} close, journal ${config.JOURNAL_PATH}` +
        (plan.replay?.funding === 'none'
          ? ', without funding (--no-funding): funding costs count as zero'
          : ''),
    );
  printLimits(config, logger);
  printAiCostProjection(config, logger);
  announceResume(journal, config.JOURNAL_PATH, plan, logger);
  let failed = true;
  try {
    await startBot({
      config,
      journal,
      logger,
      replay: plan.replay,
      exchangeUrl: options.exchangeUrl,
      maxCycles: plan.maxCycles,
      simulatedTime,
    }).catch((error: unknown) => {
      // Bad or short files found while loading the replay: a message to act on, like a missing file.
      if (error instanceof MarketDataError) throw new UsageError(`--replay ${error.message}`);
      throw error;
    });
    failed = false;
  } finally {
    const empty = journalProgress(journal).cycles === 0;
    journal.close();
    // A start that failed before its first cycle (no network, a busy port) leaves no empty journal behind.
    if (failed && journalIsNew && empty) removeJournalFiles(config.JOURNAL_PATH);
  }
}

/** A journal with cycles is continued, not started over: say so, and how to start over. */
function announceResume(journal: Journal, file: string, plan: RunPlan, logger: Logger): void {
  const { cycles, lastCycleAtMs } = journalProgress(journal);
  if (cycles === 0 || lastCycleAtMs === null) return;
  const done = `${cycles.toLocaleString('en-US')} cycles done, the last at ${formatUtcMinute(lastCycleAtMs)} UTC`;
  logger.warn(
    plan.replay
      ? `resuming journal ${file}: ${done}; the replay skips the cycles already done (use --journal NEW.db to start over)`
      : `continuing journal ${file}: ${done} (use --journal NEW.db to start a new one)`,
  );
}

function removeJournalFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Run the bot (what `npm start` runs): paper mode on live public Bybit data by default')
    .option('--replay <dir>', 'replay candle files from DIR instead of the network (paper exchange)')
    .option('--speed <n>', 'replay speed: N × real time, or "max" (default: as fast as possible)')
    .option('--from <iso>', 'replay from this time (default: after a warm-up at the start of the files)')
    .option('--to <iso>', 'replay up to this time')
    .option('--no-funding', 'replay candle folders without funding files (funding costs then count as zero)')
    .option(
      '--exchange-url <url>',
      'trade through the Bybit adapter against this REST URL (e.g. the emulator)',
    )
    .option('--mode <mode>', 'override TRADING_MODE: paper, testnet, demo or live')
    .option(
      '--deciders <list>',
      'the lead, then shadow deciders in virtual sub-accounts, e.g. baseline,chaos,openai:MODEL@v5_neutral',
    )
    .option('--journal <path>', 'SQLite journal file (overrides JOURNAL_PATH)')
    .option('--max-cycles <n>', 'stop after N decision cycles')
    .option('--confirm-live', 'confirm trading real money in live mode (or LIVE_CONFIRM=true)')
    .option('--env-file <path>', 'read variables from this file instead of ./.env')
    .action(async (options: RunOptions) => {
      await runCommand(options);
    });
}
