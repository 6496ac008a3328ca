import { Decimal } from 'decimal.js';
import { InvalidRequestError } from '../errors.ts';
import type { AmendOrderRequest, OrderRef, PlaceOrderRequest, TradingStopRequest } from '../port.ts';
import { bybitCapabilities as caps } from './capabilities.ts';
import { orderSideToVenue, orderTypeToVenue, timeInForceToVenue } from './mapper.ts';

/** A number as Bybit wants it: a plain decimal string, never exponent notation. */
export function venueNumber(value: number, field: string): string {
  if (!Number.isFinite(value) || value < 0) {
    throw new InvalidRequestError(
      `${field} must be a finite, non-negative number (got ${value})`,
      `${field} invalid`,
    );
  }
  return new Decimal(value).toFixed();
}

function positive(value: number, field: string): string {
  if (!(value > 0)) {
    throw new InvalidRequestError(`${field} must be above 0 (got ${value})`, `${field} invalid`);
  }
  return venueNumber(value, field);
}

export function assertClientOrderId(id: string): void {
  if (!caps.orderLinkIdPattern.test(id)) {
    throw new InvalidRequestError(
      `client order id "${id.slice(0, 40)}" must be 1 to 36 characters of A-Z, a-z, 0-9, _ and -`,
      'orderLinkId invalid',
    );
  }
}

function refFields(ref: OrderRef): { orderId?: string; orderLinkId?: string } {
  if (ref.orderId) return { orderId: ref.orderId };
  if (ref.clientOrderId) return { orderLinkId: ref.clientOrderId };
  throw new InvalidRequestError(`order on ${ref.symbol}: give an orderId or a clientOrderId`, 'no order id');
}

/** Stop legs: a removal is `"0"`, a price is triggered by the mark price. */
function legFields(stopLoss: number | undefined, takeProfit: number | undefined): Record<string, string> {
  const fields: Record<string, string> = {};
  if (stopLoss !== undefined) {
    fields.stopLoss = stopLoss === 0 ? caps.removeLegValue : positive(stopLoss, 'stopLoss');
    fields.slTriggerBy = caps.stopTriggerBy;
  }
  if (takeProfit !== undefined) {
    fields.takeProfit = takeProfit === 0 ? caps.removeLegValue : positive(takeProfit, 'takeProfit');
    fields.tpTriggerBy = caps.stopTriggerBy;
  }
  return fields;
}

export function createOrderBody(request: PlaceOrderRequest): Record<string, unknown> {
  assertClientOrderId(request.clientOrderId);
  if (request.type === 'LIMIT' && request.price === undefined) {
    throw new InvalidRequestError(`LIMIT order on ${request.symbol} needs a price`, 'price required');
  }
  if (request.reduceOnly && (request.stopLoss !== undefined || request.takeProfit !== undefined)) {
    throw new InvalidRequestError(
      `reduce-only order on ${request.symbol} cannot carry a stop-loss or take-profit`,
      'reduce-only with TP/SL',
    );
  }
  return {
    category: caps.category,
    symbol: request.symbol,
    side: orderSideToVenue(request.side),
    orderType: orderTypeToVenue(request.type),
    qty: positive(request.qty, 'qty'),
    ...(request.type === 'LIMIT' && request.price !== undefined
      ? { price: positive(request.price, 'price') }
      : {}),
    // Market orders are always IOC on Bybit.
    timeInForce: request.type === 'MARKET' ? 'IOC' : timeInForceToVenue(request.timeInForce ?? 'GTC'),
    positionIdx: caps.positionIdx,
    orderLinkId: request.clientOrderId,
    reduceOnly: request.reduceOnly === true,
    tpslMode: caps.tpslMode,
    ...legFields(request.stopLoss, request.takeProfit),
  };
}

export function amendOrderBody(request: AmendOrderRequest): Record<string, unknown> {
  const legs = legFields(request.stopLoss, request.takeProfit);
  const body: Record<string, unknown> = {
    category: caps.category,
    symbol: request.symbol,
    ...refFields(request),
    ...(request.qty !== undefined ? { qty: positive(request.qty, 'qty') } : {}),
    ...(request.price !== undefined ? { price: positive(request.price, 'price') } : {}),
    ...(Object.keys(legs).length > 0 ? { tpslMode: caps.tpslMode, ...legs } : {}),
  };
  if (Object.keys(body).length <= 3) {
    throw new InvalidRequestError(`amend on ${request.symbol}: nothing to change`, 'empty amend');
  }
  return body;
}

export function cancelOrderBody(ref: OrderRef): Record<string, unknown> {
  return { category: caps.category, symbol: ref.symbol, ...refFields(ref) };
}

export function tradingStopBody(request: TradingStopRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    category: caps.category,
    symbol: request.symbol,
    tpslMode: caps.tpslMode,
    positionIdx: caps.positionIdx,
    ...legFields(request.stopLoss, request.takeProfit),
  };
  if (request.trailingStop !== undefined) {
    body.trailingStop =
      request.trailingStop === 0 ? caps.removeLegValue : positive(request.trailingStop, 'trailingStop');
  }
  if (request.activePrice !== undefined) body.activePrice = positive(request.activePrice, 'activePrice');
  if (
    request.stopLoss === undefined &&
    request.takeProfit === undefined &&
    request.trailingStop === undefined
  ) {
    throw new InvalidRequestError(`trading stop on ${request.symbol}: nothing to set`, 'empty trading stop');
  }
  return body;
}
