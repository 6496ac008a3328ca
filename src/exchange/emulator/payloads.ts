import { Decimal } from 'decimal.js';
import type { Candle, InstrumentRules, OrderSide } from '../../domain/index.ts';
import type {
  ExchangeOrder,
  ExchangePosition,
  Execution,
  OrderStatus,
  StopOrderKind,
  TimeInForce,
  WalletBalance,
} from '../port.ts';
import {
  VENUE_ORDER_STATUS,
  VENUE_SIDE,
  VENUE_STOP_ORDER_TYPE,
  VENUE_TIME_IN_FORCE,
} from '../venue-rules.ts';

/**
 * Bybit's string typing (facts §0): numbers as plain decimal strings. Sums and products of
 * doubles carry binary noise (`150.96959999999999`, `51.82800000000005`); Bybit never writes that,
 * so the value is rounded to 15 significant digits, then cut to 8 decimals (USDT's precision).
 */
export function str(value: number | null | undefined, empty = '0'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return empty;
  return new Decimal(value.toPrecision(15)).toDecimalPlaces(8).toFixed();
}

/** A price on the instrument's tick, with the tick's decimals ("96870.6", "1600.00"). */
export function priceStr(value: number | null | undefined, tickSize: number, empty = '0'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return empty;
  const tick = new Decimal(tickSize);
  return new Decimal(value).toNearest(tick).toFixed(tick.decimalPlaces());
}

export function venueSide(side: OrderSide): 'Buy' | 'Sell' {
  return VENUE_SIDE[side];
}

function venueStatus(status: OrderStatus): string {
  return VENUE_ORDER_STATUS[status];
}

function venueStopOrderType(kind: StopOrderKind): string {
  return VENUE_STOP_ORDER_TYPE[kind];
}

export function venueTimeInForce(tif: TimeInForce | undefined, type: string): string {
  return type === 'MARKET' ? 'IOC' : VENUE_TIME_IN_FORCE[tif ?? 'GTC'];
}

/** The venue's own cancels (PostOnly, IOC, FOK) carry a reject reason and no cancel type. */
const isRejectReason = (reason: string | null) => reason?.startsWith('EC_') === true;

function cancelTypeOf(order: ExchangeOrder): string {
  if (order.status === 'DEACTIVATED') return 'CancelByTpSlTsClear';
  if (order.status !== 'CANCELLED' || isRejectReason(order.reason)) return 'UNKNOWN';
  return order.reason?.startsWith('CancelBy') ? order.reason : 'CancelByUser';
}

function rejectReasonOf(order: ExchangeOrder): string {
  if (order.status === 'REJECTED') return order.reason ?? 'EC_Others';
  // UNCONFIRMED: an order the matching step cancels (PostOnly that would take, IOC/FOK left
  // over) shows Cancelled with the reason in rejectReason, as observed for PostOnly.
  if (order.status === 'CANCELLED' && isRejectReason(order.reason)) return order.reason as string;
  return 'EC_NoError';
}

export function venueOrderType(order: Pick<ExchangeOrder, 'type'>): 'Limit' | 'Market' {
  return order.type === 'LIMIT' ? 'Limit' : 'Market';
}

/** What the venue knows about an order beyond the order itself. */
export interface OrderFacts {
  tickSize: number;
  /** The last price when the order was created (Bybit's lastPriceOnCreated); unknown: "". */
  lastPriceOnCreated?: number;
}

