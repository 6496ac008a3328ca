import type { Candle } from '../../domain/index.ts';
import { nextFundingTime } from '../paper/index.ts';
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

function checkCategory(query: Body): void {
  const category = optionalString(query, 'category');
  if (category !== undefined && category !== 'linear') {
    throw paramsError(`category invalid (the emulator serves linear only, got ${category})`);
  }
}

export function instrumentsInfo(ctx: MarketContext, query: Body) {
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

/** A synthetic forming candle: the replay has no intra-candle data, so it sits flat at the last close. */
function formingCandle(ctx: MarketContext, symbol: string, intervalMs: number): Candle | null {
  const last = ctx.market.lastClosedCandle(symbol);
  if (!last) return null;
  const now = ctx.marketNowMs();
  const ts = now - (now % intervalMs);
  const base = ctx.market.baseIntervalMs(symbol) ?? intervalMs;
  if (ts + intervalMs <= last.ts + base) return null;
  const close = ctx.venue.markPrice(symbol) ?? last.close;
  return { ts, open: close, high: close, low: close, close, volume: 0 };
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
    prevPrice24h: str(mark),
    price24hPcnt: '0',
    highPrice24h: str(mark),
    lowPrice24h: str(mark),
    openInterest: '0',
    turnover24h: '0',
    volume24h: '0',
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
  checkCategory(query);
  const symbol = optionalString(query, 'symbol');
  if (symbol) ctx.venue.instrument(symbol);
  const symbols = symbol ? [symbol] : [...ctx.venue.rules.keys()];
  const list = symbols
    .map((s) => tickerFields(ctx, s))
    .filter((t): t is Record<string, string> => t !== null);
  return { category: 'linear', list };
}
