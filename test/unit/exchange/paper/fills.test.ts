import { describe, expect, it } from 'vitest';
import { bar, marketAt, order, T0, trades, withLong, withShort } from './fixtures.ts';

describe('matcher fill model', () => {
  describe('LIMIT orders', () => {
    it('fills a buy LIMIT at its price as a maker when the candle trades through it', () => {
      const m = marketAt(50_000);
      const placed = m.placeOrder(order({ price: 49_500 }), T0);
      m.processCandle('BTCUSDT', bar(50_000, 50_100, 49_400, 49_800), 60_000);
      const [fill] = trades(m);
      expect(fill).toMatchObject({ orderId: placed.orderId, price: 49_500, isMaker: true, qty: 0.01 });
      expect(fill?.feeUsdt).toBeCloseTo(0.01 * 49_500 * 0.0002, 12);
      expect(m.positions()[0]).toMatchObject({ side: 'LONG', qty: 0.01, entryPrice: 49_500 });
    });

    it('does not fill a buy LIMIT when the low only touches it', () => {
      const m = marketAt(50_000);
      m.placeOrder(order({ price: 49_500 }), T0);
      m.processCandle('BTCUSDT', bar(50_000, 50_100, 49_500, 49_800), 60_000);
      m.processPrice('BTCUSDT', 49_500, T0 + 120_000);
      expect(trades(m)).toHaveLength(0);
      expect(m.openOrders('BTCUSDT')[0]?.status).toBe('NEW');
    });

    it('does not fill a sell LIMIT when the high only touches it', () => {
      const m = marketAt(50_000);
      m.placeOrder(order({ side: 'SELL', price: 50_500 }), T0);
      m.processCandle('BTCUSDT', bar(50_000, 50_500, 49_900, 50_100), 60_000);
      expect(trades(m)).toHaveLength(0);
    });

    it('fills a buy LIMIT at its own price, not the better open, when the market gaps below it', () => {
      const m = marketAt(50_000);
      m.placeOrder(order({ price: 49_500 }), T0);
      m.processCandle('BTCUSDT', bar(49_000, 49_100, 48_900, 49_050), 60_000);
      expect(trades(m)[0]?.price).toBe(49_500);
    });

    it('takes liquidity with a buy LIMIT above the market, at the next price plus slippage capped by the limit', () => {
      const m = marketAt(50_000);
      m.placeOrder(order({ price: 50_200 }), T0);
      m.processPrice('BTCUSDT', 50_000, T0 + 1);
      const [fill] = trades(m);
      expect(fill?.isMaker).toBe(false);
      expect(fill?.price).toBe(50_050);
      const capped = marketAt(50_000);
      capped.placeOrder(order({ price: 50_020 }), T0);
      capped.processPrice('BTCUSDT', 50_000, T0 + 1);
      expect(trades(capped)[0]?.price).toBe(50_020);
    });

    it('cancels a POST_ONLY LIMIT that would take liquidity', () => {
      const m = marketAt(50_000);
      const placed = m.placeOrder(order({ price: 50_100, timeInForce: 'POST_ONLY' }), T0);
      expect(placed.status).toBe('CANCELLED');
      expect(placed.reason).toBe('EC_PostOnlyWillTakeLiquidity');
      expect(m.openOrders()).toHaveLength(0);
    });

    it('cancels a POST_ONLY LIMIT amended to a price that would take liquidity', () => {
      const m = marketAt(50_000);
      const placed = m.placeOrder(order({ price: 49_900, timeInForce: 'POST_ONLY' }), T0);
      const amended = m.amendOrder({ symbol: 'BTCUSDT', orderId: placed.orderId, price: 50_100 }, T0);
      expect(amended).toMatchObject({ status: 'CANCELLED', reason: 'EC_PostOnlyWillTakeLiquidity' });
      expect(m.openOrders()).toHaveLength(0);
    });

    it('cancels an IOC LIMIT that cannot fill at once', () => {
      const m = marketAt(50_000);
      expect(m.placeOrder(order({ price: 49_000, timeInForce: 'IOC' }), T0).status).toBe('CANCELLED');
    });

    it('fills at most the configured quantity per candle, leaving the order partially filled', () => {
      const m = marketAt(50_000, { maxLimitFillQtyPerEvent: 0.004 });
      const placed = m.placeOrder(order({ price: 49_500, qty: 0.01 }), T0);
      m.processCandle('BTCUSDT', bar(50_000, 50_000, 49_000, 49_200), 60_000);
      expect(m.findOrder({ symbol: 'BTCUSDT', orderId: placed.orderId })).toMatchObject({
        status: 'PARTIALLY_FILLED',
        filledQty: 0.004,
      });
      m.processCandle('BTCUSDT', bar(49_200, 49_300, 49_000, 49_100), 60_000);
      m.processCandle('BTCUSDT', bar(49_100, 49_300, 49_000, 49_100), 60_000);
      const done = m.findOrder({ symbol: 'BTCUSDT', orderId: placed.orderId });
      expect(done).toMatchObject({ status: 'FILLED', filledQty: 0.01, avgFillPrice: 49_500 });
      expect(m.positions()[0]?.qty).toBe(0.01);
    });
  });

  describe('MARKET orders', () => {
    it('fills a MARKET buy at the next candle open plus slippage, rounded up to the tick, with the taker fee', () => {
      const m = marketAt(50_000);
      m.placeOrder(order({ type: 'MARKET', price: undefined }), T0);
      expect(trades(m)).toHaveLength(0);
      m.processCandle('BTCUSDT', bar(50_010.3, 50_100, 49_900, 50_000), 60_000);
      const [fill] = trades(m);
      expect(fill?.price).toBe(50_060.4);
      expect(fill?.isMaker).toBe(false);
      expect(fill?.feeUsdt).toBeCloseTo(0.01 * 50_060.4 * 0.00055, 12);
    });

    it('fills a MARKET sell at the next price minus slippage, rounded down to the tick', () => {
      const m = marketAt(50_000);
      m.placeOrder(order({ type: 'MARKET', side: 'SELL', price: undefined }), T0);
      m.processPrice('BTCUSDT', 50_010.3, T0 + 1);
      expect(trades(m)[0]?.price).toBe(49_960.2);
    });

    it('fills a MARKET order at once at the current mark in immediate mode', () => {
      const m = marketAt(50_000, { marketFills: 'immediate' });
      m.placeOrder(order({ type: 'MARKET', price: undefined }), T0);
      expect(trades(m)[0]?.price).toBe(50_050);
    });
  });

  describe('stops, take-profits and the candle path', () => {
    it('fills a long stop at the stop minus slippage when the candle trades through it', () => {
      const m = marketAt(50_000);
      withLong(m, 50_000, 0.01, { stopLoss: 49_000 });
      m.processCandle('BTCUSDT', bar(49_900, 49_950, 48_500, 48_800), 60_000);
      const exit = trades(m)[1];
      expect(exit).toMatchObject({ side: 'SELL', price: 48_951, isMaker: false, closedQty: 0.01 });
      expect(m.positions()).toHaveLength(0);
    });

    it('fills a long stop at the open minus slippage when the candle gaps past it', () => {
      const m = marketAt(50_000);
      withLong(m, 50_000, 0.01, { stopLoss: 49_000 });
      const gap = bar(48_000, 48_500, 47_800, 48_200);
      m.processCandle('BTCUSDT', gap, 60_000);
      expect(trades(m)[1]).toMatchObject({ price: 47_952, timeMs: gap.ts });
    });

    it('checks a long stop before its take-profit when one candle spans both', () => {
      const m = marketAt(50_000);
      withLong(m, 50_000, 0.01, { stopLoss: 49_000, takeProfit: 51_000 });
      m.processCandle('BTCUSDT', bar(50_000, 52_000, 48_000, 51_500), 60_000);
      const exits = trades(m).slice(1);
      expect(exits).toHaveLength(1);
      expect(m.findOrder({ symbol: 'BTCUSDT', orderId: exits[0]?.orderId as string })?.stopKind).toBe(
        'STOP_LOSS',
      );
    });

    it('checks a short stop before its take-profit when one candle spans both', () => {
      const m = marketAt(50_000);
      withShort(m, 50_000, 0.01, { stopLoss: 51_000, takeProfit: 49_000 });
      m.processCandle('BTCUSDT', bar(50_000, 52_000, 48_000, 48_500), 60_000);
      const exit = trades(m)[1];
      expect(m.findOrder({ symbol: 'BTCUSDT', orderId: exit?.orderId as string })?.stopKind).toBe(
        'STOP_LOSS',
      );
      expect(exit?.price).toBe(51_051);
    });

    it('fills the take-profit as a market order at its price minus slippage when only it is reached', () => {
      const m = marketAt(50_000);
      withLong(m, 50_000, 0.01, { stopLoss: 49_000, takeProfit: 51_000 });
      m.processCandle('BTCUSDT', bar(50_000, 51_200, 49_800, 51_100), 60_000);
      const exit = trades(m)[1];
      expect(m.findOrder({ symbol: 'BTCUSDT', orderId: exit?.orderId as string })?.stopKind).toBe(
        'TAKE_PROFIT',
      );
      expect(exit?.price).toBe(50_949);
    });

    it('fills a buy entry on the way down and then stops it out inside the same candle', () => {
      const m = marketAt(50_000);
      m.placeOrder(order({ price: 49_500, stopLoss: 49_000, takeProfit: 50_500 }), T0);
      m.processCandle('BTCUSDT', bar(50_000, 50_600, 48_900, 50_400), 60_000);
      const [entry, exit] = trades(m);
      expect(entry?.price).toBe(49_500);
      expect(exit?.price).toBe(48_951);
      expect(m.positions()).toHaveLength(0);
    });

    it('places the attached stop and take-profit only when the entry fills, and they can be amended before', () => {
      const m = marketAt(50_000);
      const placed = m.placeOrder(order({ price: 49_500, stopLoss: 49_000, takeProfit: 51_000 }), T0);
      expect(m.openOrders().filter((o) => o.stopKind !== 'NONE')).toHaveLength(0);
      m.amendOrder({ symbol: 'BTCUSDT', orderId: placed.orderId, stopLoss: 48_800, takeProfit: 0 }, T0);
      m.processPrice('BTCUSDT', 49_400, T0 + 1);
      const position = m.positions()[0];
      expect(position).toMatchObject({ stopLoss: 48_800, takeProfit: null });
      const legs = m.openOrders().filter((o) => o.stopKind !== 'NONE');
      expect(legs).toEqual([
        expect.objectContaining({
          stopKind: 'STOP_LOSS',
          status: 'UNTRIGGERED',
          triggerPrice: 48_800,
          reduceOnly: true,
          side: 'SELL',
        }),
      ]);
    });

    it('deactivates the other legs and cancels reduce-only orders when the position closes', () => {
      const m = marketAt(50_000);
      withLong(m, 50_000, 0.01, { stopLoss: 49_000, takeProfit: 52_000 });
      const reduce = m.placeOrder(order({ side: 'SELL', price: 51_000, qty: 0.005, reduceOnly: true }), T0);
      m.processPrice('BTCUSDT', 48_900, T0 + 2);
      expect(m.openOrders()).toHaveLength(0);
      expect(m.findOrder({ symbol: 'BTCUSDT', orderId: reduce.orderId })).toMatchObject({
        status: 'CANCELLED',
        reason: 'CancelByReduceOnly',
      });
    });

    it('activates a trailing stop at its activation price and exits at the trailed level', () => {
      const m = marketAt(50_000);
      withLong(m, 50_000, 0.01);
      m.setTradingStop({ symbol: 'BTCUSDT', trailingStop: 500, activePrice: 50_800 }, T0 + 2);
      m.processPrice('BTCUSDT', 49_800, T0 + 3);
      expect(m.positions()[0]?.trailingStop).toBe(500);
      m.processCandle('BTCUSDT', bar(50_000, 51_000, 49_900, 50_900), 60_000);
      expect(m.positions()).toHaveLength(1);
      m.processCandle('BTCUSDT', bar(50_900, 51_300, 50_700, 50_750), 60_000);
      const exit = trades(m)[1];
      expect(exit?.price).toBe(50_749.2);
      expect(m.findOrder({ symbol: 'BTCUSDT', orderId: exit?.orderId as string })?.stopKind).toBe(
        'TRAILING_STOP',
      );
    });
  });

  describe('positions and liquidation', () => {
    it('sets the isolated liquidation price: long entry × (1 − 1/leverage + MMR), short mirrored', () => {
      const long = marketAt(50_000, { maintenanceMarginRate: 0.005 });
      long.setLeverage('BTCUSDT', 20, T0);
      expect(withLong(long, 50_000).liquidationPrice).toBeCloseTo(50_000 * (1 - 0.05 + 0.005), 8);
      const short = marketAt(50_000, { maintenanceMarginRate: { BTCUSDT: 0.01 } });
      short.setLeverage('BTCUSDT', 20, T0);
      expect(withShort(short, 50_000).liquidationPrice).toBeCloseTo(50_000 * (1 + 0.05 - 0.01), 8);
    });

    it('liquidates at the liquidation price before a stop beyond it, and the whole margin is lost', () => {
      const m = marketAt(50_000);
      m.setLeverage('BTCUSDT', 50, T0);
      withLong(m, 50_000, 0.01, { stopLoss: 48_000 });
      const walletBefore = m.wallet().walletBalanceUsdt;
      m.processCandle('BTCUSDT', bar(49_950, 49_990, 47_500, 47_800), 60_000);
      const liquidation = m.executions('BTCUSDT').find((e) => e.kind === 'LIQUIDATION');
      expect(liquidation?.price).toBeCloseTo(50_000 * (1 - 0.02 + 0.005), 8);
      expect(liquidation?.realisedPnlUsdt).toBeCloseTo(-10, 10);
      expect(m.wallet().walletBalanceUsdt).toBeCloseTo(walletBefore - 10, 10);
      expect(trades(m)).toHaveLength(1);
    });

    it('liquidates on a gap past the liquidation price even when the stop lies before it', () => {
      const m = marketAt(50_000);
      m.setLeverage('BTCUSDT', 50, T0);
      withLong(m, 50_000, 0.01, { stopLoss: 49_500 });
      m.processCandle('BTCUSDT', bar(48_000, 48_100, 47_900, 48_000), 60_000);
      expect(m.executions('BTCUSDT').map((e) => e.kind)).toEqual(['TRADE', 'LIQUIDATION']);
    });

    it('liquidates a short when price rises to its liquidation price before its stop', () => {
      const m = marketAt(50_000);
      m.setLeverage('BTCUSDT', 25, T0);
      withShort(m, 50_000, 0.01, { stopLoss: 53_000 });
      m.processCandle('BTCUSDT', bar(50_010, 53_500, 49_900, 53_200), 60_000);
      const liquidation = m.executions('BTCUSDT').find((e) => e.kind === 'LIQUIDATION');
      expect(liquidation).toMatchObject({ side: 'BUY', closedQty: 0.01 });
      expect(liquidation?.price).toBeCloseTo(50_000 * (1 + 0.04 - 0.005), 8);
      expect(liquidation?.realisedPnlUsdt).toBeCloseTo(-20, 10);
    });

    it('trails a short stop down behind the best price and exits when price comes back up', () => {
      const m = marketAt(50_000);
      withShort(m, 50_000, 0.01);
      m.setTradingStop({ symbol: 'BTCUSDT', trailingStop: 400 }, T0 + 2);
      m.processCandle('BTCUSDT', bar(50_000, 50_300, 49_000, 49_100), 60_000);
      expect(m.positions()).toHaveLength(1);
      expect(m.openOrders().find((o) => o.stopKind === 'TRAILING_STOP')?.triggerPrice).toBe(49_400);
      m.processCandle('BTCUSDT', bar(49_100, 49_600, 49_050, 49_500), 60_000);
      const exit = trades(m)[1];
      expect(exit).toMatchObject({ side: 'BUY', price: 49_449.4 });
    });

    it('grows a position at the weighted entry and flips it with a larger opposite order', () => {
      const m = marketAt(50_000);
      withLong(m, 50_000, 0.01);
      withLong(m, 49_000, 0.03);
      expect(m.positions()[0]).toMatchObject({ qty: 0.04, entryPrice: 49_250 });
      m.placeOrder(order({ side: 'SELL', price: 49_500, qty: 0.05 }), T0);
      m.processPrice('BTCUSDT', 49_600, T0 + 5);
      const [flipped] = m.positions();
      expect(flipped).toMatchObject({ side: 'SHORT', qty: 0.01, entryPrice: 49_500 });
      const flip = trades(m).at(-1);
      expect(flip?.closedQty).toBe(0.04);
      expect(flip?.realisedPnlUsdt).toBeCloseTo(0.04 * 250, 10);
    });

    it('never lets a reduce-only order flip the position: it closes it and cancels the rest', () => {
      const m = marketAt(50_000);
      withLong(m, 50_000, 0.01);
      const reduce = m.placeOrder(
        order({ side: 'SELL', type: 'MARKET', price: undefined, qty: 0.03, reduceOnly: true }),
        T0,
      );
      m.processPrice('BTCUSDT', 50_100, T0 + 5);
      expect(m.positions()).toHaveLength(0);
      expect(m.findOrder({ symbol: 'BTCUSDT', orderId: reduce.orderId })).toMatchObject({
        status: 'CANCELLED',
        filledQty: 0.01,
      });
    });
  });
});
