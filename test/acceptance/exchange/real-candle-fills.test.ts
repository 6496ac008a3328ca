import { describe, expect, it } from 'vitest';
import { roundToTick } from '../../../src/exchange/paper/numbers.ts';
import { hasRealData } from '../../support/data.ts';
import { at, candles, indexAt, realExchange } from './real-data.ts';

/**
 * The matcher's pessimistic fill model on real candles from ../shared/data: gaps, violent
 * candles, touches and liquidations that actually happened.
 */
describe.skipIf(!hasRealData)('matcher on real candles', () => {
  describe('gap through a stop', () => {
    const cases = [
      {
        symbol: 'DOGEUSDT',
        file: ['binance-usdm', 'DOGEUSDT-5m.csv'],
        gapAt: '2025-01-29T01:35:00Z',
        qty: 200,
        timeframe: '5m',
      },
      {
        symbol: 'BTCUSDT',
        file: ['binance-usdm', 'BTCUSDT-1h.csv'],
        gapAt: '2019-09-24T20:00:00Z',
        qty: 0.005,
        timeframe: '1h',
      },
    ] as const;
    for (const c of cases) {
      it(`fills a long's stop at the gapped open, worse than the stop (${c.symbol} ${c.gapAt})`, async () => {
        const rows = candles(...c.file);
        const g = indexAt(rows, c.gapAt);
        const beforeGap = at(rows, g - 1);
        const gap = at(rows, g);
        const { exchange, rules, feed } = realExchange(c.symbol, { candleTimeframe: c.timeframe });
        feed(at(rows, g - 2));
        await exchange.setLeverage(c.symbol, 5);
        await exchange.placeOrder({
          symbol: c.symbol,
          side: 'BUY',
          type: 'MARKET',
          qty: c.qty,
          clientOrderId: 'entry',
        });
        feed(beforeGap);
        const stopLoss = roundToTick((beforeGap.close + gap.open) / 2, rules.tickSize, 'down');
        expect(gap.open).toBeLessThan(stopLoss);
        expect(beforeGap.close).toBeGreaterThan(stopLoss);
        await exchange.setTradingStop({ symbol: c.symbol, stopLoss });

        feed(gap);
        expect(await exchange.getPositions(c.symbol)).toHaveLength(0);
        const exit = (await exchange.getExecutions(c.symbol)).find((e) => e.side === 'SELL');
        expect(exit?.price).toBe(roundToTick(gap.open * (1 - 0.0005), rules.tickSize, 'down'));
        expect(exit?.price).toBeLessThan(stopLoss);
        expect(exit?.timeMs).toBe(gap.ts);
        expect(exit?.isMaker).toBe(false);
      });
    }
  });

  describe('stop and take-profit inside the same candle', () => {
    it('lets the stop win for a long in the DOGEUSDT 2025-02-03 02:05 candle that spans both', async () => {
      const rows = candles('binance-usdm', 'DOGEUSDT-5m.csv');
      const i = indexAt(rows, '2025-02-03T02:05:00Z');
      const candle = at(rows, i);
      const { exchange, feed } = realExchange('DOGEUSDT');
      feed(at(rows, i - 1));
      const stopLoss = 0.215;
      const takeProfit = 0.222;
      expect(candle.low).toBeLessThan(stopLoss);
      expect(candle.high).toBeGreaterThan(takeProfit);
      await exchange.setLeverage('DOGEUSDT', 5);
      await exchange.placeOrder({
        symbol: 'DOGEUSDT',
        side: 'BUY',
        type: 'MARKET',
        qty: 100,
        clientOrderId: 'entry',
        stopLoss,
        takeProfit,
      });
      feed(candle);
      expect(await exchange.getPositions()).toHaveLength(0);
      const exit = (await exchange.getExecutions('DOGEUSDT')).find((e) => e.side === 'SELL');
      const exitOrder = await exchange.getOrder({ symbol: 'DOGEUSDT', orderId: exit?.orderId as string });
      expect(exitOrder?.stopKind).toBe('STOP_LOSS');
      expect(exit?.price).toBeLessThanOrEqual(stopLoss);
      const orders = exchange.matcher.ledger.orders;
      const takeProfitLeg = [...orders.values()].find((o) => o.stopKind === 'TAKE_PROFIT');
      expect(takeProfitLeg?.status).toBe('DEACTIVATED');
    });

    it('lets the stop win for a short in the SOLUSDT 2025-03-02 15:25 spike that spans both', async () => {
      const rows = candles('binance-usdm', 'SOLUSDT-5m.csv');
      const i = indexAt(rows, '2025-03-02T15:25:00Z');
      const candle = at(rows, i);
      const { exchange, feed } = realExchange('SOLUSDT');
      feed(at(rows, i - 1));
      const stopLoss = 150;
      const takeProfit = 142.8;
      expect(candle.high).toBeGreaterThan(stopLoss);
      expect(candle.low).toBeLessThan(takeProfit);
      await exchange.placeOrder({
        symbol: 'SOLUSDT',
        side: 'SELL',
        type: 'MARKET',
        qty: 1,
        clientOrderId: 'entry',
        stopLoss,
        takeProfit,
      });
      feed(candle);
      const exit = (await exchange.getExecutions('SOLUSDT')).find((e) => e.side === 'BUY');
      const exitOrder = await exchange.getOrder({ symbol: 'SOLUSDT', orderId: exit?.orderId as string });
      expect(exitOrder?.stopKind).toBe('STOP_LOSS');
      expect(exit?.price).toBeGreaterThanOrEqual(stopLoss);
    });
  });

  describe('LIMIT entries that price only touches', () => {
    it('never fills a buy LIMIT at a real low that later candles touch but do not trade through, then fills it at the limit', async () => {
      const rows = candles('bybit-linear', 'BTCUSDT-5m.csv');
      // The first real candle after a while whose low is later touched again before being broken.
      let found: { start: number; touchEnd: number; breakAt: number; limit: number } | null = null;
      for (let i = 300; i < rows.length - 300 && !found; i++) {
        const limit = at(rows, i).low;
        if (at(rows, i - 1).low <= limit || at(rows, i - 1).close <= limit) continue;
        let touches = 0;
        for (let j = i + 1; j < i + 288; j++) {
          const low = at(rows, j).low;
          if (low === limit) touches += 1;
          if (low < limit) {
            if (touches > 0 && j > i + 3) found = { start: i - 1, touchEnd: j - 1, breakAt: j, limit };
            break;
          }
        }
      }
      expect(found).not.toBeNull();
      const { start, touchEnd, breakAt, limit } = found as NonNullable<typeof found>;
      const { exchange, feed } = realExchange('BTCUSDT');
      feed(at(rows, start));
      await exchange.placeOrder({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        qty: 0.001,
        price: limit,
        clientOrderId: 'touch',
      });
      let touchedCandles = 0;
      for (let k = start + 1; k <= touchEnd; k++) {
        feed(at(rows, k));
        if (at(rows, k).low === limit) touchedCandles += 1;
      }
      expect(touchedCandles).toBeGreaterThanOrEqual(2);
      expect((await exchange.getOrder({ symbol: 'BTCUSDT', clientOrderId: 'touch' }))?.status).toBe('NEW');
      expect(await exchange.getPositions()).toHaveLength(0);

      feed(at(rows, breakAt));
      const order = await exchange.getOrder({ symbol: 'BTCUSDT', clientOrderId: 'touch' });
      expect(order?.status).toBe('FILLED');
      expect(order?.avgFillPrice).toBe(limit);
      const [fill] = await exchange.getExecutions('BTCUSDT');
      expect(fill?.isMaker).toBe(true);
      expect(fill?.feeUsdt).toBeCloseTo(0.001 * limit * 0.0002, 10);
    });
  });

  describe('liquidation', () => {
    it('liquidates a 50x long in the DOGEUSDT 2025-08-14 12:30 drop before its stop, losing the whole margin', async () => {
      const rows = candles('binance-usdm', 'DOGEUSDT-5m.csv');
      const i = indexAt(rows, '2025-08-14T12:30:00Z');
      const { exchange, feed } = realExchange('DOGEUSDT');
      feed(at(rows, i - 1));
      await exchange.setLeverage('DOGEUSDT', 50);
      const stopLoss = roundToTick(at(rows, i).open * 0.97, 0.00001, 'down');
      await exchange.placeOrder({
        symbol: 'DOGEUSDT',
        side: 'BUY',
        type: 'MARKET',
        qty: 1000,
        clientOrderId: 'entry',
        stopLoss,
      });
      feed(at(rows, i));
      const executions = await exchange.getExecutions('DOGEUSDT');
      const entry = executions[0];
      expect(entry?.side).toBe('BUY');
      const entryPrice = entry?.price as number;
      const liquidationPrice = entryPrice * (1 - 1 / 50 + 0.005);
      expect(stopLoss).toBeLessThan(liquidationPrice);
      expect(at(rows, i).low).toBeLessThan(stopLoss);
      // The entry filled at this candle's open and the drop liquidated it inside the same candle.
      const liquidation = executions.find((e) => e.kind === 'LIQUIDATION');
      expect(liquidation?.price).toBeCloseTo(liquidationPrice, 10);
      expect(liquidation?.realisedPnlUsdt).toBeCloseTo(-(1000 * entryPrice) / 50, 10);
      const wallet = await exchange.getWallet();
      expect(wallet.walletBalanceUsdt).toBeCloseTo(100 - entry!.feeUsdt - (1000 * entryPrice) / 50, 10);
      expect(await exchange.getPositions()).toHaveLength(0);
      const stopLeg = [...exchange.matcher.ledger.orders.values()].find((o) => o.stopKind === 'STOP_LOSS');
      expect(stopLeg?.status).toBe('DEACTIVATED');
    });

    it('exits the same 20x long through its stop when the stop sits before the liquidation price', async () => {
      const rows = candles('binance-usdm', 'DOGEUSDT-5m.csv');
      const i = indexAt(rows, '2025-08-14T12:30:00Z');
      const { exchange, feed } = realExchange('DOGEUSDT');
      feed(at(rows, i - 1));
      await exchange.setLeverage('DOGEUSDT', 20);
      const open = at(rows, i).open;
      const stopLoss = Math.round(open * 0.98 * 1e5) / 1e5;
      await exchange.placeOrder({
        symbol: 'DOGEUSDT',
        side: 'BUY',
        type: 'MARKET',
        qty: 1000,
        clientOrderId: 'entry',
        stopLoss,
      });
      feed(at(rows, i));
      const executions = await exchange.getExecutions('DOGEUSDT');
      expect(executions.some((e) => e.kind === 'LIQUIDATION')).toBe(false);
      const exit = executions.find((e) => e.side === 'SELL');
      expect(exit?.price).toBe(roundToTick(stopLoss * (1 - 0.0005), 0.00001, 'down'));
    });
  });
});
