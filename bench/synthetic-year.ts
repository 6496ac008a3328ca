import type { SymbolSeries } from '../src/market/feeds/series-feed.ts';
import { generateSyntheticMarket } from '../src/market/synthetic/generator.ts';

/** A year of 5m candles plus the warm-up the backtest reads before its first decision. */
const YEAR_OF_5M = 365 * 288;
const WARM_UP = 1000;
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

/**
 * Ten symbols, a year of 5m candles each: the size of the backtest goal. No public file holds that
 * much, so the markets are seeded synthetic ones (the same every run).
 */
export function syntheticYear(): SymbolSeries[] {
  return Object.keys(startPrices).map((symbol, i) => {
    const market = generateSyntheticMarket({
      seed: 7 + i,
      symbol,
      candles: YEAR_OF_5M + WARM_UP,
      startPrice: startPrices[symbol],
      priceGapChance: 0.002,
      crashChance: 0.0005,
    });
    return { symbol, candles: market.candles, funding: market.funding };
  });
}
