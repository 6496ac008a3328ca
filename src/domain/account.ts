import type { FeeRates } from './instrument.ts';
import type { ClosedTrade, PendingEntry, Position } from './position.ts';
import type { TradingState } from './trading-state.ts';

/** The account as the exchange reports it at the start of a cycle (the exchange is the truth). */
export interface AccountSnapshot {
  walletAvailableUsdt: number;
  equityUsdt: number;
  tradingState: TradingState;
  positions: Position[];
  pendingEntries: PendingEntry[];
  recentCloses: ClosedTrade[];
  /** Highest equity seen, for drawdown kill switches and dynamic limits. */
  equityPeakUsdt?: number | null;
  /**
   * The account's fee rates by symbol, for the cost of closing each position at its stop. A symbol
   * missing here is costed at the rates of the instrument the gate is sizing.
   */
  feeRates?: Record<string, FeeRates> | null;
}
