import type { Candle, InstrumentRules, OrderSide, PositionSide } from '../../domain/index.ts';
import { ExchangeError } from '../errors.ts';
import type {
  ApiKeyInfo,
  ExchangeOrder,
  ExchangePosition,
  Execution,
  OrderStatus,
  OrderType,
  StopOrderKind,
  Ticker,
  TimeInForce,
  WalletBalance,
} from '../port.ts';
import { fromVenue, VENUE_ORDER_TYPE, VENUE_SIDE, VENUE_TIME_IN_FORCE } from '../venue-rules.ts';
import { bybitCapabilities } from './capabilities.ts';
import type {
  BybitApiKeyInfo,
  BybitExecution,
  BybitInstrument,
  BybitKlineRow,
  BybitOrder,
  BybitPosition,
  BybitTicker,
  BybitWalletAccount,
  BybitWsKline,
} from './venue-types.ts';

/** A venue payload the adapter cannot read: it is never guessed at. */
export class BybitPayloadError extends ExchangeError {
  override readonly name = 'BybitPayloadError';
}

export function num(value: unknown, field: string): number {
  const parsed =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value !== ''
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(parsed))
    throw new BybitPayloadError(`Bybit payload: ${field} is not a number (${String(value)})`);
  return parsed;
}

/** `""`, `"0"`, `"0.00"` and absent all mean "not set" for prices such as stops and triggers. */
export function optionalPrice(value: unknown, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const parsed = num(value, field);
  return parsed === 0 ? null : parsed;
}

export function orderSideFromVenue(side: string): OrderSide {
  const ours = fromVenue(VENUE_SIDE, side);
  if (!ours) throw new BybitPayloadError(`Bybit payload: unknown side "${side}"`);
  return ours;
}

export function orderSideToVenue(side: OrderSide): 'Buy' | 'Sell' {
  return VENUE_SIDE[side];
}

export function orderTypeToVenue(type: OrderType): 'Limit' | 'Market' {
  return VENUE_ORDER_TYPE[type];
}

export function orderTypeFromVenue(type: string): OrderType {
  const ours = fromVenue(VENUE_ORDER_TYPE, type);
  if (!ours) throw new BybitPayloadError(`Bybit payload: unknown orderType "${type}"`);
  return ours;
}

export function timeInForceToVenue(tif: TimeInForce): 'GTC' | 'IOC' | 'FOK' | 'PostOnly' {
  return VENUE_TIME_IN_FORCE[tif];
}

export function orderStatusFromVenue(status: string): OrderStatus {
  switch (status) {
    case 'New':
    // Triggered is only a moment between Untriggered and New (facts §7).
    case 'Triggered':
      return 'NEW';
    case 'PartiallyFilled':
      return 'PARTIALLY_FILLED';
    case 'Untriggered':
      return 'UNTRIGGERED';
    case 'Filled':
      return 'FILLED';
    case 'Cancelled':
    case 'PartiallyFilledCanceled':
      return 'CANCELLED';
    case 'Rejected':
      return 'REJECTED';
    case 'Deactivated':
      return 'DEACTIVATED';
    default:
      throw new BybitPayloadError(`Bybit payload: unknown orderStatus "${status}"`);
  }
}

export function stopKindFromVenue(stopOrderType: string | undefined): StopOrderKind {
  switch (stopOrderType) {
    case undefined:
    case '':
    case 'UNKNOWN':
      return 'NONE';
    case 'StopLoss':
    case 'PartialStopLoss':
      return 'STOP_LOSS';
    case 'TakeProfit':
    case 'PartialTakeProfit':
      return 'TAKE_PROFIT';
    case 'TrailingStop':
      return 'TRAILING_STOP';
    default:
      return 'CONDITIONAL';
  }
}

function orderReason(order: BybitOrder): string | null {
  const parts: string[] = [];
  if (order.cancelType && order.cancelType !== 'UNKNOWN') parts.push(order.cancelType);
  if (order.rejectReason && order.rejectReason !== 'EC_NoError') parts.push(order.rejectReason);
  return parts.length > 0 ? parts.join(' ') : null;
}

