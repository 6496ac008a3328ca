import { describe, expect, it } from 'vitest';
import { fundingFromSeries, Matcher } from '../../../src/exchange/paper/index.ts';
import { roundToTick } from '../../../src/exchange/paper/numbers.ts';
import { hasRealData } from '../../support/data.ts';
import { candles, funding, realInstruments } from './real-data.ts';

/**
 * Nine months of Bybit BTCUSDT 5m candles with funding, traded without pause: a position always
 * open with a stop, a take-profit and a trailing stop, plus resting entries and reduce-only
 * exits. The books must balance to the cent at the end.
 */
describe.skipIf(!hasRealData)('nine months of real candles through the matcher', () => {
  it('keeps the accounting identity, never exits better than a stop, and never lets reduce-only flip', () => {
    const rows = candles('bybit-linear', 'BTCUSDT-5m.csv');
    const rules = realInstruments.BTCUSDT;
    if (!rules) throw new Error('BTCUSDT rules missing');
    const tick = (p: number) => roundToTick(p, rules.tickSize, 'down');
    const m = new Matcher({
      instruments: [rules],
      startBalanceUsdt: 10_000,
      slippagePct: 0.0005,
      funding: fundingFromSeries({ BTCUSDT: funding('bybit-linear', 'BTCUSDT-funding.csv') }),
    });
    m.setLeverage('BTCUSDT', 10, 0);
    let seq = 0;
    for (const [i, candle] of rows.entries()) {
      m.processCandle('BTCUSDT', candle, 300_000);
      const price = candle.close;
      const [position] = m.positions('BTCUSDT');
      const resting = m.openOrders('BTCUSDT').filter((o) => o.stopKind === 'NONE');
      if (!position && resting.length === 0) {
        const buy = i % 2 === 0;
        m.placeOrder(
          {
            symbol: 'BTCUSDT',
            side: buy ? 'BUY' : 'SELL',
            type: 'LIMIT',
            qty: 0.01,
            price: tick(price * (buy ? 0.998 : 1.002)),
            clientOrderId: `e${seq++}`,
            stopLoss: tick(price * (buy ? 0.985 : 1.015)),
            takeProfit: tick(price * (buy ? 1.02 : 0.98)),
          },
          candle.ts,
        );
      } else if (position && position.trailingStop == null && i % 7 === 0) {
        m.setTradingStop({ symbol: 'BTCUSDT', trailingStop: tick(price * 0.01) }, candle.ts);
      } else if (position && resting.length === 0 && i % 11 === 0) {
        m.placeOrder(
          {
            symbol: 'BTCUSDT',
            side: position.side === 'LONG' ? 'SELL' : 'BUY',
            type: 'LIMIT',
            qty: 0.02,
            price: tick(price * (position.side === 'LONG' ? 1.006 : 0.994)),
            reduceOnly: true,
            clientOrderId: `r${seq++}`,
          },
          candle.ts,
        );
      }
      m.drainEvents();
    }

    const executions = m.executions();
    const trades = executions.filter((e) => e.kind === 'TRADE');
    expect(trades.length).toBeGreaterThan(400);
    expect(executions.filter((e) => e.kind === 'FUNDING').length).toBeGreaterThan(100);

    const totals = m.totals();
    const wallet = m.wallet();
    expect(wallet.equityUsdt).toBeCloseTo(
      10_000 + totals.realisedPnlUsdt - totals.feesUsdt - totals.fundingUsdt + wallet.unrealisedPnlUsdt,
      6,
    );
    const sum = (kind: string, pick: (e: (typeof executions)[number]) => number) =>
      executions.filter((e) => kind === '*' || e.kind === kind).reduce((s, e) => s + pick(e), 0);
    expect(sum('TRADE', (e) => e.feeUsdt)).toBeCloseTo(totals.feesUsdt, 6);
    expect(sum('FUNDING', (e) => e.feeUsdt)).toBeCloseTo(totals.fundingUsdt, 6);
    expect(sum('*', (e) => e.realisedPnlUsdt)).toBeCloseTo(totals.realisedPnlUsdt, 6);

    let stopExits = 0;
    let reduceOnlyFills = 0;
    for (const trade of trades) {
      const placed = m.findOrder({ symbol: 'BTCUSDT', orderId: trade.orderId });
      if (!placed) throw new Error(`execution ${trade.execId} has no order`);
      if (placed.reduceOnly) {
        reduceOnlyFills += 1;
        expect(trade.closedQty).toBe(trade.qty);
      }
      if (placed.stopKind === 'STOP_LOSS' || placed.stopKind === 'TRAILING_STOP') {
        stopExits += 1;
        const trigger = placed.triggerPrice as number;
        if (trade.side === 'SELL') expect(trade.price).toBeLessThanOrEqual(trigger);
        else expect(trade.price).toBeGreaterThanOrEqual(trigger);
      }
    }
    expect(stopExits).toBeGreaterThan(100);
    expect(reduceOnlyFills).toBeGreaterThan(200);
  });
});
