import { TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from '../domain/index.ts';
import type { CandleColumns } from '../market/feeds/candle-columns.ts';
import { candleTimeframesBySymbol } from '../market/feeds/data-folder.ts';
import { BacktestInputError } from './errors.ts';

/** The warm-up is at least this many base candles and at least this long (1,000 5m candles). */
const WARMUP_MIN_MS = 1000 * TIMEFRAME_MS['5m'];

/**
 * The base candles of a run from a folder: the one asked for (`--base`), else each symbol's finest
 * candle file, which must be the same for every symbol (one base steps the whole account).
 */
export function chooseBaseTimeframe(dir: string, symbols: readonly string[], asked?: Timeframe): Timeframe {
  if (asked !== undefined) return asked;
  const available = candleTimeframesBySymbol(dir);
  const finest = symbols.map((symbol) => [symbol, available.get(symbol)?.[0]] as const);
  const found = finest.filter((entry): entry is readonly [string, Timeframe] => entry[1] !== undefined);
  // A symbol without any candle file: the folder check names what is missing.
  if (found.length < symbols.length) return found[0]?.[1] ?? '5m';
  const distinct = new Set(found.map(([, tf]) => tf));
  if (distinct.size === 1) return found[0]?.[1] as Timeframe;
  const common = TIMEFRAMES.find((tf) => symbols.every((s) => available.get(s)?.includes(tf)));
  throw new BacktestInputError(
    `the symbols' candle files disagree: the finest are ${found.map(([s, tf]) => `${s}-${tf}.csv`).join(', ')}, ` +
      `and one base timeframe steps every symbol: ${
        common
          ? `pass --base ${common} (every symbol has ${common} candles)`
          : 'no timeframe exists for all of them; run them separately'
      }`,
  );
}

/** The base timeframe of prepared series: the step between their candles, the same for every symbol. */
export function seriesBaseTimeframe(
  series: readonly { symbol: string; candles: CandleColumns }[],
  asked?: Timeframe,
): Timeframe {
  const steps = series.map((s) => [s.symbol, smallestStepMs(s.candles)] as const);
  const known = steps.filter(([, ms]) => Number.isFinite(ms));
  const labels = known.map(([symbol, ms]) => `${symbol} ${timeframeOf(ms) ?? `${ms} ms`}`).join(', ');
  const distinct = new Set(known.map(([, ms]) => ms));
  if (distinct.size > 1)
    throw new BacktestInputError(
      `the symbols' candles are not of one timeframe (${labels}): give them one base`,
    );
  const stepMs = known[0]?.[1];
  if (stepMs === undefined) return asked ?? '5m';
  const timeframe = timeframeOf(stepMs);
  if (timeframe === undefined)
    throw new BacktestInputError(`the candles are ${stepMs} ms apart, which is no timeframe Warden knows`);
  if (asked !== undefined && asked !== timeframe)
    throw new BacktestInputError(`the base timeframe is ${asked} but the candles are ${labels} apart`);
  return timeframe;
}

/**
 * Refuses a base that cannot build the decision and context candles: coarser than the decisions, or
 * not dividing them (a 15m candle is three 5m candles; it is no whole number of 10m ones).
 */
export function checkBaseFits(base: Timeframe, decision: Timeframe, contexts: readonly Timeframe[]): void {
  const baseMs = TIMEFRAME_MS[base];
  if (baseMs > TIMEFRAME_MS[decision]) {
    throw new BacktestInputError(
      `the base candles (${base}) are coarser than the decisions (every ${decision}): a decision candle is built from base candles. ` +
        `Decide every ${base} or longer (--timeframe ${base}), or give ${decision} or finer candle files`,
    );
  }
  for (const tf of [decision, ...contexts]) {
    if (TIMEFRAME_MS[tf] % baseMs !== 0)
      throw new BacktestInputError(
        `${tf} candles cannot be built from ${base} candles (not a whole number of them)`,
      );
  }
}

/** Base candles of warm-up before the first decision: 1,000, and never less than 1,000 × 5m of time. */
export function warmupCandlesOf(base: Timeframe, candles: number): number {
  return Math.max(candles, Math.ceil(WARMUP_MIN_MS / TIMEFRAME_MS[base]));
}

function timeframeOf(ms: number): Timeframe | undefined {
  return TIMEFRAMES.find((tf) => TIMEFRAME_MS[tf] === ms);
}

function smallestStepMs(candles: CandleColumns): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < candles.length; i++) {
    const step = (candles.ts[i] as number) - (candles.ts[i - 1] as number);
    if (step < smallest) smallest = step;
  }
  return smallest;
}