/** An order in the shape of /v5/order/realtime and the `order` topic. */
export function orderPayload(order: ExchangeOrder, facts: OrderFacts): Record<string, unknown> {
  const price = (value: number | null) => priceStr(value, facts.tickSize);
  const conditional = order.stopKind !== 'NONE';
  const leaves = ['NEW', 'PARTIALLY_FILLED', 'UNTRIGGERED'].includes(order.status)
    ? order.qty - order.filledQty
    : 0;
  // Observed for system TP/SL: the trigger direction is 1 for a rise, 2 for a fall.
  const triggerDirection = !conditional ? 0 : isRiseTrigger(order) ? 1 : 2;
  return {
    orderId: order.orderId,
    orderLinkId: order.clientOrderId,
    blockTradeId: '',
    symbol: order.symbol,
    price: price(order.type === 'LIMIT' ? order.price : 0),
    qty: str(order.qty),
    side: venueSide(order.side),
    isLeverage: '',
    positionIdx: 0,
    orderStatus: venueStatus(order.status),
    cancelType: cancelTypeOf(order),
    rejectReason: rejectReasonOf(order),
    avgPrice: order.avgFillPrice === null ? '' : str(order.avgFillPrice),
    leavesQty: str(Math.max(0, leaves)),
    leavesValue: str(Math.max(0, leaves) * (order.price ?? 0)),
    cumExecQty: str(order.filledQty),
    cumExecValue: str(order.filledQty * (order.avgFillPrice ?? 0)),
    cumExecFee: str(order.feeUsdt ?? 0),
    // The fee by coin (recorded 2025 answers): {} before the first fill. Generic clients read it.
    cumFeeDetail: order.feeUsdt ? { USDT: str(order.feeUsdt) } : {},
    timeInForce: conditional ? 'IOC' : venueTimeInForce(order.timeInForce, order.type),
    orderType: venueOrderType(order),
    stopOrderType: venueStopOrderType(order.stopKind),
    orderIv: '',
    triggerPrice: price(order.triggerPrice),
    takeProfit: price(order.takeProfit),
    stopLoss: price(order.stopLoss),
    tpTriggerBy: order.takeProfit !== null ? 'MarkPrice' : '',
    slTriggerBy: order.stopLoss !== null ? 'MarkPrice' : '',
    triggerDirection,
    triggerBy: conditional ? 'MarkPrice' : 'UNKNOWN',
    lastPriceOnCreated: priceStr(facts.lastPriceOnCreated, facts.tickSize, ''),
    reduceOnly: order.reduceOnly,
    closeOnTrigger: conditional,
    smpType: 'None',
    smpGroup: 0,
    smpOrderId: '',
    tpslMode: conditional || order.stopLoss !== null || order.takeProfit !== null ? 'Full' : 'UNKNOWN',
    tpLimitPrice: '0',
    slLimitPrice: '0',
    placeType: '',
    createdTime: String(order.createdAtMs),
    updatedTime: String(order.updatedAtMs),
    createType: createTypeOf(order),
  };
}

/** Who created the order, as Bybit names it: the user, or the position's TP/SL. */
function createTypeOf(order: ExchangeOrder): string {
  switch (order.stopKind) {
    case 'STOP_LOSS':
      return 'CreateByStopLoss';
    case 'TAKE_PROFIT':
      return 'CreateByTakeProfit';
    case 'TRAILING_STOP':
      return 'CreateByTrailingStop';
    default:
      return 'CreateByUser';
  }
}

/** A take-profit of a long (a sell) and a stop of a short (a buy) trigger on a rise. */
function isRiseTrigger(order: ExchangeOrder): boolean {
  if (order.stopKind === 'TAKE_PROFIT') return order.side === 'SELL';
  return order.side === 'BUY';
}

/** A row of /v5/position/list; `flatSymbol` gives Bybit's flat row for a symbol without a position. */
export function positionPayload(
  position: ExchangePosition | null,
  flat: {
    symbol: string;
    leverage: number;
    markPrice: number | null;
    nowMs: number;
    tickSize: number;
    maintenanceMarginUsdt: number;
  },
  forStream = false,
): Record<string, unknown> {
  const tick = flat.tickSize;
  // The average entry of several fills is not on the tick: 8 decimals, like other amounts.
  const price = position ? str(position.entryPrice) : '0';
  const row: Record<string, unknown> = {
    positionIdx: 0,
    riskId: 1,
    riskLimitValue: '2000000',
    symbol: flat.symbol,
    side: position ? (position.side === 'LONG' ? 'Buy' : 'Sell') : '',
    size: position ? str(position.qty) : '0',
    positionValue: position ? str(position.qty * position.entryPrice) : '0',
    tradeMode: 0,
    positionStatus: 'Normal',
    autoAddMargin: 0,
    adlRankIndicator: position ? 2 : 0,
    leverage: str(position ? position.leverage : flat.leverage),
    positionBalance: '0',
    markPrice: priceStr(position ? position.markPrice : flat.markPrice, tick),
    liqPrice: position?.liquidationPrice ? priceStr(position.liquidationPrice, tick) : '',
    bustPrice: '',
    positionMM: str(position ? flat.maintenanceMarginUsdt : 0),
    positionIM: position ? str((position.qty * position.entryPrice) / position.leverage) : '0',
    tpslMode: 'Full',
    takeProfit: priceStr(position?.takeProfit ?? null, tick),
    stopLoss: priceStr(position?.stopLoss ?? null, tick),
    trailingStop: priceStr(position?.trailingStop ?? null, tick),
    unrealisedPnl: position ? str(position.unrealisedPnlUsdt) : '0',
    curRealisedPnl: position ? str(position.realisedPnlUsdt) : '0',
    cumRealisedPnl: position ? str(position.realisedPnlUsdt) : '0',
    seq: flat.nowMs,
    isReduceOnly: false,
    mmrSysUpdatedTime: '',
    leverageSysUpdatedTime: '',
    createdTime: String(position?.updatedAtMs ?? flat.nowMs),
    updatedTime: String(position?.updatedAtMs ?? flat.nowMs),
  };
  // The stream names the entry price `entryPrice`, REST names it `avgPrice` (facts §6).
  if (forStream) {
    row.entryPrice = price;
    // The stream's extra fields: the session average (delivery contracts only) and margins by mark.
    row.sessionAvgPrice = '';
    row.positionIMByMp = row.positionIM;
    row.positionMMByMp = row.positionMM;
  } else row.avgPrice = price;
  return row;
}

