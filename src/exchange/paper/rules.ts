import { entrySide, type InstrumentRules, type OrderSide, type PositionSide } from '../../domain/index.ts';
import { InvalidRequestError } from '../errors.ts';
import type { AmendOrderRequest, PlaceOrderRequest } from '../port.ts';
import {
  isValidOrderLinkId,
  legSideRefusal,
  notionalRefusal,
  priceRefusal,
  qtyRefusal,
} from '../venue-rules.ts';

/**
 * The venue's order rules (exchange/venue-rules.ts, shared with the emulator), answered with
 * Bybit's codes and a hint that says what to fix.
 */

function refuse(reason: string, code: number, hint: string): never {
  throw new InvalidRequestError(`order refused: ${reason} (${hint})`, reason, code);
}

export function checkClientOrderId(clientOrderId: unknown): void {
  if (!isValidOrderLinkId(clientOrderId)) {
    refuse('orderLinkId invalid', 10001, 'use 1 to 36 characters of A-Z, a-z, 0-9, _ and -');
  }
}

export function checkQty(rules: InstrumentRules, qty: number, type: 'LIMIT' | 'MARKET'): void {
  if (!Number.isFinite(qty) || qty <= 0)
    refuse('Qty invalid', 10001, `qty must be a positive number, got ${qty}`);
  const refusal = qtyRefusal(rules, qty, type);
  if (!refusal) return;
  const max = type === 'MARKET' ? (rules.maxMarketQty ?? rules.maxQty) : rules.maxQty;
  const hint =
    refusal.reason === 'Qty invalid'
      ? `${rules.symbol} qty ${qty} is not a multiple of the step ${rules.qtyStep}`
      : qty < rules.minQty
        ? `${rules.symbol} qty ${qty} is below the minimum ${rules.minQty}`
        : `${rules.symbol} ${type} qty ${qty} is above the maximum ${max}`;
  refuse(refusal.reason, refusal.code, hint);
}

export function checkPrice(rules: InstrumentRules, price: number, field: string): void {
  const refusal = priceRefusal(rules, price, field);
  if (!refusal) return;
  const hint = !(price > 0)
    ? `${field} must be a positive number, got ${price}`
    : refusal.reason === 'Order price is out of permissible range'
      ? `${rules.symbol} ${field} ${price} is outside the allowed [${rules.minPrice ?? 0}, ${rules.maxPrice ?? 'unbounded'}]`
      : `${rules.symbol} ${field} ${price} is not on the tick size ${rules.tickSize}`;
  refuse(refusal.reason, refusal.code, hint);
}

export function checkNotional(rules: InstrumentRules, qty: number, price: number): void {
  const refusal = notionalRefusal(rules, qty, price);
  if (refusal) {
    refuse(
      refusal.reason,
      refusal.code,
      `${rules.symbol} notional ${(qty * price).toFixed(4)} USDT is below the minimum ${rules.minNotionalUsdt} USDT`,
    );
  }
}

/**
 * Stop below and take-profit above the base price for a buy; mirrored for a sell. The base is the
 * entry (LIMIT price, else the mark) for an order, the current price for a position's trading stop.
 */
export function checkStopSides(
  side: OrderSide,
  basePrice: number,
  stopLoss: number | null | undefined,
  takeProfit: number | null | undefined,
  base: 'entry' | 'current price' = 'entry',
): void {
  const refusal = legSideRefusal(side, basePrice, stopLoss, takeProfit);
  if (!refusal) return;
  const hint = refusal.reason.startsWith('StopLoss')
    ? `a stop must be on the losing side of the ${base} ${basePrice}, got ${stopLoss}`
    : `a take-profit must be on the winning side of the ${base} ${basePrice}, got ${takeProfit}`;
  refuse(refusal.reason, refusal.code, hint);
}

export function checkPlaceShape(
  rules: InstrumentRules,
  request: PlaceOrderRequest,
  requireClientOrderId = true,
): void {
  // Bybit lets orderLinkId out; Warden's port requires one (see MatcherOptions.requireClientOrderId).
  if (requireClientOrderId || request.clientOrderId !== '') checkClientOrderId(request.clientOrderId);
  if (request.side !== 'BUY' && request.side !== 'SELL') refuse('side invalid', 10001, 'side is BUY or SELL');
  if (request.type !== 'LIMIT' && request.type !== 'MARKET') {
    refuse('orderType invalid', 10001, 'type is LIMIT or MARKET');
  }
  checkQty(rules, request.qty, request.type);
  if (request.type === 'LIMIT') {
    if (request.price == null) refuse('price is required for Limit orders', 10001, 'give a LIMIT price');
    checkPrice(rules, request.price, 'price');
  }
  if (request.reduceOnly && (request.stopLoss || request.takeProfit)) {
    refuse('reduce-only orders cannot carry TP/SL', 10001, 'set the position stop with setTradingStop');
  }
  if (request.stopLoss != null && request.stopLoss !== 0) checkPrice(rules, request.stopLoss, 'stopLoss');
  if (request.takeProfit != null && request.takeProfit !== 0)
    checkPrice(rules, request.takeProfit, 'takeProfit');
}

/** A reduce-only order needs a position to reduce, on the other side (Bybit 110017). */
export function checkReduceOnly(
  position: { side: PositionSide } | null,
  request: Pick<PlaceOrderRequest, 'symbol' | 'side' | 'reduceOnly'>,
): void {
  if (!request.reduceOnly) return;
  if (!position) {
    throw new InvalidRequestError(
      `reduce-only order refused: ${request.symbol} has no position to reduce`,
      'current position is zero, cannot fix reduce-only order qty',
      110017,
    );
  }
  if (entrySide(position.side) === request.side) {
    throw new InvalidRequestError(
      `reduce-only ${request.side} refused: it would grow the ${position.side} position`,
      'Reduce-only rule not satisfied',
      110017,
    );
  }
}

export function checkAmendShape(rules: InstrumentRules, request: AmendOrderRequest): void {
  if (request.qty != null) checkQty(rules, request.qty, 'LIMIT');
  if (request.price != null) checkPrice(rules, request.price, 'price');
  if (request.stopLoss != null && request.stopLoss !== 0) checkPrice(rules, request.stopLoss, 'stopLoss');
  if (request.takeProfit != null && request.takeProfit !== 0)
    checkPrice(rules, request.takeProfit, 'takeProfit');
}

export function checkLeverage(rules: InstrumentRules, leverage: number): void {
  const min = rules.minLeverage ?? 1;
  if (!Number.isFinite(leverage) || leverage < min || leverage > rules.maxLeverage) {
    throw new InvalidRequestError(
      `leverage ${leverage} refused: ${rules.symbol} allows ${min} to ${rules.maxLeverage}`,
      'leverage invalid',
      10001,
    );
  }
}
