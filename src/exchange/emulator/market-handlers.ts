import { Decimal } from 'decimal.js';
import type { Candle, InstrumentRules } from '../../domain/index.ts';
import { FUNDING_INTERVAL_MS, nextFundingTime } from '../paper/index.ts';
import type { ReplayMarket } from './market.ts';
import { instrumentPayload, klineRow, priceStr, str } from './payloads.ts';
import { type Body, optionalString, paramsError, requireString } from './validation.ts';
import type { EmulatedVenue } from './venue.ts';

export const INTERVAL_MS: Readonly<Record<string, number>> = {
  '1': 60_000,
  '3': 180_000,
  '5': 300_000,
  '15': 900_000,
  '30': 1_800_000,
  '60': 3_600_000,
  '120': 7_200_000,
  '240': 14_400_000,
  '360': 21_600_000,
  '720': 43_200_000,
  D: 86_400_000,
};

/** Bybit's instrument statuses for linear contracts (enum: symbol status). */
const INSTRUMENT_STATUSES = new Set(['PreLaunch', 'Trading', 'Delivering', 'Closed']);

export interface MarketContext {
  venue: EmulatedVenue;
  market: ReplayMarket;
  marketNowMs: () => number;
  serverNowMs: () => number;
  fundingRate: (symbol: string, fundingTimeMs: number) => number | null;
}

export function serverTime(ctx: MarketContext) {
  const now = ctx.serverNowMs();
  return { timeSecond: String(Math.floor(now / 1000)), timeNano: `${now}000000` };
}

const OTHER_CATEGORIES = new Set(['spot', 'inverse', 'option']);

/** Bybit's market categories other than linear: the emulator lists nothing there (empty lists). */
function otherCategory(query: Body): string | null {
  const category = optionalString(query, 'category');
  return category !== undefined && OTHER_CATEGORIES.has(category) ? category : null;
}

function checkCategory(query: Body): void {
  const category = optionalString(query, 'category');
  if (category !== undefined && category !== 'linear') {
    throw paramsError(`category invalid (the emulator serves linear only, got ${category})`);
  }
}

export function instrumentsInfo(ctx: MarketContext, query: Body) {
  const other = otherCategory(query);
  if (other) return { category: other, list: [], nextPageCursor: '' };
  checkCategory(query);
  if (optionalString(query, 'category') === undefined) throw paramsError('category is required');
  const symbol = optionalString(query, 'symbol');
  const status = optionalString(query, 'status');
  // Every symbol the emulator lists is trading: other statuses filter to an empty list.
  if (status !== undefined && !INSTRUMENT_STATUSES.has(status)) throw paramsError('status invalid');
  const rules = [...ctx.venue.rules.values()].filter(
    (r) => (symbol === undefined || r.symbol === symbol) && (status === undefined || status === 'Trading'),
  );
  return { category: 'linear', list: rules.map(instrumentPayload), nextPageCursor: '' };
}

/**
 * The forming candle of `intervalMs`: the replayed candles already closed in its bucket, up to the
 * current mark. The replay has no intra-candle data, so a bucket without any sits flat at the mark.
 */
export function formingCandle(ctx: MarketContext, symbol: string, intervalMs: number): Candle | null {
  const last = ctx.market.lastClosedCandle(symbol);
  if (!last) return null;
  const now = ctx.marketNowMs();
  const ts = now - (now % intervalMs);
  const base = ctx.market.baseIntervalMs(symbol) ?? intervalMs;
  if (ts + intervalMs <= last.ts + base) return null;
  const close = ctx.venue.markPrice(symbol) ?? last.close;
  const members = ctx.market.releasedSince(symbol, ts);
  const first = members[0];
  if (!first) return { ts, open: close, high: close, low: close, close, volume: 0 };
  return {
    ts,
    open: first.open,
    high: Math.max(close, ...members.map((c) => c.high)),
    low: Math.min(close, ...members.map((c) => c.low)),
    close,
    volume: members.reduce((sum, c) => sum + c.volume, 0),
  };
}

/** GET /v5/market/kline: newest first, the forming candle included, like Bybit. */
export function kline(ctx: MarketContext, query: Body) {
  checkCategory(query);
  const symbol = requireString(query, 'symbol');
  ctx.venue.instrument(symbol);
  const interval = requireString(query, 'interval');
  const intervalMs = INTERVAL_MS[interval];
  if (intervalMs === undefined) throw paramsError('interval invalid');
  const base = ctx.market.baseIntervalMs(symbol);
  if (base !== null && intervalMs % base !== 0) {
    throw paramsError(
      `interval ${interval} is finer than the ${base / 60_000}-minute candles this emulator replays`,
    );
  }
  const limitText = optionalString(query, 'limit');
  const limit = limitText === undefined ? 200 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw paramsError('limit invalid (1..1000)');
  const start = Number(optionalString(query, 'start') ?? 0);
  const end = Number(optionalString(query, 'end') ?? Number.MAX_SAFE_INTEGER);
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw paramsError('start or end invalid');
  const candles = ctx.market.closedCandles(symbol, intervalMs, start, end, limit);
  const forming = formingCandle(ctx, symbol, intervalMs);
  if (forming && forming.ts >= start && forming.ts <= end) {
    candles.push(forming);
    if (candles.length > limit) candles.shift();
  }
  return { category: 'linear', symbol, list: candles.reverse().map(klineRow) };
}