function venueExecType(kind: Execution['kind']): string {
  switch (kind) {
    case 'TRADE':
      return 'Trade';
    case 'FUNDING':
      return 'Funding';
    case 'LIQUIDATION':
      return 'BustTrade';
    case 'OTHER':
      return 'Settle';
  }
}

/** What an execution row says about its order (looked up by the caller). */
export interface ExecutionOrderFacts {
  order: ExchangeOrder | null;
  tickSize: number;
}

export function executionPayload(execution: Execution, facts: ExecutionOrderFacts): Record<string, unknown> {
  const { order, tickSize } = facts;
  const open = order && ['NEW', 'PARTIALLY_FILLED', 'UNTRIGGERED'].includes(order.status);
  return {
    symbol: execution.symbol,
    // Funding has no order (Bybit: UNKNOWN); a liquidation is a market order of the system.
    orderType: order ? venueOrderType(order) : execution.kind === 'FUNDING' ? 'UNKNOWN' : 'Market',
    orderLinkId: execution.clientOrderId,
    side: venueSide(execution.side),
    orderId: execution.orderId,
    // A plain order's fill says "UNKNOWN" here (recorded executions), its order row says "".
    stopOrderType: order && order.stopKind !== 'NONE' ? venueStopOrderType(order.stopKind) : 'UNKNOWN',
    leavesQty: open ? str(order.qty - order.filledQty) : '0',
    execTime: String(execution.timeMs),
    feeCurrency: 'USDT',
    isMaker: execution.isMaker,
    execFee: str(execution.feeUsdt),
    feeRate: str(
      execution.price * execution.qty > 0 ? execution.feeUsdt / (execution.price * execution.qty) : 0,
    ),
    execId: execution.execId,
    markPrice: priceStr(execution.price, tickSize),
    execPrice: priceStr(execution.price, tickSize),
    execValue: str(execution.price * execution.qty),
    execType: venueExecType(execution.kind),
    execQty: str(execution.qty),
    closedSize: str(execution.closedQty),
    seq: execution.timeMs,
    // Option and block-trade fields: empty on a linear perpetual.
    indexPrice: '',
    underlyingPrice: '',
    tradeIv: '',
    markIv: '',
    blockTradeId: '',
    ...executionOrderFields(order, tickSize),
  };
}

/**
 * What an execution repeats of its order (Bybit sends these on every fill): the order's price
 * (`"0"` for a Market order here: the emulator has no protection price), quantity and creator.
 */
function executionOrderFields(order: ExchangeOrder | null, tickSize: number): Record<string, string> {
  return {
    orderPrice: priceStr(order?.type === 'LIMIT' ? order.price : 0, tickSize),
    orderQty: str(order?.qty ?? 0),
    createType: order ? createTypeOf(order) : '',
  };
}

/**
 * The `order` topic's item: REST's order plus the fee currency, without `isLeverage` and the
 * fee by coin (recorded pushes).
 */
export function streamOrder(order: Record<string, unknown>): Record<string, unknown> {
  const { isLeverage: _isLeverage, cumFeeDetail: _cumFeeDetail, ...rest } = order;
  return { ...rest, feeCurrency: 'USDT' };
}

/**
 * The `execution` topic's item: REST's execution with `isLeverage`, without `feeCurrency` and
 * `createType` (recorded pushes).
 */
export function streamExecution(execution: Record<string, unknown>): Record<string, unknown> {
  const { feeCurrency: _feeCurrency, createType: _createType, ...rest } = execution;
  return { ...rest, isLeverage: '0' };
}

/** REST ticker fields the `tickers` topic does not carry (delivery and basis: recorded pushes). */
export const REST_ONLY_TICKER_FIELDS: ReadonlySet<string> = new Set([
  'predictedDeliveryPrice',
  'basisRate',
  'deliveryFeeRate',
  'deliveryTime',
  'basis',
]);

