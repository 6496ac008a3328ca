/**
 * Bybit V5 payloads as the venue sends them (bybit-v5-facts §0): prices, quantities, ids and most
 * timestamps are strings; only the fields listed there are numbers or booleans.
 */

export interface BybitEnvelope<T> {
  retCode: number;
  retMsg: string;
  result: T;
  retExtInfo?: unknown;
  time?: number;
}

export interface BybitServerTime {
  timeSecond: string;
  timeNano: string;
}

export interface BybitInstrument {
  symbol: string;
  contractType?: string;
  status: string;
  settleCoin?: string;
  priceScale?: string;
  leverageFilter: { minLeverage: string; maxLeverage: string; leverageStep?: string };
  priceFilter: { minPrice?: string; maxPrice?: string; tickSize: string };
  lotSizeFilter: {
    maxOrderQty?: string;
    minOrderQty: string;
    qtyStep: string;
    maxMktOrderQty?: string;
    minNotionalValue?: string;
  };
}

export interface BybitList<T> {
  category?: string;
  list: T[];
  nextPageCursor?: string;
}

/** `[startTime, open, high, low, close, volume, turnover]`, all strings. */
export type BybitKlineRow = [string, string, string, string, string, string, string];

export interface BybitKlineResult {
  category?: string;
  symbol: string;
  list: BybitKlineRow[];
}

export interface BybitTicker {
  symbol: string;
  lastPrice: string;
  markPrice: string;
  indexPrice?: string;
  fundingRate?: string;
  nextFundingTime?: string;
  bid1Price?: string;
  ask1Price?: string;
  [field: string]: unknown;
}

export interface BybitOrder {
  orderId: string;
  orderLinkId: string;
  symbol: string;
  price: string;
  qty: string;
  side: string;
  positionIdx?: number;
  orderStatus: string;
  cancelType?: string;
  rejectReason?: string;
  avgPrice?: string;
  leavesQty?: string;
  cumExecQty: string;
  timeInForce?: string;
  orderType: string;
  stopOrderType?: string;
  triggerPrice?: string;
  takeProfit?: string;
  stopLoss?: string;
  tpTriggerBy?: string;
  slTriggerBy?: string;
  triggerBy?: string;
  triggerDirection?: number;
  reduceOnly: boolean;
  closeOnTrigger?: boolean;
  tpslMode?: string;
  createdTime: string;
  updatedTime: string;
  category?: string;
}

export interface BybitPosition {
  positionIdx: number;
  symbol: string;
  side: string;
  size: string;
  /** REST uses `avgPrice`; the private WS stream uses `entryPrice` (facts §6). */
  avgPrice?: string;
  entryPrice?: string;
  markPrice: string;
  liqPrice?: string;
  leverage: string;
  unrealisedPnl: string;
  cumRealisedPnl: string;
  takeProfit?: string;
  stopLoss?: string;
  trailingStop?: string;
  positionStatus?: string;
  updatedTime: string;
  category?: string;
}

export interface BybitExecution {
  execId: string;
  orderId: string;
  orderLinkId: string;
  symbol: string;
  side: string;
  execPrice: string;
  execQty: string;
  execFee: string;
  execType: string;
  execTime: string;
  isMaker: boolean;
  closedSize?: string;
  category?: string;
}

export interface BybitWalletCoin {
  coin: string;
  equity: string;
  walletBalance: string;
  unrealisedPnl: string;
  locked?: string;
  totalOrderIM?: string;
  totalPositionIM?: string;
}

export interface BybitWalletAccount {
  accountType: string;
  totalEquity: string;
  totalWalletBalance: string;
  totalAvailableBalance: string;
  totalPerpUPL?: string;
  coin: BybitWalletCoin[];
}

export interface BybitApiKeyInfo {
  readOnly: number;
  permissions: Record<string, string[]>;
  ips?: string[];
  uta?: number;
  isMaster?: boolean;
  expiredAt?: string;
}

export interface BybitFeeRate {
  symbol: string;
  takerFeeRate: string;
  makerFeeRate: string;
}

export interface BybitWsKline {
  start: number;
  end: number;
  interval: string;
  open: string;
  close: string;
  high: string;
  low: string;
  volume: string;
  turnover?: string;
  confirm: boolean;
  timestamp: number;
}
