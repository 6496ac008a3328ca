import { closeSync, openSync, readSync } from 'node:fs';
import { leadDeciderId } from '../config/checks.ts';
import { toRiskLimits } from '../config/limits.ts';
import type { WardenConfig } from '../config/schema.ts';
import type { Decider } from '../decision/index.ts';
import type { InstrumentRules, Timeframe } from '../domain/index.ts';
import { TIMEFRAME_MS } from '../domain/index.ts';
import { Engine, type EngineDeps, type SimulatedVenue } from '../engine/engine.ts';
import { PaperExchange } from '../exchange/paper/index.ts';
import type { ExchangePort } from '../exchange/port.ts';
import type { Journal } from '../journal/index.ts';
import { createReplayFeed, replayFiles } from '../market/feeds/replay.ts';
import type { SeriesFeed } from '../market/feeds/series-feed.ts';
import type { CandleFeed, FeedClock } from '../market/feeds/types.ts';
import { MarketState } from '../market/market-state.ts';
import { deepFreeze } from '../risk/index.ts';
import { offlineInstruments } from './instruments.ts';
import type { Logger } from './logger.ts';
import { accountParts, configuredDecider } from './seat-parts.ts';
import { buildShadows } from './shadows.ts';

export const BASE_TIMEFRAME: Timeframe = '5m';
/** Closed 5m candles read before a replay's first event: about 3.5 days, enough for EMA200 on 15m. */
export const REPLAY_WARMUP_CANDLES = 1000;

export interface ReplayOptions {
  dir: string;
  speed: 'instant' | number;
  /** 'none' replays candle folders that have no funding files (funding then costs nothing). */
  funding?: 'required' | 'none';
  fromMs?: number;
  toMs?: number;
  maxCycles?: number;
}

export interface CommonParts {
  config: WardenConfig;
  journal: Journal;
  logger: Logger;
  decider?: Decider;
}

/** The first data row of a candle file: its open time and close (`ts,open,high,low,close,volume`). */
function firstCandle(file: string): { ts: number; close: number } {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(256);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const second = (buffer.subarray(0, read).toString('utf8').split('\n')[1] ?? '').split(',');
    const ts = Number(second[0]);
    if (!Number.isSafeInteger(ts)) throw new Error(`${file}: the first data row has no timestamp`);
    return { ts, close: Number(second[4]) };
  } finally {
    closeSync(fd);
  }
}

function marketFor(config: WardenConfig, baseTimeframe: Timeframe): MarketState {
  return new MarketState({
    symbols: config.SYMBOLS,
    baseTimeframe,
    decisionTimeframe: config.DECISION_TIMEFRAME,
    correlationWindow: config.CORRELATION_WINDOW,
    contextTimeframes: config.CONTEXT_TIMEFRAMES.filter(
      (tf) => TIMEFRAME_MS[tf] > TIMEFRAME_MS[config.DECISION_TIMEFRAME],
    ),
  });
}

export function engineDeps(
  parts: CommonParts,
  mode: string,
  exchange: ExchangePort,
  feed: CandleFeed,
  venue: SimulatedVenue | null,
  now: () => Promise<number>,
  instruments: Map<string, InstrumentRules>,
  warmupCandles: number,
  /** Each shadow's starting equity (the lead account's at the start) and the clock its paper exchange reads. */
  shadowAccount: { startEquityUsdt: number; now: () => number },
  maxCycles?: number,
): EngineDeps {
  const { config, journal, logger } = parts;
  // The feed's candles are the base the decision and context candles are built from.
  const market = marketFor(config, feed.timeframe);
  journal.nameLead(leadDeciderId(config));
  const { executor, killSwitches, positionManager, ledger } = accountParts(
    parts,
    exchange,
    instruments,
    (symbol) => market.atr(symbol),
  );
  return {
    mode,
    symbols: config.SYMBOLS,
    exchange,
    journal,
    market,
    decider: parts.decider ?? configuredDecider(config),
    executor,
    ledger,
    // Frozen: the gate validates an unchangeable limits object once, not on every proposal.
    limits: deepFreeze(toRiskLimits(config)),
    instruments,
    config,
    killSwitches,
    logger,
    shadows: buildShadows(parts, {
      instruments: [...instruments.values()],
      ...shadowAccount,
      candleTimeframe: BASE_TIMEFRAME,
      market,
    }),
    feed,
    venue,
    now,
    entryTtlMs: config.ENTRY_ORDER_TTL_MINUTES * 60_000,
    warmupCandles,
    positionManager,
    positionManagerIntervalMs: config.POSITION_MANAGER_INTERVAL_SEC * 1000,
    ...(maxCycles !== undefined ? { maxCycles } : {}),
  };
}

