import type { Candle, FundingRate, Timeframe } from '../../domain/index.ts';
import { TIMEFRAME_MS } from '../../domain/index.ts';
import { deriveSeed, Random } from '../../domain/random.ts';
import { CandleColumns } from '../feeds/candle-columns.ts';
import {
  REGIME_DYNAMICS,
  type RegimeDynamics,
  type RegimeSegment,
  SYNTHETIC_REGIMES,
  type SyntheticRegime,
} from './regimes.ts';

const FUNDING_INTERVAL_MS = 8 * 3_600_000;
const FUNDING_CAP = 0.0075;
const FIVE_MINUTES = 300_000;

export interface SyntheticOptions {
  seed: number;
  /** Each symbol gets its own stream derived from seed and symbol. */
  symbol?: string;
  timeframe?: Timeframe;
  /** Open time of the first candle; must be on the timeframe's grid. Default 2025-01-01T00:00Z. */
  startMs?: number;
  /** Number of candles; with an explicit schedule, defaults to its total. */
  candles?: number;
  startPrice?: number;
  /** Base volume per 5m candle, in base units. */
  baseVolume?: number;
  /** The regime schedule; repeated when shorter than `candles`. Default: a random schedule of all three. */
  regimes?: readonly RegimeSegment[];
  /** Chance per candle that it opens away from the previous close (a price gap of 0.3%–2%). Default 0. */
  priceGapChance?: number;
  /** Chance per candle of a crash candle (a 3%–12% drop inside one candle). Default 0. */
  crashChance?: number;
  /** Candle indexes that must be crash candles. */
  crashAt?: readonly number[];
  /** Chance per candle that it is missing from the output (a hole in time). Default 0: no holes. */
  missingCandleChance?: number;
  /** Funding settlements every 8 h (00, 08, 16 UTC). Default true. */
  funding?: boolean;
  /** Per-regime changes to REGIME_DYNAMICS (e.g. calmer trends for a demo). */
  dynamics?: Partial<Record<SyntheticRegime, Partial<RegimeDynamics>>>;
}

export interface SyntheticMarket {
  symbol: string;
  timeframe: Timeframe;
  candles: Candle[];
  funding: FundingRate[];
  /** The schedule as generated: regime per stretch, with the ts range it covers [fromTs, toTs). */
  regimes: Array<{ regime: SyntheticRegime; direction: 'up' | 'down' | null; fromTs: number; toTs: number }>;
  /** ts of candles that open with a price gap, of crash candles, and of candles left out. */
  priceGaps: number[];
  crashes: number[];
  missing: number[];
}

function randomSchedule(random: Random, total: number, perFiveMinutes: number): RegimeSegment[] {
  const out: RegimeSegment[] = [];
  let covered = 0;
  let previous: SyntheticRegime | null = null;
  while (covered < total) {
    const regime = random.pick(SYNTHETIC_REGIMES.filter((r) => r !== previous));
    const hours = regime === 'violent' ? random.uniform(3, 12) : random.uniform(12, 48);
    const candles = Math.max(3, Math.round((hours * 12) / perFiveMinutes));
    out.push({ regime, candles, direction: random.chance(0.5) ? 'up' : 'down' });
    covered += candles;
    previous = regime;
  }
  return out;
}

function tickFor(price: number): number {
  return 10 ** (Math.floor(Math.log10(price)) - 5);
}

/** Rounds to a power-of-ten tick; an integer divided by an exact power of ten is the double nearest the decimal. */
function roundTo(value: number, tick: number): number {
  if (tick >= 1) return Math.round(value / tick) * tick;
  const scale = 10 ** Math.round(-Math.log10(tick));
  return Math.round(value * scale) / scale;
}

function checkOptions(options: SyntheticOptions, timeframe: Timeframe, startMs: number, total: number): void {
  const interval = TIMEFRAME_MS[timeframe];
  if (!Number.isSafeInteger(options.seed))
    throw new RangeError(`seed must be a whole number, got ${options.seed}`);
  if (startMs % interval !== 0) throw new RangeError(`startMs ${startMs} is not on the ${timeframe} grid`);
  if (!Number.isSafeInteger(total) || total < 1)
    throw new RangeError(`candles must be a whole number ≥ 1, got ${total}`);
  for (const [name, value] of [
    ['priceGapChance', options.priceGapChance],
    ['crashChance', options.crashChance],
    ['missingCandleChance', options.missingCandleChance],
  ] as const) {
    if (value !== undefined && !(value >= 0 && value <= 1))
      throw new RangeError(`${name} must be within 0..1, got ${value}`);
  }
  if (options.startPrice !== undefined && !(options.startPrice > 0)) {
    throw new RangeError(`startPrice must be > 0, got ${options.startPrice}`);
  }
  for (const segment of options.regimes ?? []) {
    if (!Number.isSafeInteger(segment.candles) || segment.candles < 1) {
      throw new RangeError(`regime segment ${segment.regime} needs candles ≥ 1, got ${segment.candles}`);
    }
  }
}

/** Generates one symbol's candles and funding; deterministic per (seed, symbol, options). */
export function generateSyntheticMarket(options: SyntheticOptions): SyntheticMarket {
  const candles: Candle[] = [];
  const market = generate(options, (candle) => candles.push(candle));
  return { ...market, candles };
}

/**
 * The same market with its candles stored as columns as they are made: a year of 5m candles never
 * exists as objects (benches of a million candles measure the backtest, not the generator's heap).
 */
