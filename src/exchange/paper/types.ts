import type { InstrumentRules, PositionSide } from '../../domain/index.ts';
import type { ExchangeOrder, Execution, StreamEvent, TimeInForce } from '../port.ts';

/** A venue order as the matcher keeps it; snapshots handed out are copies. */
export interface SimOrder extends ExchangeOrder {
  timeInForce: TimeInForce;
  /** A LIMIT that crossed the market when it arrived: it takes liquidity at the next price. */
  takesLiquidity: boolean;
  /** Attached stop and take-profit have been handed to the position already. */
  attachedLegsPlaced: boolean;
  /** Trading fees of this order's fills so far (Bybit's cumExecFee). */
  feeUsdt: number;
}

/** The best bid and ask a taker meets; without a quote the matcher derives them from the mark. */
export interface BookQuote {
  bidPrice: number;
  askPrice: number;
  /** When the quote was seen (the clock of the exchange). */
  atMs: number;
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
  /**
   * When taker orders (MARKET, and a LIMIT that crosses the book) fill: at the next price event
   * (default, the pessimistic choice of backtests), or at once at the current book when placed,
   * like Bybit's matching step (paper trading on live data, the emulator).
   */
  marketFills?: 'next-price' | 'immediate';
  /**
   * Without a live quote the book is the mark with this many ticks either side (default 0: bid =
   * ask = mark). The emulator has no order book and uses 1.
   */
  bookHalfSpreadTicks?: number;
  /** A quote older than this (ms) is ignored and the book falls back to the mark; default 10 s. */
  maxQuoteAgeMs?: number;
  /**
   * Warden always sends a client order id and the port requires one (default true). Bybit lets
   * `orderLinkId` out; the emulator turns this off so an order without one keeps an empty id.
   */
  requireClientOrderId?: boolean;
  /**
   * Put before every order and execution id, so several paper accounts journaled in one file
   * (shadow deciders, issue 19) never share an id. Default none.
   */
  idPrefix?: string;
}

export interface AccountTotals {
  /** Closing PnL of every fill, gross of fees; liquidations count as the lost margin. */
  realisedPnlUsdt: number;
  feesUsdt: number;
  /** Funding paid (positive) or received (negative). */
  fundingUsdt: number;
}
