import type { OrderSide } from '../../domain/index.ts';
import type { OrderType, TimeInForce } from '../port.ts';
import { fromVenue, VENUE_ORDER_TYPE, VENUE_SIDE, VENUE_TIME_IN_FORCE } from '../venue-rules.ts';
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

const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)$/;

/**
 * A number field as Bybit sends it (a decimal string). Text that is no decimal becomes NaN, so the
 * venue rules the paper exchange applies refuse it with the field's own code; nothing is judged here.
 */
function decimalOf(text: string): number {
  return DECIMAL_TEXT.test(text) ? Number(text) : Number.NaN;
}

export function requireDecimal(body: Body, field: string): number {
  return decimalOf(requireString(body, field));
}

/** Absent is undefined; "0" is 0 (on a leg: remove it). */
export function optionalDecimal(body: Body, field: string): number | undefined {
  const text = optionalString(body, field);
  return text === undefined ? undefined : decimalOf(text);
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

/** Trigger-by values accepted for TP/SL; the emulator triggers on the mark price whatever is sent. */
export function checkTriggerBy(body: Body, field: string): void {
  const value = body[field];
  if (value === undefined || value === '') return;
  if (value !== 'LastPrice' && value !== 'MarkPrice' && value !== 'IndexPrice')
    throw paramsError(`${field} invalid`);
}
