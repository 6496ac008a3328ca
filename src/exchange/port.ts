import type { Candle, InstrumentRules, OrderSide, PositionSide, Timeframe } from '../domain/index.ts';

/**
 * The exchange port: everything Warden needs from a venue. Implemented by the Bybit adapter and
 * the paper exchange; execution and engine code depend on this file only.
 * Errors are the typed errors of `./errors.ts`.
 */

export type OrderType = 'LIMIT' | 'MARKET';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'POST_ONLY';
export type PositionMode = 'ONE_WAY' | 'HEDGE';

export type OrderStatus =
  | 'NEW'
  | 'PARTIALLY_FILLED'
  | 'UNTRIGGERED'
  | 'FILLED'
  | 'CANCELLED'
  | 'REJECTED'
  | 'DEACTIVATED';

/** What a conditional order does: plain orders have `NONE`. */
export type StopOrderKind = 'NONE' | 'STOP_LOSS' | 'TAKE_PROFIT' | 'TRAILING_STOP' | 'CONDITIONAL';

export interface PlaceOrderRequest {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  qty: number;
  /** Required for LIMIT. */
  price?: number;
  timeInForce?: TimeInForce;
  reduceOnly?: boolean;
  /** Deterministic client id (Bybit `orderLinkId`): at most 36 of [A-Za-z0-9_-]. */
  clientOrderId: string;
  /** Attached stop-loss, placed by the venue when the entry executes; triggered by mark price. */
  stopLoss?: number;
  takeProfit?: number;
}

export interface OrderRef {
  symbol: string;
  orderId?: string;
  clientOrderId?: string;
}

export interface AmendOrderRequest extends OrderRef {
  qty?: number;
  price?: number;
  /** 0 removes the leg. */
  stopLoss?: number;
  takeProfit?: number;
}

export interface PlacedOrder {
  orderId: string;
  clientOrderId: string;
}

export interface ExchangeOrder {
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  status: OrderStatus;
  stopKind: StopOrderKind;
  price: number | null;
  qty: number;
  filledQty: number;
  avgFillPrice: number | null;
  triggerPrice: number | null;
  stopLoss: number | null;
  takeProfit: number | null;
  reduceOnly: boolean;
  /** Venue cancel/reject reason, when there is one. */
  reason: string | null;
  createdAtMs: number;
  updatedAtMs: number;
  /** Time in force, when the venue reports it. */
  timeInForce?: TimeInForce;
  /** Trading fees of the order's fills so far (Bybit `cumExecFee`), when the venue reports them. */
  feeUsdt?: number;
}

export interface ExchangePosition {
  symbol: string;
  side: PositionSide;
  qty: number;
  entryPrice: number;
  markPrice: number;
  leverage: number;
  liquidationPrice: number | null;
  stopLoss: number | null;
  takeProfit: number | null;
  /** Trailing distance in price units, null when unset. */
  trailingStop: number | null;
  unrealisedPnlUsdt: number;
  realisedPnlUsdt: number;
  positionIdx: number;
  updatedAtMs: number;
}

export interface WalletBalance {
  equityUsdt: number;
  walletBalanceUsdt: number;
  availableUsdt: number;
  unrealisedPnlUsdt: number;
}

// Same fields as the journal's FillRecord on purpose: the venue's fill, and the journal's own record of it.
export interface Execution {
  execId: string;
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: OrderSide;
  price: number;
  qty: number;
  feeUsdt: number;
  isMaker: boolean;
  /** Quantity of the position this fill closed (0 for an opening fill). */
  closedQty: number;
  kind: 'TRADE' | 'FUNDING' | 'LIQUIDATION' | 'OTHER';
  timeMs: number;
}

export interface Ticker {
  symbol: string;
  lastPrice: number;
  markPrice: number;
  indexPrice: number | null;
  fundingRate: number | null;
  nextFundingTimeMs: number | null;
  bidPrice: number | null;
  askPrice: number | null;
}

export interface TradingStopRequest {
  symbol: string;
  /** 0 cancels the leg; undefined leaves it unchanged. */
  stopLoss?: number;
  takeProfit?: number;
  /** Trailing distance in price units. */
  trailingStop?: number;
  /** The trailing stop activates only at this price. */
  activePrice?: number;
}

export interface KlineRequest {
  symbol: string;
  timeframe: Timeframe;
  startMs?: number;
  endMs?: number;
  /** At most 1000. */
  limit?: number;
}

export interface ApiKeyInfo {
  readOnly: boolean;
  canTrade: boolean;
  canWithdraw: boolean;
  /** The permissions as the venue lists them, for messages. */
  permissions: Record<string, string[]>;
}

export type StreamEvent =
  | { type: 'candle'; symbol: string; timeframe: Timeframe; candle: Candle; closed: boolean }
  | { type: 'ticker'; ticker: Ticker }
  | { type: 'order'; order: ExchangeOrder }
  | { type: 'position'; position: ExchangePosition | { symbol: string; flat: true } }
  | { type: 'execution'; execution: Execution }
  /** A stream came back after a drop; the engine must reconcile. */
  | { type: 'reconnected'; stream: 'public' | 'private' }
  | { type: 'disconnected'; stream: 'public' | 'private'; reason: string };

export interface StreamSubscription {
  candles?: { symbols: string[]; timeframe: Timeframe };
  tickers?: string[];
  /** Orders, positions and executions of the account. */
  account?: boolean;
}

export type StreamListener = (event: StreamEvent) => void;

export interface ExchangePort {
  readonly name: string;

  getServerTimeMs(): Promise<number>;
  getInstruments(symbols?: string[]): Promise<InstrumentRules[]>;
  getWallet(): Promise<WalletBalance>;
  /** Non-zero positions only. */
  getPositions(symbol?: string): Promise<ExchangePosition[]>;
  /** Open orders, conditional (stop / take-profit) orders included. */
  getOpenOrders(symbol?: string): Promise<ExchangeOrder[]>;
  /** Looks an order up, open or recently closed; null when the venue does not know it. */
  getOrder(ref: OrderRef): Promise<ExchangeOrder | null>;
  getExecutions(symbol: string, sinceMs?: number): Promise<Execution[]>;
  getTicker(symbol: string): Promise<Ticker>;
  /** Oldest first, closed and forming candles as the venue returns them. */
  getKlines(request: KlineRequest): Promise<Candle[]>;

  placeOrder(request: PlaceOrderRequest): Promise<PlacedOrder>;
  amendOrder(request: AmendOrderRequest): Promise<PlacedOrder>;
  cancelOrder(ref: OrderRef): Promise<PlacedOrder>;
  /** Cancels every open order of the symbol, conditional ones included; returns how many. */
  cancelAllOrders(symbol: string): Promise<number>;
  /** Sets the position's stop, take-profit or trailing stop in place. */
  setTradingStop(request: TradingStopRequest): Promise<void>;
  /** Idempotent: an unchanged leverage is not an error. */
  setLeverage(symbol: string, leverage: number): Promise<void>;
  getPositionMode(symbol: string): Promise<PositionMode>;
  /** Idempotent: switching to the current mode is not an error. */
  setPositionMode(symbol: string, mode: PositionMode): Promise<void>;
  getApiKeyInfo(): Promise<ApiKeyInfo>;

  /** Starts the streams; resolves once subscribed. Returns a function that stops them. */
  subscribe(subscription: StreamSubscription, listener: StreamListener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
