/** ACTIVE trades normally, REDUCING refuses every open, HALTED refuses everything but closes. */
export const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;
export type TradingState = (typeof TRADING_STATES)[number];

export interface TradingStateChange {
  from: TradingState;
  to: TradingState;
  reason: string;
  atMs: number;
}