export function generateSyntheticColumns(
  options: SyntheticOptions,
): Omit<SyntheticMarket, 'candles'> & { candles: CandleColumns } {
  const total = options.candles ?? options.regimes?.reduce((sum, s) => sum + s.candles, 0) ?? 2_000;
  let columns = new CandleColumns(Number.isSafeInteger(total) && total > 0 ? total : 0);
  let count = 0;
  const market = generate(options, (candle) => columns.set(count++, candle));
  if (count < columns.length) columns = columns.first(count);
  return { ...market, candles: columns };
}

function generate(
  options: SyntheticOptions,
  emit: (candle: Candle) => void,
): Omit<SyntheticMarket, 'candles'> {
  const symbol = options.symbol ?? 'SYNTHUSDT';
  const timeframe = options.timeframe ?? '5m';
  const interval = TIMEFRAME_MS[timeframe];
  const startMs = options.startMs ?? Date.UTC(2025, 0, 1);
  const scheduleTotal = options.regimes?.reduce((sum, s) => sum + s.candles, 0);
  const total = options.candles ?? scheduleTotal ?? 2_000;
  checkOptions(options, timeframe, startMs, total);

  const random = new Random(deriveSeed(options.seed, symbol));
  const scale = interval / FIVE_MINUTES;
  const schedule =
    options.regimes && options.regimes.length > 0 ? options.regimes : randomSchedule(random, total, scale);
  const startPrice = options.startPrice ?? 100;
  const tick = tickFor(startPrice);
  const baseVolume = (options.baseVolume ?? 1_000) * scale;
  const crashAt = new Set(options.crashAt ?? []);

  const market: Omit<SyntheticMarket, 'candles'> = {
    symbol,
    timeframe,
    funding: [],
    regimes: [],
    priceGaps: [],
    crashes: [],
    missing: [],
  };
  let close = startPrice;
  let segmentIndex = 0;
  let leftInSegment = (schedule[0] as RegimeSegment).candles;
  let anchor = close;
  let premium = 0;
  const openSegment = (ts: number): void => {
    const segment = schedule[segmentIndex % schedule.length] as RegimeSegment;
    const direction = segment.regime === 'trend' ? (segment.direction ?? 'up') : null;
    market.regimes.push({ regime: segment.regime, direction, fromTs: ts, toTs: ts });
    anchor = close;
  };
  openSegment(startMs);

  for (let i = 0; i < total; i++) {
    const ts = startMs + i * interval;
    if (leftInSegment === 0) {
      segmentIndex++;
      leftInSegment = (schedule[segmentIndex % schedule.length] as RegimeSegment).candles;
      openSegment(ts);
    }
    leftInSegment--;
    const segment = schedule[segmentIndex % schedule.length] as RegimeSegment;
    const dynamics = { ...REGIME_DYNAMICS[segment.regime], ...options.dynamics?.[segment.regime] };
    const sign = segment.regime === 'trend' && segment.direction === 'down' ? -1 : 1;
    const volatility = dynamics.volatilityPerCandle * Math.sqrt(scale);

    let open = close;
    if (options.priceGapChance && random.chance(options.priceGapChance)) {
      open = close * (1 + (random.chance(0.5) ? 1 : -1) * random.uniform(0.003, 0.02));
      market.priceGaps.push(ts);
    }
    const tail = random.chance(dynamics.tailChance) ? random.uniform(3, 5) : 1;
    const logReturn =
      sign * dynamics.driftPerCandle * scale -
      dynamics.meanReversion * scale * Math.log(open / anchor) +
      volatility * tail * random.normal();
    let next = open * Math.exp(logReturn);
    let high = Math.max(open, next) * Math.exp(Math.abs(random.normal()) * volatility * 0.6);
    let low = Math.min(open, next) * Math.exp(-Math.abs(random.normal()) * volatility * 0.6);
    let volume =
      baseVolume *
      dynamics.volumeFactor *
      Math.exp(0.35 * random.normal()) *
      (1 + Math.abs(logReturn) / volatility);
    if (crashAt.has(i) || (options.crashChance && random.chance(options.crashChance))) {
      const drop = random.uniform(0.03, 0.12);
      high = Math.max(open, high);
      next = open * (1 - drop) * (1 + random.uniform(0, drop / 3));
      low = open * (1 - drop);
      volume *= random.uniform(5, 10);
      market.crashes.push(ts);
    }

    const o = Math.max(tick, roundTo(open, tick));
    const c = Math.max(tick, roundTo(next, tick));
    const h = Math.max(o, c, roundTo(high, tick));
    const l = Math.max(tick, Math.min(o, c, roundTo(low, tick)));
    close = c;
    premium = 0.9 * premium + 0.1 * Math.log(c / o);
    (market.regimes.at(-1) as SyntheticMarket['regimes'][number]).toTs = ts + interval;

    if (options.missingCandleChance && i > 0 && i < total - 1 && random.chance(options.missingCandleChance)) {
      market.missing.push(ts);
    } else {
      emit({ ts, open: o, high: h, low: l, close: c, volume: roundTo(volume, 0.001) });
    }

    const closeTs = ts + interval;
    if (options.funding !== false && closeTs % FUNDING_INTERVAL_MS === 0) {
      const rate = 0.0001 + 0.05 * premium + 0.00003 * random.normal();
      market.funding.push({
        ts: closeTs,
        rate: roundTo(Math.max(-FUNDING_CAP, Math.min(FUNDING_CAP, rate)), 1e-8),
      });
    }
  }
  return market;
}
