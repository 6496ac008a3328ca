import { pnlPerBucket } from '../../../src/arena/metrics.ts';
import type { ArenaDeciderInput, ArenaInput } from '../../../src/arena/report.ts';
import { Random } from '../../../src/domain/random.ts';
import { generateSyntheticMarket } from '../../../src/market/synthetic/generator.ts';

const DAY = 86_400_000;
const NOTIONAL_USDT = 50;
/** Taker fee in and out (0.055 % each way). */
const FEES_PCT = 0.0011;
export const EDGES = [0, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

interface Style {
  decider: string;
  /** Chance of calling the candle's direction right; 0.5 is a coin flip. */
  hitRate: number;
  /** Chance of trading a given candle. */
  tradeChance: number;
  /** Confidence it states, as a probability. */
  stated: number;
  aiCostPerCallUsd: number;
}

/**
 * Deciders that trade one seeded synthetic market (4h candles, the generator's regimes): each
 * candle a decider may open at the open and close at the close, in the direction it calls.
 * Both face the same candles, so the market cancels in a paired comparison and only the hit rate
 * (the built-in edge) differs.
 */
export function syntheticDuel(seed: number, days: number, styles: readonly Style[]): ArenaInput {
  const market = generateSyntheticMarket({ seed, timeframe: '4h', candles: days * 6 });
  const fromMs = market.candles[0]?.ts as number;
  const toMs = fromMs + days * DAY;
  const deciders = styles.map((style, s): ArenaDeciderInput => {
    const rnd = new Random(seed * 31 + s + 1);
    const trades: { closedAtMs: number; netPnlUsdt: number }[] = [];
    const forecasts: { probability: number; won: boolean }[] = [];
    const latencyMs: number[] = [];
    let invalid = 0;
    for (const c of market.candles) {
      latencyMs.push(800 + 400 * rnd.uniform());
      if (rnd.chance(0.01)) invalid++;
      if (!rnd.chance(style.tradeChance)) continue;
      const up = c.close >= c.open;
      const long = rnd.chance(style.hitRate) ? up : !up;
      const gross = ((long ? 1 : -1) * (c.close - c.open) * NOTIONAL_USDT) / c.open;
      const fee = NOTIONAL_USDT * FEES_PCT;
      const net = gross - fee;
      trades.push({ closedAtMs: c.ts + 4 * 3_600_000 - 1, netPnlUsdt: net });
      forecasts.push({ probability: style.stated, won: net > 0 });
    }
    const aiPerDay = style.aiCostPerCallUsd * 6;
    const dailyPnlUsdt = pnlPerBucket(trades, { fromMs, toMs, bucketMs: DAY }).map((p) => p - aiPerDay);
    let equity = 100;
    const equityPoints = dailyPnlUsdt.map((p, d) => {
      equity += p;
      return { atMs: fromMs + (d + 1) * DAY, equityUsdt: equity };
    });
    return {
      decider: style.decider,
      role: s === 0 ? 'lead' : 'shadow',
      tradeNetsUsdt: trades.map((t) => t.netPnlUsdt),
      dailyPnlUsdt,
      startEquityUsdt: 100,
      decisions: market.candles.length,
      invalidOutputs: invalid,
      costUsd: aiPerDay * days,
      modelCalls: market.candles.length,
      tokensIn: market.candles.length * 1500,
      tokensOut: market.candles.length * 80,
      tokensCachedIn: 0,
      callLatenciesMs: latencyMs,
      blockedBy: { MAX_TOTAL_RISK: Math.floor(market.candles.length / 10) },
      forecasts,
      equityCurve: [{ atMs: fromMs, equityUsdt: 100 }, ...equityPoints],
    };
  });
  const dayNames = Array.from({ length: days }, (_, d) =>
    new Date(fromMs + d * DAY).toISOString().slice(0, 10),
  );
  return { fromMs, toMs, days: dayNames, deciders, calibrationEdges: EDGES };
}

export const EDGE = { decider: 'edge', hitRate: 0.65, tradeChance: 0.5, stated: 0.65, aiCostPerCallUsd: 0 };
export const COIN = { decider: 'coin', hitRate: 0.5, tradeChance: 0.5, stated: 0.8, aiCostPerCallUsd: 0 };
