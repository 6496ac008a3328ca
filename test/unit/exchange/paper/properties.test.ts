import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExchangeError } from '../../../../src/exchange/errors.ts';
import { constantFunding, Matcher } from '../../../../src/exchange/paper/index.ts';
import { roundToTick } from '../../../../src/exchange/paper/numbers.ts';
import { btc, T0 } from './fixtures.ts';

type Action =
  | { kind: 'candle'; drift: number; up: number; down: number; hours: number }
  | { kind: 'tick'; drift: number; hours: number }
  | { kind: 'limit'; buy: boolean; offset: number; qty: number; stopPct: number; tpPct: number }
  | { kind: 'market'; buy: boolean; qty: number; reduceOnly: boolean }
  | { kind: 'reduce'; offset: number; qtyFactor: number }
  | { kind: 'stop'; stopPct: number; tpPct: number; trailPct: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'leverage'; leverage: number };

/** A fraction drawn in whole basis points, so moves are spread over the range rather than near 0. */
const pct = (min: number, max: number) =>
  fc.integer({ min: Math.round(min * 10_000), max: Math.round(max * 10_000) }).map((bp) => bp / 10_000);
/** A distance in basis points, or 0 (no leg) one time in four. */
const legPct = (maxBp: number) =>
  fc.oneof(
    { arbitrary: fc.integer({ min: 20, max: maxBp }).map((bp) => bp / 10_000), weight: 3 },
    { arbitrary: fc.constant(0), weight: 1 },
  );
const priceMove: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('candle' as const),
    drift: pct(-0.03, 0.03),
    up: pct(0, 0.03),
    down: pct(0, 0.03),
    hours: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({
    kind: fc.constant('tick' as const),
    drift: pct(-0.04, 0.04),
    hours: fc.integer({ min: 0, max: 9 }),
  }),
);
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: priceMove, weight: 5 },
  {
    arbitrary: fc.record({
      kind: fc.constant('limit' as const),
      buy: fc.boolean(),
      offset: pct(-0.02, 0.02),
      qty: fc.integer({ min: 1, max: 40 }),
      stopPct: legPct(500),
      tpPct: legPct(500),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('market' as const),
      buy: fc.boolean(),
      qty: fc.integer({ min: 1, max: 40 }),
      reduceOnly: fc.boolean(),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('reduce' as const),
      offset: pct(-0.01, 0.01),
      qtyFactor: pct(0.1, 2.5),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('stop' as const),
      stopPct: legPct(500),
      tpPct: legPct(500),
      trailPct: legPct(300),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant('leverage' as const),
      leverage: fc.integer({ min: 1, max: 60 }),
    }),
    weight: 1,
  },
);

const tick = (price: number) => roundToTick(price, btc.tickSize, 'down');