/** Paper trading on replayed candle files: the paper exchange moves with each replayed candle. */
export function buildReplayEngine(
  parts: CommonParts,
  replay: ReplayOptions,
): { engine: Engine; exchange: PaperExchange; clock: FeedClock } {
  const { config } = parts;
  const first = new Map(
    config.SYMBOLS.map((s) => [s, firstCandle(replayFiles(replay.dir, s, BASE_TIMEFRAME).candles)]),
  );
  const firstTs = Math.max(...[...first.values()].map((c) => c.ts));
  const fromMs = replay.fromMs ?? firstTs + REPLAY_WARMUP_CANDLES * TIMEFRAME_MS[BASE_TIMEFRAME];
  const feed = createReplayFeed({
    dir: replay.dir,
    symbols: config.SYMBOLS,
    timeframe: BASE_TIMEFRAME,
    fromMs,
    ...(replay.toMs !== undefined ? { toMs: replay.toMs } : {}),
    speed: replay.speed,
    funding: replay.funding ?? 'required',
  });
  const built = buildSimulatedEngine(parts, feed, {
    mode: 'paper-replay',
    // Symbols without Bybit's published filters (a user's own export, synthetic markets) get
    // rules derived from their first price.
    instruments: offlineInstruments(config.SYMBOLS, new Map([...first].map(([s, c]) => [s, c.close]))),
    warmupCandles: REPLAY_WARMUP_CANDLES,
    ...(replay.maxCycles !== undefined ? { maxCycles: replay.maxCycles } : {}),
  });
  return { ...built, clock: feed.clock };
}

export interface SimulatedEngineOptions {
  mode: string;
  instruments: InstrumentRules[];
  warmupCandles: number;
  maxCycles?: number;
  /** Candles the paper venue keeps per symbol for getKlines (the dashboard's charts); default 1000. */
  klineHistory?: number;
}

/** The engine over any clocked feed with the paper exchange as the venue: replays, synthetic markets, backtests. */
export function buildSimulatedEngine(
  parts: CommonParts,
  feed: SeriesFeed,
  options: SimulatedEngineOptions,
): { engine: Engine; exchange: PaperExchange } {
  const { config } = parts;
  const exchange = new PaperExchange({
    instruments: options.instruments,
    startBalanceUsdt: config.PAPER_START_BALANCE_USDT,
    slippagePct: config.PAPER_SLIPPAGE_PCT,
    maintenanceMarginRate: config.MAINTENANCE_MARGIN_RATE,
    now: () => feed.clock.now(),
    candleTimeframe: feed.timeframe,
    ...(options.klineHistory !== undefined ? { klineHistory: options.klineHistory } : {}),
    eventDelivery: 'sync',
    // Backtests and replays: a MARKET order waits for the next price (pessimistic, docs/paper-exchange.md).
    marketFills: 'next-price',
  });
  const venue: SimulatedVenue = {
    onCandle: (symbol, candle, timeframe) => exchange.onCandle(symbol, candle, timeframe),
    applyFunding: (symbol, rate, tsMs) => exchange.applyFunding(symbol, rate, tsMs),
    hasOpenPositions: () => exchange.hasOpenPositions(),
  };
  const deps = engineDeps(
    parts,
    options.mode,
    exchange,
    feed,
    venue,
    async () => feed.clock.now(),
    new Map(options.instruments.map((i) => [i.symbol, i])),
    options.warmupCandles,
    { startEquityUsdt: config.PAPER_START_BALANCE_USDT, now: () => feed.clock.now() },
    options.maxCycles,
  );
  return { engine: new Engine(deps), exchange };
}