export function orderFromVenue(order: BybitOrder): ExchangeOrder {
  const type = orderTypeFromVenue(order.orderType);
  const filledQty = num(order.cumExecQty, 'cumExecQty');
  return {
    orderId: order.orderId,
    clientOrderId: order.orderLinkId,
    symbol: order.symbol,
    side: orderSideFromVenue(order.side),
    type,
    status: orderStatusFromVenue(order.orderStatus),
    stopKind: stopKindFromVenue(order.stopOrderType),
    price: type === 'LIMIT' ? optionalPrice(order.price, 'price') : null,
    qty: num(order.qty, 'qty'),
    filledQty,
    avgFillPrice: filledQty > 0 ? optionalPrice(order.avgPrice, 'avgPrice') : null,
    triggerPrice: optionalPrice(order.triggerPrice, 'triggerPrice'),
    stopLoss: optionalPrice(order.stopLoss, 'stopLoss'),
    takeProfit: optionalPrice(order.takeProfit, 'takeProfit'),
    reduceOnly: order.reduceOnly === true,
    reason: orderReason(order),
    createdAtMs: num(order.createdTime, 'createdTime'),
    updatedAtMs: num(order.updatedTime, 'updatedTime'),
  };
}

export function positionSideFromVenue(side: string): PositionSide | null {
  switch (side) {
    case 'Buy':
      return 'LONG';
    case 'Sell':
      return 'SHORT';
    case '':
    case 'None':
      return null;
    default:
      throw new BybitPayloadError(`Bybit payload: unknown position side "${side}"`);
  }
}

/** null for a flat row (side `""`, size `"0"`). */
export function positionFromVenue(position: BybitPosition): ExchangePosition | null {
  const side = positionSideFromVenue(position.side);
  const qty = num(position.size, 'size');
  if (side === null || qty === 0) return null;
  return {
    symbol: position.symbol,
    side,
    qty,
    entryPrice: num(position.avgPrice ?? position.entryPrice, 'avgPrice'),
    markPrice: num(position.markPrice, 'markPrice'),
    leverage: num(position.leverage, 'leverage'),
    liquidationPrice: optionalPrice(position.liqPrice, 'liqPrice'),
    stopLoss: optionalPrice(position.stopLoss, 'stopLoss'),
    takeProfit: optionalPrice(position.takeProfit, 'takeProfit'),
    trailingStop: optionalPrice(position.trailingStop, 'trailingStop'),
    unrealisedPnlUsdt: position.unrealisedPnl === '' ? 0 : num(position.unrealisedPnl, 'unrealisedPnl'),
    realisedPnlUsdt: position.cumRealisedPnl === '' ? 0 : num(position.cumRealisedPnl, 'cumRealisedPnl'),
    positionIdx: position.positionIdx,
    updatedAtMs: num(position.updatedTime, 'updatedTime'),
  };
}

export function executionKindFromVenue(execType: string): Execution['kind'] {
  switch (execType) {
    case 'Trade':
      return 'TRADE';
    case 'Funding':
      return 'FUNDING';
    case 'BustTrade':
      return 'LIQUIDATION';
    default:
      return 'OTHER';
  }
}

export function executionFromVenue(execution: BybitExecution): Execution {
  return {
    execId: execution.execId,
    orderId: execution.orderId,
    clientOrderId: execution.orderLinkId,
    symbol: execution.symbol,
    side: orderSideFromVenue(execution.side),
    price: num(execution.execPrice, 'execPrice'),
    qty: num(execution.execQty, 'execQty'),
    feeUsdt: num(execution.execFee, 'execFee'),
    isMaker: execution.isMaker === true,
    closedQty: execution.closedSize ? num(execution.closedSize, 'closedSize') : 0,
    kind: executionKindFromVenue(execution.execType),
    timeMs: num(execution.execTime, 'execTime'),
  };
}

