import { Decimal } from 'decimal.js';
import type { InstrumentRules, OrderSide } from '../domain/index.ts';
import type { OrderStatus, OrderType, StopOrderKind, TimeInForce } from './port.ts';

/**
 * Bybit's order rules and words, once: the paper exchange, the emulator and the Bybit adapter
 * use this module, so a request one of them accepts (and the code it refuses with) is the same
 * everywhere. Checks run on decimals, never on floats.
 */

/** orderLinkId: 1 to 36 of A-Z, a-z, 0-9, _ and - (Bybit V5). */
export const ORDER_LINK_ID_PATTERN = /^[A-Za-z0-9_-]{1,36}$/;

export function isValidOrderLinkId(value: unknown): value is string {
  return typeof value === 'string' && ORDER_LINK_ID_PATTERN.test(value);
}

/** Exact: `value` is a whole number of `step`s (a step of 0 or less constrains nothing). */
export function isMultipleOf(value: Decimal.Value, step: number): boolean {
  if (!(step > 0)) return true;
  return new Decimal(value).mod(new Decimal(step)).isZero();
}

/** Warden's enums in Bybit's words: one table each way for the adapter and the emulator. */
export const VENUE_SIDE = { BUY: 'Buy', SELL: 'Sell' } as const satisfies Record<OrderSide, string>;
export const VENUE_ORDER_TYPE = { LIMIT: 'Limit', MARKET: 'Market' } as const satisfies Record<
  OrderType,
  string
>;
export const VENUE_TIME_IN_FORCE = {
  GTC: 'GTC',
  IOC: 'IOC',
  FOK: 'FOK',
  POST_ONLY: 'PostOnly',
} as const satisfies Record<TimeInForce, string>;
// Same shape as the tables above on purpose: one table per Bybit enum.
export const VENUE_ORDER_STATUS = {
  NEW: 'New',
  PARTIALLY_FILLED: 'PartiallyFilled',
  UNTRIGGERED: 'Untriggered',
  FILLED: 'Filled',
  CANCELLED: 'Cancelled',
  REJECTED: 'Rejected',
  DEACTIVATED: 'Deactivated',
} as const satisfies Record<OrderStatus, string>;
/** Recorded linear orders (2025) carry "" for a plain order; executions say "UNKNOWN". */
export const VENUE_STOP_ORDER_TYPE = {
  NONE: '',
  STOP_LOSS: 'StopLoss',
  TAKE_PROFIT: 'TakeProfit',
  TRAILING_STOP: 'TrailingStop',
  CONDITIONAL: 'Stop',
} as const satisfies Record<StopOrderKind, string>;

/** The Warden value for Bybit's word, or null when the table has none. */
export function fromVenue<T extends string>(table: Record<T, string>, word: unknown): T | null {
  for (const [ours, theirs] of Object.entries(table) as [T, string][]) if (theirs === word) return ours;
  return null;
}

/** Why a venue refuses a request: Bybit's code and its words. */
export interface VenueRefusal {
  code: number;
  reason: string;
}

/** Bybit scales quantities and prices by 1e8 in several messages (facts §4). */
const scaled = (value: Decimal.Value) => new Decimal(value).times(1e8).toFixed(0);

/**
 * The lot-size filter: a positive whole number of steps within [minQty, maxQty] (maxMarketQty for
 * MARKET). The maximum's text carries the scaled figures, as observed.
 */
export function qtyRefusal(rules: InstrumentRules, qty: Decimal.Value, type: OrderType): VenueRefusal | null {
  const value = new Decimal(qty);
  if (!value.isFinite() || !value.greaterThan(0) || !isMultipleOf(value, rules.qtyStep)) {
    return { code: 10001, reason: 'Qty invalid' };
  }
  if (value.lessThan(rules.minQty)) {
    return { code: 10001, reason: 'The number of contracts exceeds minimum limit allowed' };
  }
  const max = type === 'MARKET' ? (rules.maxMarketQty ?? rules.maxQty) : rules.maxQty;
  if (max != null && value.greaterThan(max)) {
    return {
      code: 10001,
      reason: `The number of contracts exceeds maximum limit allowed: too large, order_qty:${scaled(value)} > max_qty:${scaled(max)}`,
    };
  }
  return null;
}

// Same shape as qtyRefusal on purpose (duplicates tool): one refusal function per Bybit filter.
/**
 * The price filter: a positive price on the tick and inside [minPrice, maxPrice] is accepted;
 * anything else is a price error (110003), checked before margin. UNCONFIRMED: Bybit documents no
 * linear code for an off-tick price; both simulated venues refuse it with 110003 rather than round.
 */
export function priceRefusal(
  rules: InstrumentRules,
  price: Decimal.Value,
  field: string,
): VenueRefusal | null {
  const value = new Decimal(price);
  if (!value.isFinite() || !value.greaterThan(0)) {
    return { code: 110003, reason: field === 'price' ? 'price is invalid' : `${field} is invalid` };
  }
  if (!isMultipleOf(value, rules.tickSize)) {
    return {
      code: 110003,
      reason: field === 'price' ? 'price is invalid' : `${field} is invalid: not a multiple of tickSize`,
    };
  }
  const { minPrice, maxPrice } = rules;
  if ((minPrice != null && value.lessThan(minPrice)) || (maxPrice != null && value.greaterThan(maxPrice))) {
    return { code: 110003, reason: 'Order price is out of permissible range' };
  }
  return null;
}

/** The minimum order value (110094); reduce-only orders are exempt (the caller decides). */
export function notionalRefusal(
  rules: InstrumentRules,
  qty: Decimal.Value,
  price: number,
): VenueRefusal | null {
  if (rules.minNotionalUsdt > 0 && new Decimal(qty).times(price).lessThan(rules.minNotionalUsdt)) {
    return {
      code: 110094,
      reason: `Order does not meet minimum order value ${new Decimal(rules.minNotionalUsdt).toFixed()}USDT`,
    };
  }
  return null;
}

/**
 * Attached or position legs on the right side of the base price (the LIMIT price, else the mark):
 * for a buy the stop below and the take-profit above, mirrored for a sell; 0 or null is no leg.
 * Bybit's words, prices scaled ×1e8 as observed:
 * "TakeProfit:86810000000 set for Buy position should be higher than base_price:87080000000".
 */
export function legSideRefusal(
  side: OrderSide,
  basePrice: Decimal.Value,
  stopLoss: Decimal.Value | null | undefined,
  takeProfit: Decimal.Value | null | undefined,
): VenueRefusal | null {
  const base = new Decimal(basePrice);
  const buy = side === 'BUY';
  const legs = [
    { name: 'StopLoss', price: stopLoss, must: buy ? 'lower' : 'higher' },
    { name: 'TakeProfit', price: takeProfit, must: buy ? 'higher' : 'lower' },
  ] as const;
  for (const { name, price, must } of legs) {
    if (price == null || new Decimal(price).isZero()) continue;
    const leg = new Decimal(price);
    if (must === 'lower' ? leg.lessThan(base) : leg.greaterThan(base)) continue;
    return {
      code: 10001,
      reason: `${name}:${scaled(leg)} set for ${VENUE_SIDE[side]} position should be ${must} than base_price:${scaled(base)}`,
    };
  }
  return null;
}
