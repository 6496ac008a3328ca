import type { OrderSide } from '../../domain/index.ts';
import { InvalidRequestError, NotModifiedError } from '../errors.ts';
import type { AmendOrderRequest } from '../port.ts';
import { checkAmendShape, checkNotional, checkStopSides } from './rules.ts';
import { orderCostUsdt, type SymbolBook } from './state.ts';
import type { SimOrder } from './types.ts';

export interface AmendPlan {
  qty: number;
  price: number | null;
  stopLoss: number | null;
  takeProfit: number | null;
  /** How much more (or, negative, less) the order will hold once amended. */
  extraCostUsdt: number;
}

/** Checks an amend of a resting order against the venue rules; changes nothing. */
export function planAmend(book: SymbolBook, order: SimOrder, request: AmendOrderRequest): AmendPlan {
  checkAmendShape(book.rules, request);
  if (order.type === 'MARKET' && request.price != null) {
    throw new InvalidRequestError('a MARKET order has no price to amend', 'price invalid', 10001);
  }
  const qty = request.qty ?? order.qty;
  const price = order.type === 'LIMIT' ? (request.price ?? order.price) : null;
  const stopLoss = request.stopLoss === undefined ? order.stopLoss : request.stopLoss || null;
  const takeProfit = request.takeProfit === undefined ? order.takeProfit : request.takeProfit || null;
  if (
    qty === order.qty &&
    price === order.price &&
    stopLoss === order.stopLoss &&
    takeProfit === order.takeProfit
  ) {
    throw new NotModifiedError(`amend of ${order.clientOrderId || order.orderId} changes nothing`, 10001);
  }
  if (qty <= order.filledQty) {
    throw new InvalidRequestError(
      `amended qty ${qty} must stay above the ${order.filledQty} already filled`,
      'Qty invalid',
      10001,
    );
  }
  const referencePrice = price ?? book.markPrice;
  if (referencePrice == null) {
    throw new InvalidRequestError(`no market price known for ${order.symbol} yet`, 'no market price', 10001);
  }
  if (!order.reduceOnly) checkNotional(book.rules, qty, referencePrice);
  checkStopSides(order.side, referencePrice, stopLoss, takeProfit);
  let extraCostUsdt = 0;
  if (!order.reduceOnly) {
    const { leverage, rules } = book;
    const before = orderCostUsdt(
      order.qty - order.filledQty,
      order.price ?? referencePrice,
      leverage,
      rules.takerFee,
    );
    const after = orderCostUsdt(qty - order.filledQty, referencePrice, leverage, rules.takerFee);
    extraCostUsdt = after - before;
  }
  return { qty, price, stopLoss, takeProfit, extraCostUsdt };
}

/** A LIMIT at or through the best price of the other side would take liquidity; a MARKET always does. */
export function isMarketable(
  best: { bidPrice: number; askPrice: number } | null,
  side: OrderSide,
  type: string,
  price: number | null | undefined,
) {
  if (type === 'MARKET') return true;
  if (best == null || price == null) return false;
  return side === 'BUY' ? price >= best.askPrice : price <= best.bidPrice;
}

/** Why the venue cancels a LIMIT as soon as it arrives, if it does. */
export function immediateCancelReason(order: SimOrder, marketable: boolean): string | null {
  if (order.type !== 'LIMIT') return null;
  if (order.timeInForce === 'POST_ONLY' && marketable) return 'EC_PostOnlyWillTakeLiquidity';
  if ((order.timeInForce === 'IOC' || order.timeInForce === 'FOK') && !marketable)
    return 'EC_NoImmediateQtyToFill';
  return null;
}
