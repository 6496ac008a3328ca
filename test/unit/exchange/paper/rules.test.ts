import { describe, expect, it } from 'vitest';
import {
  DuplicateClientIdError,
  InsufficientBalanceError,
  InvalidRequestError,
  NotModifiedError,
  OrderNotFoundError,
} from '../../../../src/exchange/errors.ts';
import { marketAt, matcher, order, T0, withLong } from './fixtures.ts';

function refusal(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

describe('venue rules enforced by the matcher', () => {
  it('refuses a quantity off the step, below the minimum or above the LIMIT and MARKET maxima, with 10001', () => {
    const m = marketAt(50_000);
    for (const qty of [0.0105, 0.0005, 101]) {
      const error = refusal(() => m.placeOrder(order({ qty }), T0));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).venueCode).toBe(10001);
    }
    expect(
      refusal(() => m.placeOrder(order({ type: 'MARKET', price: undefined, qty: 51 }), T0)),
    ).toBeInstanceOf(InvalidRequestError);
    expect(m.placeOrder(order({ qty: 0.011 }), T0).status).toBe('NEW');
  });

  it('refuses a price, a stop or a take-profit off the tick', () => {
    const m = marketAt(50_000);
    expect(refusal(() => m.placeOrder(order({ price: 49_000.05 }), T0))).toBeInstanceOf(InvalidRequestError);
    expect(refusal(() => m.placeOrder(order({ stopLoss: 48_000.01 }), T0))).toBeInstanceOf(
      InvalidRequestError,
    );
    expect(refusal(() => m.placeOrder(order({ takeProfit: 52_000.01 }), T0))).toBeInstanceOf(
      InvalidRequestError,
    );
  });

  it('refuses a notional below the minimum with 110094, but not for reduce-only orders', () => {
    const m = marketAt(50_000);
    const error = refusal(() => m.placeOrder(order({ qty: 0.001, price: 4_000 }), T0));
    expect((error as InvalidRequestError).venueCode).toBe(110094);
    withLong(m, 50_000, 0.01);
    const reduce = m.placeOrder(order({ side: 'SELL', qty: 0.001, price: 4_000.1, reduceOnly: true }), T0);
    expect(reduce.status === 'NEW' || reduce.status === 'FILLED').toBe(true);
  });

  it('refuses a used client id with DuplicateClientIdError (110072), even after the order was cancelled', () => {
    const m = marketAt(50_000);
    const first = m.placeOrder(order({ clientOrderId: 'same-id' }), T0);
    m.cancelOrder({ symbol: 'BTCUSDT', orderId: first.orderId }, T0);
    const error = refusal(() => m.placeOrder(order({ clientOrderId: 'same-id' }), T0));
    expect(error).toBeInstanceOf(DuplicateClientIdError);
    expect((error as DuplicateClientIdError).venueCode).toBe(110072);
  });

  it('refuses a client id that is not 1 to 36 characters of letters, digits, _ and -', () => {
    const m = marketAt(50_000);
    for (const clientOrderId of ['', 'x'.repeat(37), 'has space', 'dot.ted']) {
      expect(refusal(() => m.placeOrder(order({ clientOrderId }), T0))).toBeInstanceOf(InvalidRequestError);
    }
  });

  it('refuses an unknown symbol and a MARKET order before any price is known', () => {
    const m = matcher();
    expect(refusal(() => m.placeOrder(order({ symbol: 'XRPUSDT' }), T0))).toBeInstanceOf(InvalidRequestError);
    expect(refusal(() => m.placeOrder(order({ type: 'MARKET', price: undefined }), T0))).toBeInstanceOf(
      InvalidRequestError,
    );
  });

  it('reserves margin for resting orders and refuses an order the rest of the balance cannot carry (110007)', () => {
    const m = marketAt(50_000);
    m.setLeverage('BTCUSDT', 1, T0);
    m.placeOrder(order({ qty: 0.012, price: 49_000 }), T0);
    const available = m.wallet().availableUsdt;
    expect(available).toBeCloseTo(1000 - 0.012 * 49_000 * (1 + 2 * 0.00055), 8);
    const error = refusal(() => m.placeOrder(order({ qty: 0.009, price: 49_000 }), T0));
    expect(error).toBeInstanceOf(InsufficientBalanceError);
    expect((error as InsufficientBalanceError).venueCode).toBe(110007);
    expect(m.placeOrder(order({ qty: 0.008, price: 49_000 }), T0).status).toBe('NEW');
  });

  it('refuses an attached stop on the winning side or a take-profit on the losing side', () => {
    const m = marketAt(50_000);
    expect(refusal(() => m.placeOrder(order({ price: 49_000, stopLoss: 49_500 }), T0))).toBeInstanceOf(
      InvalidRequestError,
    );
    expect(refusal(() => m.placeOrder(order({ price: 49_000, takeProfit: 48_000 }), T0))).toBeInstanceOf(
      InvalidRequestError,
    );
    expect(
      refusal(() => m.placeOrder(order({ side: 'SELL', price: 51_000, stopLoss: 50_000 }), T0)),
    ).toBeInstanceOf(InvalidRequestError);
  });

  it('refuses leverage outside the instrument bounds and accepts an unchanged leverage', () => {
    const m = marketAt(50_000);
    expect(refusal(() => m.setLeverage('BTCUSDT', 101, T0))).toBeInstanceOf(InvalidRequestError);
    expect(refusal(() => m.setLeverage('BTCUSDT', 0.5, T0))).toBeInstanceOf(InvalidRequestError);
    m.setLeverage('BTCUSDT', 7, T0);
    m.setLeverage('BTCUSDT', 7, T0);
    expect(m.leverage('BTCUSDT')).toBe(7);
  });

  it('re-sizes the isolated margin when leverage changes under a position, refusing what the balance cannot carry', () => {
    const m = marketAt(50_000);
    withLong(m, 50_000, 0.1);
    expect(m.wallet().availableUsdt).toBeCloseTo(m.wallet().walletBalanceUsdt - 500, 8);
    m.setLeverage('BTCUSDT', 20, T0);
    expect(m.positions()[0]?.liquidationPrice).toBeCloseTo(50_000 * (1 - 0.05 + 0.005), 8);
    expect(refusal(() => m.setLeverage('BTCUSDT', 1, T0))).toBeInstanceOf(InsufficientBalanceError);
    expect(m.leverage('BTCUSDT')).toBe(20);
  });

  it('refuses reduce-only orders with no position, on the position side, or carrying a stop (110017 / 10001)', () => {
    const m = marketAt(50_000);
    const none = refusal(() => m.placeOrder(order({ side: 'SELL', price: 51_000, reduceOnly: true }), T0));
    expect((none as InvalidRequestError).venueCode).toBe(110017);
    withLong(m, 50_000, 0.01);
    const grow = refusal(() => m.placeOrder(order({ side: 'BUY', price: 49_000, reduceOnly: true }), T0));
    expect((grow as InvalidRequestError).venueCode).toBe(110017);
    expect(
      refusal(() =>
        m.placeOrder(order({ side: 'SELL', price: 51_000, reduceOnly: true, stopLoss: 52_000 }), T0),
      ),
    ).toBeInstanceOf(InvalidRequestError);
  });

  it('amends only open orders, refuses an amend that changes nothing, and never below the filled quantity', () => {
    const m = marketAt(50_000, { maxLimitFillQtyPerEvent: 0.004 });
    const placed = m.placeOrder(order({ price: 49_000, qty: 0.01 }), T0);
    expect(
      refusal(() => m.amendOrder({ symbol: 'BTCUSDT', orderId: placed.orderId, price: 49_000 }, T0)),
    ).toBeInstanceOf(NotModifiedError);
    m.processPrice('BTCUSDT', 48_900, T0 + 1);
    expect(
      refusal(() => m.amendOrder({ symbol: 'BTCUSDT', orderId: placed.orderId, qty: 0.004 }, T0)),
    ).toBeInstanceOf(InvalidRequestError);
    m.cancelOrder({ symbol: 'BTCUSDT', orderId: placed.orderId }, T0);
    const gone = refusal(() =>
      m.amendOrder({ symbol: 'BTCUSDT', orderId: placed.orderId, price: 48_000 }, T0),
    );
    expect(gone).toBeInstanceOf(OrderNotFoundError);
    expect((gone as OrderNotFoundError).venueCode).toBe(110001);
  });

  it('refuses to cancel an unknown or closed order with OrderNotFoundError', () => {
    const m = marketAt(50_000);
    expect(
      refusal(() => m.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: 'never-sent' }, T0)),
    ).toBeInstanceOf(OrderNotFoundError);
    const placed = m.placeOrder(order(), T0);
    expect(m.findOrder({ symbol: 'ETHUSDT', orderId: placed.orderId })).toBeNull();
    m.cancelOrder({ symbol: 'BTCUSDT', orderId: placed.orderId }, T0);
    expect(refusal(() => m.cancelOrder({ symbol: 'BTCUSDT', orderId: placed.orderId }, T0))).toBeInstanceOf(
      OrderNotFoundError,
    );
  });

  it('cancels every open order of a symbol, the position legs included', () => {
    const m = marketAt(50_000);
    withLong(m, 50_000, 0.01, { stopLoss: 49_000, takeProfit: 52_000 });
    m.placeOrder(order({ price: 48_000 }), T0);
    expect(m.cancelAll('BTCUSDT', T0)).toBe(3);
    expect(m.openOrders()).toHaveLength(0);
    expect(m.positions()[0]).toMatchObject({ stopLoss: null, takeProfit: null });
  });

  describe('trading stop', () => {
    it('refuses a trading stop without a position (10001)', () => {
      const m = marketAt(50_000);
      const error = refusal(() => m.setTradingStop({ symbol: 'BTCUSDT', stopLoss: 49_000 }, T0));
      expect((error as InvalidRequestError).reason).toBe('can not set tp/sl/ts for zero position');
    });

    it('refuses a long stop above the current price and a take-profit below it', () => {
      const m = marketAt(50_000);
      withLong(m, 50_000);
      expect(refusal(() => m.setTradingStop({ symbol: 'BTCUSDT', stopLoss: 50_500 }, T0))).toBeInstanceOf(
        InvalidRequestError,
      );
      expect(refusal(() => m.setTradingStop({ symbol: 'BTCUSDT', takeProfit: 49_000 }, T0))).toBeInstanceOf(
        InvalidRequestError,
      );
    });

    it('moves legs in place (same order id), removes a leg with 0 and refuses a no-op as not modified (34040)', () => {
      const m = marketAt(50_000);
      withLong(m, 50_000, 0.01, { stopLoss: 49_000 });
      const stopId = m.openOrders().find((o) => o.stopKind === 'STOP_LOSS')?.orderId;
      m.setTradingStop({ symbol: 'BTCUSDT', stopLoss: 49_500, takeProfit: 51_000 }, T0);
      expect(m.openOrders().find((o) => o.stopKind === 'STOP_LOSS')).toMatchObject({
        orderId: stopId,
        triggerPrice: 49_500,
      });
      const noop = refusal(() => m.setTradingStop({ symbol: 'BTCUSDT', stopLoss: 49_500 }, T0));
      expect((noop as NotModifiedError).venueCode).toBe(34040);
      m.setTradingStop({ symbol: 'BTCUSDT', takeProfit: 0 }, T0);
      expect(m.positions()[0]).toMatchObject({ stopLoss: 49_500, takeProfit: null });
      expect(m.findOrder({ symbol: 'BTCUSDT', orderId: stopId as string })?.status).toBe('UNTRIGGERED');
    });
  });
});
