import type { InstrumentRules, PositionSide } from '../../domain/index.ts';
import type { ExchangeOrder, Execution, StreamEvent, TimeInForce } from '../port.ts';

/** A venue order as the matcher keeps it; snapshots handed out are copies. */
export interface SimOrder extends ExchangeOrder {
  timeInForce: TimeInForce;
  /** A LIMIT that crossed the market when it arrived: it takes liquidity at the next price. */
  takesLiquidity: boolean;
  /** Attached stop and take-profit have been handed to the position already. */
  attachedLegsPlaced: boolean;
}

export type LegKind = 'STOP_LOSS' | 'TAKE_PROFIT' | 'TRAILING_STOP';

/** One-way isolated position of one symbol. */
export interface SimPosition {
  symbol: string;
  side: PositionSide;
  qty: number;
  entryPrice: number;
  /** Isolated margin held by the position. */
  marginUsdt: number;
  /** Closing PnL minus fees and funding since the position opened (Bybit's curRealisedPnl). */
  realisedPnlUsdt: number;
  openedAtMs: number;
  updatedAtMs: number;
  trailingDistance: number | null;
  trailingActivePrice: number | null;
  /** Best price since the trailing stop activated; null while it waits for its activation price. */
  trailingBestPrice: number | null;
}

/** An execution with the closing PnL it realised (gross of fees), for the journal. */
export interface PaperExecution extends Execution {
  realisedPnlUsdt: number;
}

/** The account events the matcher produces, in StreamEvent shape. */
export type AccountEvent = Extract<StreamEvent, { type: 'order' | 'position' | 'execution' }>;

/** Funding rate per 8h interval for a symbol at a funding time; null when unknown. */
export type FundingRateSource = (symbol: string, fundingTimeMs: number) => number | null;

export interface MatcherOptions {
  instruments: InstrumentRules[];
  startBalanceUsdt: number;
  /** Adverse slippage of every taker fill (MARKET, stop, take-profit), as a fraction of price. */
  slippagePct: number;
  /** Maintenance margin rate for the liquidation price; per symbol overrides the default 0.005. */
  maintenanceMarginRate?: number | Record<string, number>;
  /** Leverage of a symbol before setLeverage is called: min(10, the instrument maximum). */
  defaultLeverage?: number;
  /** Largest quantity one LIMIT order fills per price event (candle or tick); off by default. */
  maxLimitFillQtyPerEvent?: number | null;
  /** Funding charged automatically at 00:00, 08:00 and 16:00 UTC as prices pass them; off when absent. */
  funding?: FundingRateSource;
  /** MARKET orders fill at the next price event (default) or at once at the current mark. */
  marketFills?: 'next-price' | 'immediate';
}

export interface AccountTotals {
  /** Closing PnL of every fill, gross of fees; liquidations count as the lost margin. */
  realisedPnlUsdt: number;
  feesUsdt: number;
  /** Funding paid (positive) or received (negative). */
  fundingUsdt: number;
}
