import type { MarketSnapshot, SymbolMarketView } from '../domain/index.ts';
import type { ExchangePort } from '../exchange/port.ts';
import type { MarketState } from '../market/market-state.ts';

/** The market as one cycle sees it: each symbol's view (absent while indicators warm up) and book. */
export interface CycleMarket {
  views: ReadonlyMap<string, SymbolMarketView>;
  /** What the gate reads about a symbol that has a view. */
  snapshot(symbol: string): MarketSnapshot;
}

interface TopOfBook {
  bestBid: number | null;
  bestAsk: number | null;
}

/** Reads every symbol's ticker once, then its view at that mark price. */
export async function readCycleMarket(
  exchange: ExchangePort,
  market: MarketState,
  symbols: readonly string[],
  nowMs: number,
): Promise<CycleMarket> {
  const views = new Map<string, SymbolMarketView>();
  const books = new Map<string, TopOfBook>();
  for (const symbol of symbols) {
    const ticker = await exchange.getTicker(symbol);
    const view = market.view(symbol, nowMs, ticker.markPrice);
    if (view) views.set(symbol, view);
    books.set(symbol, { bestBid: ticker.bidPrice, bestAsk: ticker.askPrice });
  }
  const correlations = market.correlations();
  return {
    views,
    snapshot(symbol) {
      const view = views.get(symbol) as SymbolMarketView;
      return {
        symbol,
        markPrice: view.markPrice,
        ...books.get(symbol),
        nowMs,
        lastClosedCandleMs: view.lastClosedCandleMs,
        preScore: view.scores.preScore,
        rangeScore: view.scores.rangeScore,
        correlations,
      };
    },
  };
}
