import { Decimal } from 'decimal.js';
import type { InstrumentRules, OrderSide } from '../../domain/index.ts';
import type { OrderType, TimeInForce } from '../port.ts';
import {
  fromVenue,
  isValidOrderLinkId,
  notionalRefusal,
  priceRefusal,
  qtyRefusal,
  VENUE_ORDER_TYPE,
  VENUE_SIDE,
  VENUE_TIME_IN_FORCE,
} from '../venue-rules.ts';
import type { VenueRefusal } from './auth.ts';

/** A refusal answered as HTTP 200 with a non-zero retCode (observed for business errors). */
export class Refusal extends Error {
  constructor(
    readonly retCode: number,
    readonly retMsg: string,
    readonly httpStatus = 200,
  ) {
    super(retMsg);
  }

  toVenue(): VenueRefusal {
    return { retCode: this.retCode, retMsg: this.retMsg, httpStatus: this.httpStatus };
  }
}

export const paramsError = (what: string) => new Refusal(10001, `params error: ${what}`);

export type Body = Record<string, unknown>;

export function requireString(body: Body, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw paramsError(`${field} is required`);
  return value;
}

export function optionalString(body: Body, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw paramsError(`${field} must be a string`);
  return value;
}

export function requireLinear(body: Body): void {
  const category = body.category;
  if (category === undefined) throw paramsError('category is required');
  if (category !== 'linear')
    throw paramsError(`category invalid (the emulator serves linear only, got ${String(category)})`);
}

/** Bybit scales quantities and prices by 1e8 in several messages (facts §4). */
const scaled = (value: Decimal) => value.times(1e8).toFixed(0);

function decimalOf(text: string, field: string, code: number, message: string): Decimal {
  let value: Decimal;
  try {
    value = new Decimal(text);
  } catch {
    throw new Refusal(code, message);
  }
  if (!value.isFinite() || value.isNegative()) throw new Refusal(code, `${message} (${field})`);
  return value;
}

/** Qty against the lot-size filter (venue-rules.ts); the maximum's text carries the scaled figures as observed. */
export function checkQty(text: string, rules: InstrumentRules, type: OrderType): Decimal {
  const qty = decimalOf(text, 'qty', 10001, 'Qty invalid');
  const refusal = qtyRefusal(rules, qty, type);
  if (refusal?.reason === 'The number of contracts exceeds maximum limit allowed') {
    const max = (type === 'MARKET' ? (rules.maxMarketQty ?? rules.maxQty) : rules.maxQty) as number;
    throw new Refusal(
      refusal.code,
      `${refusal.reason}: too large, order_qty:${scaled(qty)} > max_qty:${scaled(new Decimal(max))}`,
    );
  }
  if (refusal) throw new Refusal(refusal.code, refusal.reason);
  return qty;
}

/** A price against the tick and the priceFilter bounds (venue-rules.ts, 110003). */
export function checkPrice(text: string, rules: InstrumentRules, field: string): Decimal {
  const price = decimalOf(text, field, 110003, 'price is invalid');
  const refusal = priceRefusal(rules, price, field);
  if (refusal) throw new Refusal(refusal.code, refusal.reason);
  return price;
}

export function parseSide(text: string): OrderSide {
  const side = fromVenue(VENUE_SIDE, text);
  if (!side) throw paramsError('side invalid');
  return side;
}

export function parseOrderType(text: string): OrderType {
  const type = fromVenue(VENUE_ORDER_TYPE, text);
  if (!type) throw paramsError('orderType invalid');
  return type;
}

export function parseTimeInForce(text: string | undefined): TimeInForce {
  if (text === undefined) return 'GTC';
  const tif = fromVenue(VENUE_TIME_IN_FORCE, text);
  if (!tif) throw paramsError('timeInForce invalid');
  return tif;
}

/** UNCONFIRMED message; the rule (≤ 36 of [A-Za-z0-9_-]) is documented. */
export function checkOrderLinkId(value: string | undefined): void {
  if (value !== undefined && !isValidOrderLinkId(value)) throw paramsError('orderLinkId invalid');
}

/** Trigger-by values accepted for TP/SL; the emulator triggers on the mark price whatever is sent. */
export function checkTriggerBy(body: Body, field: string): void {
  const value = body[field];
  if (value === undefined || value === '') return;
  if (value !== 'LastPrice' && value !== 'MarkPrice' && value !== 'IndexPrice')
    throw paramsError(`${field} invalid`);
}

/**
 * Stop and take-profit must sit on the right side of the base price. Message as observed:
 * "TakeProfit:86810000000 set for Buy position should be higher than base_price:87080000000".
 */
export function checkLegSides(
  side: OrderSide,
  basePrice: number,
  stopLoss: Decimal | null,
  takeProfit: Decimal | null,
): void {
  const base = new Decimal(basePrice);
  const venueSide = side === 'BUY' ? 'Buy' : 'Sell';
  if (takeProfit && !takeProfit.isZero()) {
    const wrong = side === 'BUY' ? takeProfit.lessThanOrEqualTo(base) : takeProfit.greaterThanOrEqualTo(base);
    if (wrong) {
      throw new Refusal(
        10001,
        `TakeProfit:${scaled(takeProfit)} set for ${venueSide} position should be ${side === 'BUY' ? 'higher' : 'lower'} than base_price:${scaled(base)}`,
      );
    }
  }
  if (stopLoss && !stopLoss.isZero()) {
    const wrong = side === 'BUY' ? stopLoss.greaterThanOrEqualTo(base) : stopLoss.lessThanOrEqualTo(base);
    if (wrong) {
      throw new Refusal(
        10001,
        `StopLoss:${scaled(stopLoss)} set for ${venueSide} position should be ${side === 'BUY' ? 'lower' : 'higher'} than base_price:${scaled(base)}`,
      );
    }
  }
}

export function checkMinNotional(qty: Decimal, price: number, rules: InstrumentRules): void {
  const refusal = notionalRefusal(rules, qty, price);
  if (refusal) throw new Refusal(refusal.code, refusal.reason);
}
