import type { Candle, FundingRate, InstrumentRules } from '../../../src/domain/index.ts';
import { PaperExchange, type PaperExchangeOptions } from '../../../src/exchange/paper/index.ts';
import { readCandleCsv, readFundingCsv } from '../../../src/market/feeds/csv.ts';
import { dataFile } from '../../support/data.ts';

/** Bybit's rules for the contracts the real-candle tests trade (VIP0 fees). */
export const realInstruments: Record<string, InstrumentRules> = {
  BTCUSDT: {
    symbol: 'BTCUSDT',
    tickSize: 0.1,
    qtyStep: 0.001,
    minQty: 0.001,
    maxQty: 1190,
    maxMarketQty: 500,
    minNotionalUsdt: 5,
    maxLeverage: 100,
    takerFee: 0.00055,
    makerFee: 0.0002,
  },
  DOGEUSDT: {
    symbol: 'DOGEUSDT',
    tickSize: 0.00001,
    qtyStep: 1,
    minQty: 1,
    maxQty: 7_000_000,
    maxMarketQty: 1_000_000,
    minNotionalUsdt: 5,
    maxLeverage: 75,
    takerFee: 0.00055,
    makerFee: 0.0002,
  },
  SOLUSDT: {
    symbol: 'SOLUSDT',
    tickSize: 0.01,
    qtyStep: 0.1,
    minQty: 0.1,
    maxQty: 79_770,
    maxMarketQty: 7_977,
    minNotionalUsdt: 5,
    maxLeverage: 100,
    takerFee: 0.00055,
    makerFee: 0.0002,
  },
};

const cache = new Map<string, Candle[]>();

export function candles(...parts: string[]): Candle[] {
  const file = dataFile(...parts);
  let rows = cache.get(file);
  if (!rows) {
    rows = readCandleCsv(file);
    cache.set(file, rows);
  }
  return rows;
}

export function funding(...parts: string[]): FundingRate[] {
  return readFundingCsv(dataFile(...parts));
}

/** Index of the candle that opens at `iso`; throws when the file does not have it. */
export function indexAt(rows: Candle[], iso: string): number {
  const ts = Date.parse(iso);
  const index = rows.findIndex((c) => c.ts === ts);
  if (index < 0) throw new Error(`no candle at ${iso} in the data`);
  return index;
}

export function at(rows: Candle[], index: number): Candle {
  const candle = rows[index];
  if (!candle) throw new Error(`no candle at index ${index}`);
  return candle;
}

/** A paper exchange on one real symbol whose clock follows the candles fed to it. */
export function realExchange(symbol: string, overrides: Partial<PaperExchangeOptions> = {}) {
  const rules = realInstruments[symbol];
  if (!rules) throw new Error(`no instrument rules for ${symbol}`);
  let clockMs = 0;
  const exchange = new PaperExchange({
    instruments: [rules],
    startBalanceUsdt: 100,
    slippagePct: 0.0005,
    now: () => clockMs,
    candleTimeframe: '5m',
    eventDelivery: 'sync',
    ...overrides,
  });
  const feed = (candle: Candle) => {
    clockMs = candle.ts + 300_000;
    exchange.onCandle(symbol, candle);
  };
  return { exchange, rules, feed, setClock: (ms: number) => (clockMs = ms) };
}
