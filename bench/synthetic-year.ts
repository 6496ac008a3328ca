import type { LoadedSeries } from '../src/backtest/run.ts';
import { generateSyntheticColumns } from '../src/market/synthetic/generator.ts';

const startPrices: Record<string, number> = {
  BTCUSDT: 95_000,
  ETHUSDT: 3_300,
  SOLUSDT: 190,
  XRPUSDT: 2.3,
  DOGEUSDT: 0.32,
  BNBUSDT: 700,
  ADAUSDT: 0.9,
  AVAXUSDT: 35,
  LINKUSDT: 20,
  LTCUSDT: 110,
};
export const SYNTHETIC_SYMBOLS = Object.keys(startPrices);

/**
 * Ten seeded synthetic markets of `candles` 5m candles each (the same every run): the backtest
 * goal's year, since no public file holds ten symbols for a year. Candles are made as columns.
 */
export function syntheticMarkets(candles: number): LoadedSeries[] {
  return SYNTHETIC_SYMBOLS.map((symbol, i) => {
    const market = generateSyntheticColumns({
      seed: 7 + i,
      symbol,
      candles,
      startPrice: startPrices[symbol],
      priceGapChance: 0.002,
      crashChance: 0.0005,
    });
    return { symbol, candles: market.candles, funding: market.funding };
  });
}

/** A year of 5m candles plus the warm-up the backtest reads before its first decision. */
const YEAR_OF_5M = 365 * 288;
const WARM_UP = 1000;

/** The ten markets over the backtest goal's year (and its warm-up). */
export function syntheticYear(): LoadedSeries[] {
  return syntheticMarkets(YEAR_OF_5M + WARM_UP);
}
