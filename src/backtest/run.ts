import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withFastPaths } from '../app/fast-paths.ts';
import { offlineInstruments } from '../app/instruments.ts';
import { createLogger, type Logger, type SimulatedLogTime } from '../app/logger.ts';
import { buildSimulatedEngine, REPLAY_WARMUP_CANDLES } from '../app/wiring.ts';
import type { WardenConfig } from '../config/schema.ts';
import type { Decider } from '../decision/index.ts';
import type { InstrumentRules, Timeframe } from '../domain/index.ts';
import { TIMEFRAME_MS } from '../domain/index.ts';
import type { Engine, EngineShadow } from '../engine/engine.ts';
import type { PaperExchange } from '../exchange/paper/index.ts';
import { Reconciler } from '../execution/reconciler.ts';
import { type Journal, type JournalBatch, openJournal } from '../journal/index.ts';
import { asColumns, type CandleColumns } from '../market/feeds/candle-columns.ts';
import { InstantClock } from '../market/feeds/clock.ts';
import { readCandleColumns, readFundingCsv } from '../market/feeds/csv.ts';
import { checkDataFolder } from '../market/feeds/data-folder.ts';
import { replayFiles } from '../market/feeds/replay.ts';
import { SeriesFeed, type SymbolSeries } from '../market/feeds/series-feed.ts';
import type { FeedEvent } from '../market/feeds/types.ts';
import {
  checkBaseFits,
  chooseBaseTimeframe,
  seriesBaseTimeframe,
  warmupCandlesOf,
} from './base-timeframe.ts';
import { BacktestInputError } from './errors.ts';

export { BacktestInputError } from './errors.ts';

export interface BacktestProgress {
  /** Simulated time of the last event. */
  atMs: number;
  fromMs: number;
  toMs: number;
  candles: number;
  cycles: number;
}

export interface BacktestOptions {
  /** SYMBOLS, DECISION_TIMEFRAME, limits, prompt versions, paper balance and slippage come from here. */
  config: WardenConfig;
  /** Folder with SYMBOL-<base>.csv and SYMBOL-funding.csv; ignored when `series` is given. */
  dataDir?: string;
  /** Prepared series (tests, benches mixing folders): candles of one timeframe, sorted by ts. */
  series?: SymbolSeries[];
  /**
   * The candles that step the venue and the position manager. Default: each symbol's finest file in
   * `dataDir` (the same for all), or the step of `series`. Never coarser than the decisions.
   */
  baseTimeframe?: Timeframe;
  /** 'none' runs without funding files: say so, it changes the costs. Default 'required'. */
  funding?: 'required' | 'none';
  /** First decision candle; default: after a warm-up of REPLAY_WARMUP_CANDLES base candles (at least 1,000 × 5m). */
  fromMs?: number;
  /** End (exclusive); default: the end of the data. */
  toMs?: number;
  /** SQLite journal; a temporary file (deleted on close) when absent. */
  journalPath?: string;
  decider: Decider;
  logger?: Logger;
  onProgress?: (progress: BacktestProgress) => void;
  /** Journal writes committed together about every this many feed events, between instants (default 2000; 0: every write commits alone). */
  commitEvery?: number;
  /** 'fast' (default): no fsync, the journal can always be re-created. 'full': as live. */
  durability?: 'full' | 'fast';
  /** Keep one prepared statement per SQL text (default true). */
  cacheStatements?: boolean;
  /**
   * The hand-written fast paths of the decision path (default true). false, with `commitEvery: 0`,
   * `durability: 'full'` and `cacheStatements: false`, is the reference path a test holds the fast
   * one to, row for row.
   */
  fastPaths?: boolean;
  /** Stops the run between two instants (SIGINT/SIGTERM): the run ends early with `stoppedAtMs` set. */
  signal?: AbortSignal;
  /** Set to the run's clock, so log lines (--verbose) carry the simulated time. */
  simulatedTime?: SimulatedLogTime;
  /** Base candles before fromMs fed to the indicators first; default REPLAY_WARMUP_CANDLES (never under 1,000 × 5m of time). */
  warmupCandles?: number;
}

export interface BacktestRun {
  journal: Journal;
  exchange: PaperExchange;
  series: LoadedSeries[];
  instruments: InstrumentRules[];
  symbols: string[];
  /** The candles that stepped the venue and the position manager. */
  baseTimeframe: Timeframe;
  decisionTimeframe: Timeframe;
  fromMs: number;
  toMs: number;
  startBalanceUsdt: number;
  slippagePct: number;
  candles: number;
  cycles: number;
  fundingEvents: number;
  journalPath: string;
  /** Simulated time the run was stopped at by `signal`; null when it ran to the end. */
  stoppedAtMs: number | null;
  /** Closes the journal; a temporary journal is deleted. */
  close(): void;
}

export interface LoadedSeries extends SymbolSeries {
  candles: CandleColumns;
}

/**
 * Reads every symbol's candles of `timeframe` (default 5m) and funding from a data folder, all
 * validated before the run; candles are kept as columns, each file's rows dropped once copied.
 */
