// Same const-union-and-record shape as journal-records.ts on purpose: the domain's way to declare a closed set.
/** ACTIVE trades normally, REDUCING refuses every open, HALTED refuses everything but closes. */
export const TRADING_STATES = ['ACTIVE', 'REDUCING', 'HALTED'] as const;
export type TradingState = (typeof TRADING_STATES)[number];

export interface TradingStateChange {
  from: TradingState;
  to: TradingState;
  reason: string;
  atMs: number;
}
