import type { Candle, InstrumentRules } from '../../../../src/domain/index.ts';
import { Matcher, type MatcherOptions } from '../../../../src/exchange/paper/index.ts';
import type { PlaceOrderRequest } from '../../../../src/exchange/port.ts';

export const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
export const MINUTE = 60_000;

/** BTCUSDT with round numbers: tick 0.1, step 0.001, fees 0.02% maker / 0.055% taker. */
export const btc: InstrumentRules = {
  symbol: 'BTCUSDT',
  tickSize: 0.1,
  qtyStep: 0.001,
  minQty: 0.001,
  maxQty: 100,
  maxMarketQty: 50,
  minNotionalUsdt: 5,
  maxLeverage: 100,
  minLeverage: 1,
  takerFee: 0.00055,
  makerFee: 0.0002,
};

export const eth: InstrumentRules = {
  ...btc,
  symbol: 'ETHUSDT',
  tickSize: 0.01,
  qtyStep: 0.01,
  minQty: 0.01,
};

export function matcher(overrides: Partial<MatcherOptions> = {}): Matcher {
  return new Matcher({ instruments: [btc, eth], startBalanceUsdt: 1000, slippagePct: 0.001, ...overrides });
}

let candleIndex = 0;
/** A 1m candle after the previous one. */
export function bar(open: number, high: number, low: number, close: number): Candle {
  candleIndex += 1;
  return { ts: T0 + candleIndex * MINUTE, open, high, low, close, volume: 1 };
}

let clientSeq = 0;
export function order(overrides: Partial<PlaceOrderRequest> = {}): PlaceOrderRequest {
  clientSeq += 1;
  return {
    symbol: 'BTCUSDT',
    side: 'BUY',
    type: 'LIMIT',
    qty: 0.01,
    price: 49_000,
    clientOrderId: `t-${clientSeq}`,
    ...overrides,
  };
}

/** A matcher with the mark at `price` (a tick) and leverage 10. */
export function marketAt(price = 50_000, overrides: Partial<MatcherOptions> = {}): Matcher {
  const m = matcher(overrides);
  m.processPrice('BTCUSDT', price, T0);
  return m;
}

/** Opens a long of `qty` at `price` through a LIMIT the next tick trades through. */
export function withLong(m: Matcher, price: number, qty = 0.01, attached: Partial<PlaceOrderRequest> = {}) {
  m.placeOrder(order({ side: 'BUY', price, qty, ...attached }), T0);
  m.processPrice('BTCUSDT', price - 1, T0 + 1);
  const position = m.positions('BTCUSDT')[0];
  if (!position) throw new Error('the long did not open');
  return position;
}

export function withShort(m: Matcher, price: number, qty = 0.01, attached: Partial<PlaceOrderRequest> = {}) {
  m.placeOrder(order({ side: 'SELL', price, qty, ...attached }), T0);
  m.processPrice('BTCUSDT', price + 1, T0 + 1);
  const position = m.positions('BTCUSDT')[0];
  if (!position) throw new Error('the short did not open');
  return position;
}

export function trades(m: Matcher) {
  return m.executions('BTCUSDT').filter((e) => e.kind === 'TRADE');
}