export function loadSeries(
  dir: string,
  symbols: readonly string[],
  funding: 'required' | 'none',
  timeframe: Timeframe = '5m',
): LoadedSeries[] {
  if (!existsSync(dir)) throw new BacktestInputError(`--data ${dir}: no such folder`);
  checkDataFolder({
    dir,
    symbols,
    timeframe,
    funding,
    chooseSymbols: '--symbols ',
    withoutFunding: '--no-funding',
  });
  return symbols.map((symbol) => {
    const files = replayFiles(dir, symbol, timeframe);
    return {
      symbol,
      candles: readCandleColumns(files.candles, { expectedIntervalMs: TIMEFRAME_MS[timeframe] }),
      funding: funding === 'required' ? readFundingCsv(files.funding) : [],
    };
  });
}

/** Counts events, reports progress and commits the journal in batches between engine steps. */
class BacktestFeed extends SeriesFeed {
  candles = 0;
  fundingEvents = 0;
  constructor(
    series: SymbolSeries[],
    window: { fromMs: number; toMs: number; baseTimeframe: Timeframe },
    private readonly onBatch: (batch: readonly FeedEvent[], count: number) => void,
  ) {
    super(series, {
      timeframe: window.baseTimeframe,
      fromMs: window.fromMs,
      toMs: window.toMs,
      clock: new InstantClock(window.fromMs),
    });
  }

  override async *eventBatches(signal?: AbortSignal): AsyncIterable<readonly FeedEvent[]> {
    for await (const batch of super.eventBatches(signal)) {
      for (const event of batch) {
        if (event.type === 'candle') this.candles += 1;
        else this.fundingEvents += 1;
      }
      this.onBatch(batch, this.candles + this.fundingEvents);
      yield batch;
    }
  }
}

function dataWindow(
  series: readonly LoadedSeries[],
  options: BacktestOptions,
  base: Timeframe,
  warmupCandles: number,
): { fromMs: number; toMs: number } {
  const stepMs = TIMEFRAME_MS[base];
  const firstTs = Math.max(...series.map((s) => s.candles.ts[0] ?? Number.POSITIVE_INFINITY));
  const endTs = Math.min(
    ...series.map((s) => (s.candles.ts[s.candles.length - 1] ?? Number.NEGATIVE_INFINITY) + stepMs),
  );
  if (!Number.isFinite(firstTs) || !Number.isFinite(endTs))
    throw new BacktestInputError('a candle file is empty');
  const fromMs = options.fromMs ?? firstTs + warmupCandles * stepMs;
  const toMs = Math.min(options.toMs ?? endTs, endTs);
  if (fromMs >= toMs) {
    throw new BacktestInputError(
      `nothing to test: from ${new Date(fromMs).toISOString()} is not before to ${new Date(toMs).toISOString()} ` +
        `(the data covers ${new Date(firstTs).toISOString()} to ${new Date(endTs).toISOString()}, ` +
        `and ${warmupCandles} ${base} candles at its start warm the indicators up by default)`,
    );
  }
  return { fromMs, toMs };
}

