import path from 'node:path';
import { Writable } from 'node:stream';
import { offlineInstruments } from '../../src/app/instruments.ts';
import { createLogger } from '../../src/app/logger.ts';
import { BASE_TIMEFRAME, buildSimulatedEngine, REPLAY_WARMUP_CANDLES } from '../../src/app/wiring.ts';
import type { WardenConfig } from '../../src/config/schema.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { openJournal } from '../../src/journal/index.ts';
import { SeriesFeed, type SymbolSeries } from '../../src/market/feeds/series-feed.ts';
import type { FeedEvent } from '../../src/market/feeds/types.ts';
import { InvariantChecker, invariantLimitsFrom } from './invariants.ts';
import { type GroupData, type SymbolGroup, soakConfig } from './setup.ts';
import { addJournal, type SoakStats } from './stats.ts';

/** A replay feed that, before each instant after a cycle, waits for the invariant check of that cycle. */
class CheckedFeed extends SeriesFeed {
  beforeEvent: () => Promise<void> = async () => {};

  override async *eventBatches(signal?: AbortSignal): AsyncIterable<readonly FeedEvent[]> {
    for await (const batch of super.eventBatches(signal)) {
      await this.beforeEvent();
      yield batch;
    }
    await this.beforeEvent();
  }
}

export interface PaperWindow {
  group: SymbolGroup;
  data: GroupData;
  /** Index of the first candle emitted (after the warm-up history). */
  startIndex: number;
  cycles: number;
  seed: number;
  dir: string;
}

/** Collects every line the engine logs, to search it for secrets afterwards. */
export function captureStream(lines: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
}

/** One paper run of the chaos decider over a window of real candles, checked after every cycle. */
export async function runPaperWindow(
  window: PaperWindow,
  stats: SoakStats,
  logLines: string[],
): Promise<WardenConfig> {
  const journalPath = path.join(window.dir, `paper-${window.group.folder}-${window.startIndex}.db`);
  const config = soakConfig(window.group.symbols, journalPath, window.seed);
  const journal = openJournal(journalPath);
  const logger = createLogger({
    level: 'info',
    pretty: false,
    secrets: [],
    destination: captureStream(logLines),
  });
  try {
    const first = window.data.candles.get(window.group.symbols[0] as string) ?? [];
    const fromMs = (first[window.startIndex] as { ts: number }).ts;
    const series: SymbolSeries[] = window.group.symbols.map((symbol) => ({
      symbol,
      candles: window.data.candles.get(symbol) ?? [],
      funding: window.data.funding.get(symbol) ?? [],
    }));
    const feed = new CheckedFeed(series, { timeframe: BASE_TIMEFRAME, fromMs });
    const { engine, exchange } = buildSimulatedEngine({ config, journal, logger }, feed, {
      mode: 'paper-soak',
      instruments: offlineInstruments(config.SYMBOLS, new Map()),
      warmupCandles: REPLAY_WARMUP_CANDLES,
      maxCycles: window.cycles,
    });
    const checker = new InvariantChecker(invariantLimitsFrom(config, config.PAPER_START_BALANCE_USDT));
    let checked = 0;
    const check = async (e: Engine) => {
      if (e.cyclesRun === checked) return;
      checked = e.cyclesRun;
      await checker.check(feed.clock.now(), exchange, journal);
    };
    feed.beforeEvent = () => check(engine);
    await engine.run();
    await check(engine);
    stats.invariantChecks += checker.checks;
    stats.violations.push(
      ...checker.violations.map((v) => ({ ...v, detail: `paper ${window.group.folder}: ${v.detail}` })),
    );
    stats.lowestEquityUsdt = Math.min(stats.lowestEquityUsdt, checker.lowestEquityUsdt);
    addJournal(stats, journal, {
      maxLossUsdtPerTrade: config.MAX_LOSS_USDT_PER_TRADE,
      slippageAllowancePct: config.SL_SLIPPAGE_ALLOWANCE_PCT,
    });
    return config;
  } finally {
    journal.close();
  }
}
