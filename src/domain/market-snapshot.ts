/** What the gate needs to know about the market for one proposal. */
export interface MarketSnapshot {
  symbol: string;
  markPrice: number;
  /** Top of the book when the venue gave it: a LIMIT that crosses it fills at once as a taker. */
  bestBid?: number | null;
  bestAsk?: number | null;
  nowMs: number;
  /** Open time of the last closed candle of the decision timeframe. */
  lastClosedCandleMs: number;
  preScore?: number | null;
  rangeScore?: number | null;
  /**
   * Rolling return correlations between symbols, e.g. { BTCUSDT: { ETHUSDT: 0.84 } }; either
   * orientation is accepted. Absent means the correlation check has nothing to work with.
   */
  correlations?: Record<string, Record<string, number>> | null;
}