/**
 * Runs the engine that trades live over historical candles: the paper exchange is the venue, the
 * replay clock the time, and the journal records everything as it would live (fsync off: a
 * backtest journal can always be re-created).
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestRun> {
  return withFastPaths(options.fastPaths ?? true, () => backtest(options));
}

async function backtest(options: BacktestOptions): Promise<BacktestRun> {
  const { config } = options;
  const symbols = [...config.SYMBOLS];
  if (symbols.length === 0) throw new BacktestInputError('no symbols: pass --symbols BTCUSDT,ETHUSDT');
  const funding = options.funding ?? 'required';
  const { series, baseTimeframe } = seriesOf(options, symbols, funding);
  checkBaseFits(baseTimeframe, config.DECISION_TIMEFRAME, config.CONTEXT_TIMEFRAMES);
  const warmupCandles = options.warmupCandles ?? warmupCandlesOf(baseTimeframe, REPLAY_WARMUP_CANDLES);
  const window = dataWindow(series, options, baseTimeframe, warmupCandles);
  const tempDir = options.journalPath ? null : mkdtempSync(path.join(tmpdir(), 'warden-backtest-'));
  const journalPath = options.journalPath ?? path.join(tempDir as string, 'journal.db');
  const journal = openJournal(journalPath, {
    durability: options.durability ?? 'fast',
    cacheStatements: options.cacheStatements ?? true,
  });
  const close = () => {
    if (journal.isOpen) journal.close();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
  try {
    // A fully durable journal keeps its commit per record: batching is for re-creatable ones only.
    const commitEvery = (options.durability ?? 'fast') === 'fast' ? (options.commitEvery ?? 2000) : 0;
    let journalBatch: JournalBatch | null = null;
    let engineRef: Engine | null = null;
    let committedAt = 0;
    let reportedAt = 0;
    journal.recordEvent({
      atMs: window.fromMs,
      kind: 'backtest.started',
      severity: 'info',
      message: `backtest of ${symbols.join(', ')} on ${baseTimeframe} candles, decisions every ${config.DECISION_TIMEFRAME}`,
      detail: { baseTimeframe, decisionTimeframe: config.DECISION_TIMEFRAME, symbols, ...window },
    });
    const feed = new BacktestFeed(series, { ...window, baseTimeframe }, (batch, count) => {
      if (commitEvery > 0 && count - committedAt >= commitEvery) {
        journalBatch?.checkpoint();
        committedAt = count;
      }
      if (count - reportedAt >= 2000) {
        reportedAt = count;
        const cycles = engineRef?.cyclesRun ?? 0;
        const atMs = batch[0]?.atMs ?? window.fromMs;
        options.onProgress?.({ atMs, ...window, candles: feed.candles, cycles });
      }
    });
    const referencePrices = new Map(
      series.map((s) => [s.symbol, firstPriceAtOrAfter(s.candles, window.fromMs)]),
    );
    const instruments = offlineInstruments(symbols, referencePrices);
    const logger = options.logger ?? createLogger({ level: 'silent', pretty: false });
    const { engine, exchange } = buildSimulatedEngine(
      { config: { ...config, TRADING_MODE: 'backtest' }, journal, logger, decider: options.decider },
      feed,
      // No dashboard reads a backtest's venue candles: keeping a copy of each would only feed the GC.
      { mode: 'backtest', instruments, warmupCandles, klineHistory: 0 },
    );
    engineRef = engine;
    if (options.simulatedTime) options.simulatedTime.source = () => feed.clock.now();
    if (commitEvery > 0) journalBatch = journal.batch();
    let cycles = 0;
    let stoppedAtMs: number | null = null;
    try {
      cycles = (await runUnlessStopped(engine, options.signal)).cycles;
      if (options.signal?.aborted) stoppedAtMs = feed.clock.now();
      else {
        await settleAtEnd(exchange, journal, symbols, logger, window.toMs);
        for (const shadow of engine.shadows)
          await settleAtEnd(shadow.exchange, shadow.journal, symbols, shadow.logger, window.toMs);
      }
    } finally {
      journalBatch?.end();
    }
    options.onProgress?.({ atMs: window.toMs, ...window, candles: feed.candles, cycles });
    return {
      journal,
      exchange,
      series,
      instruments,
      symbols,
      baseTimeframe,
      decisionTimeframe: config.DECISION_TIMEFRAME,
      fromMs: window.fromMs,
      toMs: window.toMs,
      startBalanceUsdt: config.PAPER_START_BALANCE_USDT,
      slippagePct: config.PAPER_SLIPPAGE_PCT,
      candles: feed.candles,
      cycles,
      fundingEvents: feed.fundingEvents,
      journalPath,
      stoppedAtMs,
      close,
    };
  } catch (error) {
    close();
    throw error;
  }
}

async function runUnlessStopped(
  engine: Engine,
  signal: AbortSignal | undefined,
): Promise<{ cycles: number }> {
  try {
    return await engine.run(signal);
  } catch (error) {
    if (signal?.aborted) return { cycles: engine.cyclesRun };
    throw error;
  }
}

/**
 * After the last candle the ledger runs once more, so fills and funding after the last cycle are
 * journaled, and the final equity (open positions marked at the last close) ends the curve.
 */
async function settleAtEnd(
  exchange: EngineShadow['exchange'],
  journal: Journal,
  symbols: readonly string[],
  logger: Logger,
  toMs: number,
): Promise<void> {
  await new Reconciler(exchange, journal, symbols, logger).sync(toMs);
  const wallet = await exchange.getWallet();
  journal.recordEquity({
    atMs: toMs,
    equityUsdt: wallet.equityUsdt,
    walletBalanceUsdt: wallet.walletBalanceUsdt,
    availableUsdt: wallet.availableUsdt,
    unrealisedPnlUsdt: wallet.unrealisedPnlUsdt,
  });
}

function firstPriceAtOrAfter(candles: CandleColumns, ts: number): number {
  const found = candles.at(Math.min(candles.firstIndexAtOrAfter(ts), candles.length - 1));
  if (!found) throw new BacktestInputError('a candle file is empty');
  return found.close;
}

/** The run's candles as columns, and the base timeframe they step the run on. */
function seriesOf(
  options: BacktestOptions,
  symbols: readonly string[],
  funding: 'required' | 'none',
): { series: LoadedSeries[]; baseTimeframe: Timeframe } {
  if (options.series) {
    const series = options.series.map((s) => ({ ...s, candles: asColumns(s.candles) }));
    return { series, baseTimeframe: seriesBaseTimeframe(series, options.baseTimeframe) };
  }
  if (!options.dataDir)
    throw new BacktestInputError('pass --data DIR (a folder of SYMBOL-5m.csv, SYMBOL-1h.csv … files)');
  if (!existsSync(options.dataDir)) throw new BacktestInputError(`--data ${options.dataDir}: no such folder`);
  const baseTimeframe = chooseBaseTimeframe(options.dataDir, symbols, options.baseTimeframe);
  return { series: loadSeries(options.dataDir, symbols, funding, baseTimeframe), baseTimeframe };
}
