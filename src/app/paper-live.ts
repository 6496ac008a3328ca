import type { WardenConfig } from '../config/schema.ts';
import type { InstrumentRules } from '../domain/index.ts';
import type { SimulatedVenue } from '../engine/engine.ts';
import { PaperExchange } from '../exchange/paper/index.ts';
import type { ExchangePort } from '../exchange/port.ts';
import { BASE_TIMEFRAME } from './wiring.ts';

export interface PaperOnLiveData {
  paper: PaperExchange;
  venue: SimulatedVenue;
  /** Stops the quote stream. */
  stop: () => Promise<void>;
}

/**
 * Paper trading on live data: the paper exchange is moved by the venue's closed candles (resting
 * orders, stops) and knows the venue's live best bid/ask from its ticker stream, so a MARKET order
 * (or a crossing LIMIT) fills when placed at the current book, like Bybit's matching step.
 * Backtests and replays keep the pessimistic next-price fill (wiring.ts).
 */
export async function paperOnLiveData(
  source: ExchangePort,
  config: Pick<
    WardenConfig,
    'SYMBOLS' | 'PAPER_START_BALANCE_USDT' | 'PAPER_SLIPPAGE_PCT' | 'MAINTENANCE_MARGIN_RATE'
  >,
  instruments: InstrumentRules[],
  nowMs: () => number,
): Promise<PaperOnLiveData> {
  const paper = new PaperExchange({
    instruments,
    startBalanceUsdt: config.PAPER_START_BALANCE_USDT,
    slippagePct: config.PAPER_SLIPPAGE_PCT,
    maintenanceMarginRate: config.MAINTENANCE_MARGIN_RATE,
    now: nowMs,
    candleTimeframe: BASE_TIMEFRAME,
    eventDelivery: 'sync',
    marketFills: 'immediate',
  });
  const stop = await source.subscribe({ tickers: [...config.SYMBOLS] }, (event) => {
    if (event.type !== 'ticker') return;
    const { symbol, bidPrice, askPrice } = event.ticker;
    // A one-sided or crossed book is not a quote to trade on: the mark stays the reference.
    if (bidPrice == null || askPrice == null || !(bidPrice > 0) || askPrice < bidPrice) return;
    paper.setQuote(symbol, bidPrice, askPrice);
  });
  const venue: SimulatedVenue = {
    onCandle: (symbol, candle, timeframe) => paper.onCandle(symbol, candle, timeframe),
    applyFunding: (symbol, rate, tsMs) => paper.applyFunding(symbol, rate, tsMs),
    hasOpenPositions: () => paper.hasOpenPositions(),
  };
  return { paper, venue, stop };
}
