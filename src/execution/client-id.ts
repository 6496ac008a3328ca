/**
 * Deterministic client order ids (Bybit `orderLinkId`, at most 36 of [A-Za-z0-9_-]). The same
 * cycle, symbol and purpose always give the same id, so a retry after a timeout or a restart
 * can never create a second order: the venue refuses the duplicate and we look the id up.
 */
export type OrderPurpose = 'entry' | 'close' | 'protect-close' | 'time-exit';

const PURPOSE_CODE: Record<OrderPurpose, string> = {
  entry: 'E',
  close: 'X',
  'protect-close': 'P',
  'time-exit': 'T',
};

/** The lead's orders start with this; a shadow's paper orders with `S` and a code of its id. */
export const LEAD_CLIENT_ID_PREFIX = 'W';

export function clientOrderId(
  cycleKeyMs: number,
  symbol: string,
  purpose: OrderPurpose,
  attempt = 0,
  prefix = LEAD_CLIENT_ID_PREFIX,
): string {
  if (!Number.isSafeInteger(cycleKeyMs) || cycleKeyMs < 0) throw new Error(`invalid cycle key ${cycleKeyMs}`);
  if (!/^[A-Z0-9]{1,24}$/.test(symbol)) throw new Error(`invalid symbol for a client id: ${symbol}`);
  if (!/^[A-Z][A-Za-z0-9]{0,5}$/.test(prefix)) throw new Error(`invalid client id prefix ${prefix}`);
  const id = `${prefix}${cycleKeyMs.toString(36)}-${symbol}-${PURPOSE_CODE[purpose]}${attempt > 0 ? attempt : ''}`;
  if (id.length > 36) throw new Error(`client id too long: ${id}`);
  return id;
}