/** Runs the actions; venue refusals are part of the game, anything else is a bug. */
function play(actions: Action[], fundingRate: number) {
  const m = new Matcher({
    instruments: [btc],
    startBalanceUsdt: 1000,
    slippagePct: 0.0005,
    funding: constantFunding(fundingRate),
  });
  let now = T0;
  let price = 50_000;
  let seq = 0;
  const checks: Array<() => void> = [];
  m.processPrice('BTCUSDT', price, now);
  for (const a of actions) {
    try {
      const position = m.positions('BTCUSDT')[0];
      switch (a.kind) {
        case 'candle': {
          const open = price;
          const close = tick(open * (1 + a.drift));
          const high = tick(Math.max(open, close) * (1 + a.up));
          const low = tick(Math.min(open, close) * (1 - a.down));
          now += a.hours * 3_600_000 + 60_000;
          m.processCandle('BTCUSDT', { ts: now, open, high, low, close, volume: 1 }, 60_000);
          price = close;
          break;
        }
        case 'tick':
          now += a.hours * 3_600_000 + 1000;
          price = tick(price * (1 + a.drift));
          m.processPrice('BTCUSDT', price, now);
          break;
        case 'limit': {
          const limit = tick(price * (1 + a.offset));
          const dir = a.buy ? 1 : -1;
          m.placeOrder(
            {
              symbol: 'BTCUSDT',
              side: a.buy ? 'BUY' : 'SELL',
              type: 'LIMIT',
              qty: a.qty / 1000,
              price: limit,
              clientOrderId: `p-${seq++}`,
              stopLoss: a.stopPct > 0 ? tick(limit * (1 - dir * a.stopPct)) : undefined,
              takeProfit: a.tpPct > 0 ? tick(limit * (1 + dir * a.tpPct)) : undefined,
            },
            now,
          );
          break;
        }
        case 'market':
          m.placeOrder(
            {
              symbol: 'BTCUSDT',
              side: a.buy ? 'BUY' : 'SELL',
              type: 'MARKET',
              qty: a.qty / 1000,
              reduceOnly: a.reduceOnly,
              clientOrderId: `p-${seq++}`,
            },
            now,
          );
          break;
        case 'reduce':
          if (!position) break;
          m.placeOrder(
            {
              symbol: 'BTCUSDT',
              side: position.side === 'LONG' ? 'SELL' : 'BUY',
              type: 'LIMIT',
              qty: Math.max(0.001, Math.round(position.qty * a.qtyFactor * 1000) / 1000),
              price: tick(price * (1 + a.offset)),
              reduceOnly: true,
              clientOrderId: `p-${seq++}`,
            },
            now,
          );
          break;
        case 'stop': {
          if (!position) break;
          const dir = position.side === 'LONG' ? 1 : -1;
          m.setTradingStop(
            {
              symbol: 'BTCUSDT',
              stopLoss: a.stopPct > 0 ? tick(price * (1 - dir * a.stopPct)) : 0,
              takeProfit: a.tpPct > 0 ? tick(price * (1 + dir * a.tpPct)) : 0,
              trailingStop: a.trailPct > 0 ? tick(price * a.trailPct) : 0,
            },
            now,
          );
          break;
        }
        case 'cancel': {
          const open = m.openOrders('BTCUSDT');
          const target = open[a.pick % Math.max(1, open.length)];
          if (target) m.cancelOrder({ symbol: 'BTCUSDT', orderId: target.orderId }, now);
          break;
        }
        case 'leverage':
          m.setLeverage('BTCUSDT', a.leverage, now);
          break;
      }
    } catch (error) {
      if (!(error instanceof ExchangeError)) throw error;
    }
    for (const check of checks) check();
  }
  return m;
}

const scenario = fc.record({
  actions: fc.array(action, { minLength: 5, maxLength: 60 }),
  fundingRate: pct(-0.001, 0.001),
});

describe('matcher properties', () => {
  it('keeps equity = start + realised PnL − fees − funding + unrealised PnL', () => {
    fc.assert(
      fc.property(scenario, ({ actions, fundingRate }) => {
        const m = play(actions, fundingRate);
        const totals = m.totals();
        const wallet = m.wallet();
        const expected =
          1000 + totals.realisedPnlUsdt - totals.feesUsdt - totals.fundingUsdt + wallet.unrealisedPnlUsdt;
        expect(wallet.equityUsdt).toBeCloseTo(expected, 6);
        const executions = m.executions();
        const fees = executions.filter((e) => e.kind !== 'FUNDING').reduce((s, e) => s + e.feeUsdt, 0);
        const funding = executions.filter((e) => e.kind === 'FUNDING').reduce((s, e) => s + e.feeUsdt, 0);
        const realised = executions.reduce((s, e) => s + e.realisedPnlUsdt, 0);
        expect(fees).toBeCloseTo(totals.feesUsdt, 8);
        expect(funding).toBeCloseTo(totals.fundingUsdt, 8);
        expect(realised).toBeCloseTo(totals.realisedPnlUsdt, 8);
        expect(wallet.availableUsdt).toBeLessThanOrEqual(wallet.walletBalanceUsdt + 1e-9);
      }),
      { numRuns: 150 },
    );
  });

  it('never lets a reduce-only fill open or flip a position', () => {
    fc.assert(
      fc.property(scenario, ({ actions, fundingRate }) => {
        const m = play(actions, fundingRate);
        for (const execution of m.executions().filter((e) => e.kind === 'TRADE')) {
          const placed = m.findOrder({ symbol: 'BTCUSDT', orderId: execution.orderId });
          if (placed?.reduceOnly) expect(execution.closedQty).toBe(execution.qty);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never exits through a stop at a better price than the stop', () => {
    fc.assert(
      fc.property(scenario, ({ actions, fundingRate }) => {
        const m = play(actions, fundingRate);
        for (const execution of m.executions().filter((e) => e.kind === 'TRADE')) {
          const leg = m.findOrder({ symbol: 'BTCUSDT', orderId: execution.orderId });
          if (!leg || (leg.stopKind !== 'STOP_LOSS' && leg.stopKind !== 'TRAILING_STOP')) continue;
          const trigger = leg.triggerPrice as number;
          if (execution.side === 'SELL') expect(execution.price).toBeLessThanOrEqual(trigger);
          else expect(execution.price).toBeGreaterThanOrEqual(trigger);
        }
      }),
      { numRuns: 150 },
    );
  });
});
