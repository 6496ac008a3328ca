import type { Logger } from '../../src/app/logger.ts';
import { REPLAY_WARMUP_CANDLES } from '../../src/app/wiring.ts';
import { type BacktestRun, runBacktest } from '../../src/backtest/run.ts';
import { loadConfig } from '../../src/config/index.ts';
import type { WardenConfig } from '../../src/config/schema.ts';
import type { Decider } from '../../src/decision/index.ts';
import { TIMEFRAME_MS } from '../../src/domain/index.ts';
import { generateSyntheticMarket } from '../../src/market/synthetic/generator.ts';

/** Ten symbols the instrument rules know or can derive from a price. */
export const TEN_SYMBOLS = [
  'BTCUSDT',
  'ETHUSDT',
  'SOLUSDT',
  'XRPUSDT',
  'DOGEUSDT',
  'BNBUSDT',
  'ADAUSDT',
  'LINKUSDT',
  'AVAXUSDT',
  'LTCUSDT',
] as const;

const START_MS = Date.UTC(2025, 0, 1);
const FIVE_MINUTES = TIMEFRAME_MS['5m'];
const START_PRICES: Record<string, number> = { BTCUSDT: 60_000, ETHUSDT: 3_000, BNBUSDT: 600 };

export function configFor(symbols: readonly string[], env: Record<string, string> = {}): WardenConfig {
  return loadConfig({ env: { SYMBOLS: symbols.join(','), ...env }, dotenvPath: null }).config;
}

/**
 * The real engine (paper exchange, journal, gate) over seeded synthetic candles for `cycles`
 * decision cycles of 15m, after the usual indicator warm-up.
 */
export async function runSyntheticEngine(options: {
  config: WardenConfig;
  decider: Decider;
  cycles: number;
  seed?: number;
  logger?: Logger;
  journalPath?: string;
}): Promise<BacktestRun> {
  const symbols = options.config.SYMBOLS;
  const fromMs = START_MS + REPLAY_WARMUP_CANDLES * FIVE_MINUTES;
  const candles = REPLAY_WARMUP_CANDLES + options.cycles * 3 + 3;
  const series = symbols.map((symbol) => {
    const market = generateSyntheticMarket({
      seed: options.seed ?? 7,
      symbol,
      startMs: START_MS,
      candles,
      startPrice: START_PRICES[symbol] ?? 100,
    });
    return { symbol, candles: market.candles, funding: market.funding };
  });
  return runBacktest({
    config: options.config,
    series,
    decider: options.decider,
    fromMs,
    toMs: fromMs + options.cycles * 15 * 60_000,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.journalPath ? { journalPath: options.journalPath } : {}),
  });
}
