import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../../src/exchange/errors.ts';
import { btc, eth, marketAt, order, T0, trades, withLong } from './fixtures.ts';

/** The emulator's book: the mark with one tick either side, taker orders filled when placed. */
const venue = { marketFills: 'immediate', bookHalfSpreadTicks: 1 } as const;

describe('taker orders fill in the matching step (immediate mode)', () => {
  it('fills a MARKET buy when placed at the best ask plus slippage, as a taker, and it never rests', () => {
    const m = marketAt(50_000, venue);
    const placed = m.placeOrder(order({ type: 'MARKET', price: undefined }), T0);
    expect(placed.status).toBe('FILLED');
    const [fill] = trades(m);
    // ask 50_000.1 × 1.001 = 50_050.1001 → rounded up to the tick
    expect(fill).toMatchObject({ price: 50_050.2, isMaker: false, qty: 0.01 });
    expect(fill?.feeUsdt).toBeCloseTo(0.01 * 50_050.2 * 0.00055, 12);
    expect(m.findOrder({ symbol: 'BTCUSDT', orderId: placed.orderId })?.feeUsdt).toBeCloseTo(
      fill?.feeUsdt ?? 0,
      12,
    );
    expect(m.openOrders('BTCUSDT')).toEqual([]);
  });

  it('fills a MARKET sell at the best bid minus slippage', () => {
    const m = marketAt(50_000, venue);
    m.placeOrder(order({ type: 'MARKET', side: 'SELL', price: undefined }), T0);
    // bid 49_999.9 × 0.999 = 49_949.9001 → rounded down to the tick
    expect(trades(m)[0]?.price).toBe(49_949.9);
  });

  it('fills a crossing buy LIMIT at once at the ask with slippage, never above its limit, at the taker fee', () => {
    const m = marketAt(50_000, venue);
    const capped = m.placeOrder(order({ price: 50_010 }), T0);
    expect(capped.status).toBe('FILLED');
    expect(trades(m)[0]).toMatchObject({ price: 50_010, isMaker: false });
    const m2 = marketAt(50_000, venue);
    m2.placeOrder(order({ price: 50_100 }), T0);
    expect(trades(m2)[0]).toMatchObject({ price: 50_050.2, isMaker: false });
  });

  it('rests a buy LIMIT at the mark (below the ask) and fills it later as a maker at its price', () => {
    const m = marketAt(50_000, venue);
    const placed = m.placeOrder(order({ price: 50_000 }), T0);
    expect(placed.status).toBe('NEW');
    m.processPrice('BTCUSDT', 49_990, T0 + 1);
    expect(trades(m)[0]).toMatchObject({ price: 50_000, isMaker: true });
  });

  it('fills a resting LIMIT as a taker when an amend moves it across the book', () => {
    const m = marketAt(50_000, venue);
    const placed = m.placeOrder(order({ price: 49_000 }), T0);
    const amended = m.amendOrder({ symbol: 'BTCUSDT', orderId: placed.orderId, price: 50_100 }, T0 + 1);
    expect(amended.status).toBe('FILLED');
    expect(trades(m)[0]).toMatchObject({ price: 50_050.2, isMaker: false });
  });

  it('cancels a PostOnly LIMIT that would cross with EC_PostOnlyWillTakeLiquidity and fills nothing', () => {
    const m = marketAt(50_000, venue);
    const placed = m.placeOrder(order({ price: 50_000.1, timeInForce: 'POST_ONLY' }), T0);
    expect(placed).toMatchObject({
      status: 'CANCELLED',
      reason: 'EC_PostOnlyWillTakeLiquidity',
      filledQty: 0,
    });
    expect(trades(m)).toEqual([]);
  });

  it('fills an IOC LIMIT as far as it can and cancels the rest; an IOC that cannot cross fills nothing', () => {
    const m = marketAt(50_000, { ...venue, maxLimitFillQtyPerEvent: 0.004 });
    const ioc = m.placeOrder(order({ price: 50_100, timeInForce: 'IOC' }), T0);
    expect(ioc).toMatchObject({ status: 'CANCELLED', filledQty: 0.004, reason: 'EC_NoImmediateQtyToFill' });
    const resting = m.placeOrder(order({ price: 49_000, timeInForce: 'IOC' }), T0);
    expect(resting).toMatchObject({ status: 'CANCELLED', filledQty: 0 });
  });

  it('fills a FOK LIMIT whole or not at all', () => {
    const capped = marketAt(50_000, { ...venue, maxLimitFillQtyPerEvent: 0.004 });
    const refused = capped.placeOrder(order({ price: 50_100, timeInForce: 'FOK' }), T0);
    expect(refused).toMatchObject({ status: 'CANCELLED', filledQty: 0, reason: 'EC_CancelForNoFullFill' });
    expect(trades(capped)).toEqual([]);
    const m = marketAt(50_000, venue);
    expect(m.placeOrder(order({ price: 50_100, timeInForce: 'FOK' }), T0).status).toBe('FILLED');
  });

  it('rests what a crossing GTC LIMIT could not fill, as a maker at its price', () => {
    const m = marketAt(50_000, { ...venue, maxLimitFillQtyPerEvent: 0.004 });
    const placed = m.placeOrder(order({ price: 50_100 }), T0);
    expect(placed).toMatchObject({ status: 'PARTIALLY_FILLED', filledQty: 0.004 });
    m.processPrice('BTCUSDT', 50_099, T0 + 1);
    expect(trades(m).map((t) => t.isMaker)).toEqual([false, true]);
  });

  it('closes a position with a reduce-only MARKET when placed, capped at the position', () => {
    const m = marketAt(50_000, venue);
    withLong(m, 50_000, 0.01);
    const close = m.placeOrder(
      order({ type: 'MARKET', side: 'SELL', price: undefined, qty: 0.02, reduceOnly: true }),
      T0 + 2,
    );
    expect(m.positions('BTCUSDT')).toEqual([]);
    expect(close.filledQty).toBe(0.01);
    expect(m.openOrders('BTCUSDT')).toEqual([]);
  });

  it('fills a MARKET at a fresh live quote, and at the mark once the quote is stale', () => {
    const m = marketAt(50_000, { marketFills: 'immediate', slippagePct: 0 });
    m.setQuote('BTCUSDT', 50_200, 50_200.5, T0);
    m.placeOrder(order({ type: 'MARKET', price: undefined }), T0 + 1_000);
    expect(trades(m)[0]?.price).toBe(50_200.5);
    m.placeOrder(order({ type: 'MARKET', side: 'SELL', price: undefined }), T0 + 60_000);
    expect(trades(m)[1]?.price).toBe(50_000);
  });

  it('keeps the next-price fill in the default mode (backtests)', () => {
    const m = marketAt(50_000);
    const placed = m.placeOrder(order({ type: 'MARKET', price: undefined }), T0);
    expect(placed.status).toBe('NEW');
    expect(trades(m)).toEqual([]);
  });

  it('refuses a price above the instrument maxPrice as a price error (110003) before any margin check', () => {
    const capped = marketAt(50_000, {
      ...venue,
      startBalanceUsdt: 1,
      instruments: [{ ...btc, maxPrice: 1_999_999.8 }, eth],
    });
    let error: unknown;
    try {
      capped.placeOrder(order({ price: 2_000_000 }), T0);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).venueCode).toBe(110003);
  });
});