export function tickerFromVenue(ticker: BybitTicker): Ticker {
  const optional = (value: unknown, field: string): number | null =>
    value === undefined || value === '' ? null : num(value, field);
  return {
    symbol: ticker.symbol,
    lastPrice: num(ticker.lastPrice, 'lastPrice'),
    markPrice: num(ticker.markPrice, 'markPrice'),
    indexPrice: optional(ticker.indexPrice, 'indexPrice'),
    fundingRate: optional(ticker.fundingRate, 'fundingRate'),
    nextFundingTimeMs: optionalPrice(ticker.nextFundingTime, 'nextFundingTime'),
    bidPrice: optional(ticker.bid1Price, 'bid1Price'),
    askPrice: optional(ticker.ask1Price, 'ask1Price'),
  };
}

export function candleFromKlineRow(row: BybitKlineRow): Candle {
  return {
    ts: num(row[0], 'kline start'),
    open: num(row[1], 'kline open'),
    high: num(row[2], 'kline high'),
    low: num(row[3], 'kline low'),
    close: num(row[4], 'kline close'),
    volume: num(row[5], 'kline volume'),
  };
}

export function candleFromWsKline(kline: BybitWsKline): Candle {
  return {
    ts: num(kline.start, 'kline start'),
    open: num(kline.open, 'kline open'),
    high: num(kline.high, 'kline high'),
    low: num(kline.low, 'kline low'),
    close: num(kline.close, 'kline close'),
    volume: num(kline.volume, 'kline volume'),
  };
}

export function instrumentFromVenue(
  instrument: BybitInstrument,
  fees: { takerFee: number; makerFee: number },
): InstrumentRules {
  // A malformed listing (filters missing) is refused with a BybitPayloadError, not a TypeError.
  const lot: Partial<BybitInstrument['lotSizeFilter']> = instrument.lotSizeFilter ?? {};
  const leverage: Partial<BybitInstrument['leverageFilter']> = instrument.leverageFilter ?? {};
  return {
    symbol: instrument.symbol,
    tickSize: num(instrument.priceFilter?.tickSize, 'tickSize'),
    qtyStep: num(lot.qtyStep, 'qtyStep'),
    minQty: num(lot.minOrderQty, 'minOrderQty'),
    maxQty: lot.maxOrderQty ? num(lot.maxOrderQty, 'maxOrderQty') : null,
    maxMarketQty: lot.maxMktOrderQty ? num(lot.maxMktOrderQty, 'maxMktOrderQty') : null,
    // Absent on older payloads: then only the qty minimum applies.
    minNotionalUsdt: lot.minNotionalValue ? num(lot.minNotionalValue, 'minNotionalValue') : 0,
    maxLeverage: num(leverage.maxLeverage, 'maxLeverage'),
    minLeverage: num(leverage.minLeverage, 'minLeverage'),
    takerFee: fees.takerFee,
    makerFee: fees.makerFee,
  };
}

/** The UNIFIED account's figures in USDT; Bybit's account totals are USD-valued across collateral. */
export function walletFromVenue(account: BybitWalletAccount): WalletBalance {
  return {
    equityUsdt: num(account.totalEquity, 'totalEquity'),
    walletBalanceUsdt: num(account.totalWalletBalance, 'totalWalletBalance'),
    availableUsdt: num(account.totalAvailableBalance, 'totalAvailableBalance'),
    unrealisedPnlUsdt: account.totalPerpUPL ? num(account.totalPerpUPL, 'totalPerpUPL') : 0,
  };
}

export function apiKeyInfoFromVenue(info: BybitApiKeyInfo): ApiKeyInfo {
  const { group, name } = bybitCapabilities.withdrawPermission;
  const permissions = info.permissions ?? {};
  const canTrade =
    (permissions.ContractTrade ?? []).includes('Order') || (permissions.Derivatives ?? []).length > 0;
  return {
    readOnly: info.readOnly === 1,
    canTrade: info.readOnly !== 1 && canTrade,
    canWithdraw: (permissions[group] ?? []).includes(name),
    permissions,
  };
}