export interface WalletMargins {
  orderImUsdt: number;
  positionImUsdt: number;
  positionMmUsdt: number;
}

const rate = (part: number, whole: number) => (whole > 0 ? new Decimal(part).div(whole).toFixed(4) : '0');

export function walletPayload(wallet: WalletBalance, margins: WalletMargins): Record<string, unknown> {
  const initialMargin = margins.orderImUsdt + margins.positionImUsdt;
  return {
    accountType: 'UNIFIED',
    totalEquity: str(wallet.equityUsdt),
    accountIMRate: rate(initialMargin, wallet.equityUsdt),
    totalMarginBalance: str(wallet.equityUsdt),
    totalInitialMargin: str(initialMargin),
    totalAvailableBalance: str(wallet.availableUsdt),
    accountMMRate: rate(margins.positionMmUsdt, wallet.equityUsdt),
    totalPerpUPL: str(wallet.unrealisedPnlUsdt),
    totalWalletBalance: str(wallet.walletBalanceUsdt),
    accountLTV: '0',
    totalMaintenanceMargin: str(margins.positionMmUsdt),
    coin: [
      {
        coin: 'USDT',
        equity: str(wallet.equityUsdt),
        usdValue: str(wallet.equityUsdt),
        walletBalance: str(wallet.walletBalanceUsdt),
        locked: '0',
        totalOrderIM: str(margins.orderImUsdt),
        totalPositionIM: str(margins.positionImUsdt),
        totalPositionMM: str(margins.positionMmUsdt),
        unrealisedPnl: str(wallet.unrealisedPnlUsdt),
        cumRealisedPnl: '0',
        availableToWithdraw: '',
        // A USDT-only account that never borrows, with USDT as collateral (Bybit's defaults).
        availableToBorrow: '',
        bonus: '0',
        accruedInterest: '0',
        borrowAmount: '0',
        spotBorrow: '0',
        spotHedgingQty: '0',
        collateralSwitch: true,
        marginCollateral: true,
      },
    ],
  };
}

export function instrumentPayload(rules: InstrumentRules): Record<string, unknown> {
  const decimals = (step: number) => new Decimal(step).decimalPlaces();
  return {
    symbol: rules.symbol,
    contractType: 'LinearPerpetual',
    status: 'Trading',
    baseCoin: rules.symbol.replace(/USDT$/, ''),
    quoteCoin: 'USDT',
    settleCoin: 'USDT',
    priceScale: String(decimals(rules.tickSize)),
    leverageFilter: {
      minLeverage: str(rules.minLeverage ?? 1),
      maxLeverage: new Decimal(rules.maxLeverage).toFixed(2),
      leverageStep: '0.01',
    },
    priceFilter: {
      minPrice: priceStr(rules.minPrice ?? rules.tickSize, rules.tickSize),
      maxPrice: rules.maxPrice != null ? priceStr(rules.maxPrice, rules.tickSize) : '',
      tickSize: str(rules.tickSize),
    },
    lotSizeFilter: {
      maxOrderQty: str(rules.maxQty ?? 1_000_000),
      minOrderQty: str(rules.minQty),
      qtyStep: str(rules.qtyStep),
      postOnlyMaxOrderQty: str(rules.maxQty ?? 1_000_000),
      maxMktOrderQty: str(rules.maxMarketQty ?? rules.maxQty ?? 1_000_000),
      minNotionalValue: str(rules.minNotionalUsdt),
    },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    // A perpetual: listed long ago, never delivered.
    launchTime: '1584230400000',
    deliveryTime: '0',
    deliveryFeeRate: '',
  };
}

/** `[startTime, open, high, low, close, volume, turnover]`, all strings. */
export function klineRow(candle: Candle): string[] {
  const typical = (candle.high + candle.low + candle.close) / 3;
  return [
    String(candle.ts),
    str(candle.open),
    str(candle.high),
    str(candle.low),
    str(candle.close),
    str(candle.volume),
    new Decimal(candle.volume * typical).toFixed(4),
  ];
}

export function wsKline(
  candle: Candle,
  intervalMs: number,
  interval: string,
  confirm: boolean,
  nowMs: number,
) {
  const typical = (candle.high + candle.low + candle.close) / 3;
  return {
    start: candle.ts,
    end: candle.ts + intervalMs - 1,
    interval,
    open: str(candle.open),
    close: str(candle.close),
    high: str(candle.high),
    low: str(candle.low),
    volume: str(candle.volume),
    turnover: new Decimal(candle.volume * typical).toFixed(4),
    confirm,
    timestamp: nowMs,
  };
}