/** The decimals of a step such as 0.001 (3); for number strings with the venue's precision. */
function decimalsOf(step: number): number {
  return Math.max(0, new Decimal(step).decimalPlaces());
}

/** 24 h figures from the replayed candles that started in the last 24 h, the current mark included. */
function dayStatistics(ctx: MarketContext, rules: InstrumentRules, mark: number): Record<string, string> {
  const now = ctx.marketNowMs();
  const stats = ctx.market.stats24h(rules.symbol, now);
  const prev = stats?.prevPrice ?? mark;
  const hourAgo = ctx.market.releasedSince(rules.symbol, now - 3_600_000)[0];
  return {
    prevPrice24h: str(prev),
    prevPrice1h: str(hourAgo?.open ?? mark),
    price24hPcnt: prev > 0 ? new Decimal(mark).minus(prev).div(prev).toDecimalPlaces(6).toFixed() : '0',
    highPrice24h: str(Math.max(stats?.high ?? mark, mark)),
    lowPrice24h: str(Math.min(stats?.low ?? mark, mark)),
    turnover24h: new Decimal(stats?.turnover ?? 0).toDecimalPlaces(4).toFixed(),
    volume24h: new Decimal(stats?.volume ?? 0).toDecimalPlaces(decimalsOf(rules.qtyStep)).toFixed(),
  };
}

export function tickerFields(ctx: MarketContext, symbol: string): Record<string, string> | null {
  const mark = ctx.venue.markPrice(symbol);
  if (mark == null) return null;
  const rules = ctx.venue.instrument(symbol);
  const best = ctx.venue.bestPrices(symbol);
  const nextFunding = nextFundingTime(ctx.marketNowMs());
  const rate = ctx.fundingRate(symbol, nextFunding);
  return {
    symbol,
    lastPrice: str(mark),
    indexPrice: str(mark),
    markPrice: str(mark),
    ...dayStatistics(ctx, rules, mark),
    // The emulator's only trader is its account: no open interest beyond it is known.
    openInterest: '0',
    openInterestValue: '0',
    // Delivery and basis fields: empty on a perpetual.
    predictedDeliveryPrice: '',
    basisRate: '',
    deliveryFeeRate: '',
    deliveryTime: '0',
    basis: '',
    fundingRate: rate === null ? '' : str(rate),
    nextFundingTime: String(nextFunding),
    // The emulator has no order book: the matcher's book, one tick either side of the mark.
    bid1Price: priceStr(best?.bidPrice, rules.tickSize),
    bid1Size: '1',
    ask1Price: priceStr(best?.askPrice, rules.tickSize),
    ask1Size: '1',
  };
}

export function tickers(ctx: MarketContext, query: Body) {
  const other = otherCategory(query);
  if (other) return { category: other, list: [] };
  checkCategory(query);
  const symbol = optionalString(query, 'symbol');
  if (symbol) ctx.venue.instrument(symbol);
  const symbols = symbol ? [symbol] : [...ctx.venue.rules.keys()];
  const list = symbols
    .map((s) => tickerFields(ctx, s))
    .filter((t): t is Record<string, string> => t !== null);
  return { category: 'linear', list };
}

function limitOf(query: Body, fallback: number, max: number): number {
  const text = optionalString(query, 'limit');
  const limit = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) throw paramsError(`limit invalid (1..${max})`);
  return limit;
}

/**
 * GET /v5/market/orderbook: the emulator has no book, so one level each side — the ticker's best
 * bid and ask — which is all a client can trade against here.
 */
export function orderbook(ctx: MarketContext, query: Body) {
  checkCategory(query);
  const symbol = requireString(query, 'symbol');
  ctx.venue.instrument(symbol);
  limitOf(query, 25, 500);
  const fields = tickerFields(ctx, symbol);
  const now = ctx.serverNowMs();
  return {
    s: symbol,
    b: fields ? [[fields.bid1Price, fields.bid1Size]] : [],
    a: fields ? [[fields.ask1Price, fields.ask1Size]] : [],
    ts: now,
    u: now,
    seq: now,
    cts: now,
  };
}

/** GET /v5/market/funding/history: the funding rates the emulator settles, newest first. */
export function fundingHistory(ctx: MarketContext, query: Body) {
  const category = optionalString(query, 'category');
  if (category === 'inverse') return { category, list: [] };
  checkCategory(query);
  if (category === undefined) throw paramsError('category is required');
  const symbol = requireString(query, 'symbol');
  ctx.venue.instrument(symbol);
  const limit = limitOf(query, 200, 200);
  const now = ctx.marketNowMs();
  const end = Math.min(Number(optionalString(query, 'endTime') ?? now), now);
  const start = Number(optionalString(query, 'startTime') ?? Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(end) || Number.isNaN(start)) throw paramsError('startTime or endTime invalid');
  const list: Record<string, string>[] = [];
  for (
    let t = nextFundingTime(end) - FUNDING_INTERVAL_MS;
    t >= start && list.length < limit;
    t -= FUNDING_INTERVAL_MS
  ) {
    const rate = ctx.fundingRate(symbol, t);
    if (rate === null) break;
    list.push({ symbol, fundingRate: str(rate), fundingRateTimestamp: String(t) });
  }
  return { category: 'linear', list };
}
