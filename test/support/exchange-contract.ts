import { Decimal } from 'decimal.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InstrumentRules } from '../../src/domain/index.ts';
import {
  DuplicateClientIdError,
  InsufficientBalanceError,
  InvalidRequestError,
  OrderNotFoundError,
  OutcomeUnknownError,
  RateLimitedError,
} from '../../src/exchange/errors.ts';
import type { ExchangePort, ExchangePosition, StreamEvent } from '../../src/exchange/port.ts';
import type { ExchangeHarness, HarnessFactory } from './exchange-harness.ts';

/** Retries an assertion until it passes: streams and venues answer asynchronously. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

/**
 * The exchange contract: one suite that every ExchangePort implementation must pass (the paper
 * exchange directly, the Bybit adapter against the emulator). It trades `symbols[0]` around
 * `basePrice`, with sizes derived from the venue's own instrument rules.
 */
export function runExchangeContract(name: string, factory: HarnessFactory): void {
  describe(`exchange contract: ${name}`, () => {
    let harness: ExchangeHarness;
    let exchange: ExchangePort;
    let symbol: string;
    let rules: InstrumentRules;
    let basePrice: number;
    let seq = 0;
    const clientId = (tag: string) => `ct-${tag}-${Date.now().toString(36)}-${seq++}`;
    const onTick = (price: number) =>
      new Decimal(price).div(rules.tickSize).round().mul(rules.tickSize).toNumber();
    const below = (fraction: number) => onTick(basePrice * (1 - fraction));
    const above = (fraction: number) => onTick(basePrice * (1 + fraction));
    /** The smallest step multiple worth twice the minimum notional at the base price. */
    const entryQty = () => {
      const qty = new Decimal(rules.minNotionalUsdt * 2)
        .div(basePrice * 0.98)
        .div(rules.qtyStep)
        .ceil()
        .mul(rules.qtyStep)
        .toNumber();
      return Math.max(qty, rules.minQty);
    };
    const position = async (): Promise<ExchangePosition | undefined> =>
      (await exchange.getPositions(symbol)).find((p) => p.symbol === symbol);

    /** A long opened by a LIMIT 1% under the base price that the market then trades through. */
    const openLong = async (attached: { stopLoss?: number; takeProfit?: number } = {}) => {
      const entry = below(0.01);
      const qty = entryQty();
      await exchange.placeOrder({
        symbol,
        side: 'BUY',
        type: 'LIMIT',
        qty,
        price: entry,
        clientOrderId: clientId('open'),
        ...attached,
      });
      await harness.setPrice(symbol, below(0.012));
      const opened = await eventually(async () => {
        const p = await position();
        expect(p?.qty).toBe(qty);
        return p as ExchangePosition;
      });
      return { entry, qty, position: opened };
    };

    beforeEach(async () => {
      harness = await factory();
      exchange = harness.exchange;
      symbol = harness.symbols[0] as string;
      basePrice = harness.basePrice;
      const listed = await exchange.getInstruments([symbol]);
      rules = listed[0] as InstrumentRules;
      await harness.setPrice(symbol, basePrice);
      await exchange.setLeverage(symbol, 10);
    });

    afterEach(async () => {
      await harness.close();
    });

    describe('instruments and account', () => {
      it('lists the symbol with its tick, step, minimum quantity and notional, leverage bound and fees', async () => {
        expect(rules.symbol).toBe(symbol);
        for (const field of ['tickSize', 'qtyStep', 'minQty', 'maxLeverage'] as const) {
          expect(rules[field]).toBeGreaterThan(0);
        }
        expect(rules.minNotionalUsdt).toBeGreaterThanOrEqual(0);
        expect(rules.takerFee).toBeGreaterThan(0);
        expect(rules.makerFee).toBeLessThanOrEqual(rules.takerFee);
        const all = await exchange.getInstruments();
        expect(all.map((r) => r.symbol)).toContain(symbol);
      });

      it('reports a funded wallet whose equity is the wallet balance plus unrealised PnL', async () => {
        const wallet = await exchange.getWallet();
        expect(wallet.walletBalanceUsdt).toBeGreaterThan(0);
        expect(wallet.equityUsdt).toBeCloseTo(wallet.walletBalanceUsdt + wallet.unrealisedPnlUsdt, 6);
        expect(wallet.availableUsdt).toBeLessThanOrEqual(wallet.walletBalanceUsdt + 1e-9);
        expect(await exchange.getServerTimeMs()).toBeGreaterThan(Date.UTC(2020, 0, 1));
      });
    });

    describe('LIMIT orders', () => {
      it('rests a LIMIT entry as NEW, found by order id and by client id, holding margin', async () => {
        const before = await exchange.getWallet();
        const clientOrderId = clientId('rest');
        const placed = await exchange.placeOrder({
          symbol,
          side: 'BUY',
          type: 'LIMIT',
          qty: entryQty(),
          price: below(0.02),
          clientOrderId,
        });
        expect(placed.clientOrderId).toBe(clientOrderId);
        const byId = await exchange.getOrder({ symbol, orderId: placed.orderId });
        const byClientId = await exchange.getOrder({ symbol, clientOrderId });
        expect(byId?.status).toBe('NEW');
        expect(byClientId?.orderId).toBe(placed.orderId);
        expect(byId).toMatchObject({
          side: 'BUY',
          type: 'LIMIT',
          price: below(0.02),
          qty: entryQty(),
          filledQty: 0,
        });
        const open = await exchange.getOpenOrders(symbol);
        expect(open.map((o) => o.orderId)).toContain(placed.orderId);
        expect((await exchange.getWallet()).availableUsdt).toBeLessThan(before.availableUsdt);
      });

      it('amends the price and the quantity of a resting LIMIT in place', async () => {
        const placed = await exchange.placeOrder({
          symbol,
          side: 'BUY',
          type: 'LIMIT',
          qty: entryQty(),
          price: below(0.02),
          clientOrderId: clientId('amend'),
        });
        const amended = await exchange.amendOrder({ symbol, orderId: placed.orderId, price: below(0.03) });
        expect(amended.orderId).toBe(placed.orderId);
        await exchange.amendOrder({ symbol, clientOrderId: placed.clientOrderId, qty: entryQty() * 2 });
        const order = await eventually(async () => {
          const o = await exchange.getOrder({ symbol, orderId: placed.orderId });
          expect(o?.price).toBe(below(0.03));
          expect(o?.qty).toBeCloseTo(entryQty() * 2, 10);
          return o;
        });
        expect(order?.status).toBe('NEW');
      });

      it('cancels a resting LIMIT; the order stays queryable as CANCELLED and a second cancel is OrderNotFoundError', async () => {
        const placed = await exchange.placeOrder({
          symbol,
          side: 'BUY',
          type: 'LIMIT',
          qty: entryQty(),
          price: below(0.02),
          clientOrderId: clientId('cancel'),
        });
        await exchange.cancelOrder({ symbol, orderId: placed.orderId });
        const order = await exchange.getOrder({ symbol, clientOrderId: placed.clientOrderId });
        expect(order?.status).toBe('CANCELLED');
        expect((await exchange.getOpenOrders(symbol)).map((o) => o.orderId)).not.toContain(placed.orderId);
        await expect(exchange.cancelOrder({ symbol, orderId: placed.orderId })).rejects.toBeInstanceOf(
          OrderNotFoundError,
        );
      });

      it('does not fill a buy LIMIT when price only touches it, and fills it once price trades through', async () => {
        const limit = below(0.01);
        const placed = await exchange.placeOrder({
          symbol,
          side: 'BUY',
          type: 'LIMIT',
          qty: entryQty(),
          price: limit,
          clientOrderId: clientId('touch'),
        });
        await harness.setPrice(symbol, limit);
        const ts = Math.floor(Date.now() / 60_000) * 60_000;
        await harness.pushCandle(symbol, {
          ts,
          open: basePrice,
          high: basePrice,
          low: limit,
          close: basePrice,
          volume: 1,
        });
        expect((await exchange.getOrder({ symbol, orderId: placed.orderId }))?.status).toBe('NEW');
        expect(await position()).toBeUndefined();

        await harness.setPrice(symbol, onTick(limit - rules.tickSize * 5));
        const filled = await eventually(async () => {
          const o = await exchange.getOrder({ symbol, orderId: placed.orderId });
          expect(o?.status).toBe('FILLED');
          return o;
        });
        expect(filled?.avgFillPrice).toBe(limit);
        const p = await position();
        expect(p).toMatchObject({ side: 'LONG', qty: entryQty(), entryPrice: limit });
      });

      it('fills a MARKET order at the next price as a taker and charges the taker fee', async () => {
        const placed = await exchange.placeOrder({
          symbol,
          side: 'BUY',
          type: 'MARKET',
          qty: entryQty(),
          clientOrderId: clientId('mkt'),
        });
        await harness.setPrice(symbol, basePrice);
        const executions = await eventually(async () => {
          const list = (await exchange.getExecutions(symbol)).filter((e) => e.orderId === placed.orderId);
          expect(list.length).toBeGreaterThan(0);
          return list;
        });
        for (const execution of executions) {
          expect(execution.isMaker).toBe(false);
          expect(execution.price).toBeGreaterThanOrEqual(basePrice);
          expect(execution.feeUsdt).toBeCloseTo(execution.price * execution.qty * rules.takerFee, 6);
        }
        expect((await position())?.side).toBe('LONG');
      });

      it('fills a MARKET order and a reduce-only MARKET close by the time the call returns, when the venue matches at once', async () => {
        const open = await exchange.placeOrder({
          symbol,
          side: 'BUY',
          type: 'MARKET',
          qty: entryQty(),
          clientOrderId: clientId('now'),
        });
        const opened = await exchange.getOrder({ symbol, orderId: open.orderId });
        if (!harness.fillsTakersWhenPlaced) {
          // Backtests' pessimistic mode: the order waits for the next price.
          expect(opened?.status).toBe('NEW');
          return;
        }
        expect(opened).toMatchObject({ status: 'FILLED', filledQty: entryQty() });
        expect(opened?.avgFillPrice).toBeGreaterThan(basePrice);
        expect((await position())?.qty).toBe(entryQty());
        const close = await exchange.placeOrder({
          symbol,
          side: 'SELL',
          type: 'MARKET',
          qty: entryQty(),
          reduceOnly: true,
          clientOrderId: clientId('nowclose'),
        });
        expect((await exchange.getOrder({ symbol, orderId: close.orderId }))?.status).toBe('FILLED');
        expect(await position()).toBeUndefined();
        expect(await exchange.getOpenOrders(symbol)).toEqual([]);
      });

      it('cancels every open order of the symbol with cancelAllOrders and reports how many', async () => {
        for (const fraction of [0.02, 0.03]) {
          await exchange.placeOrder({
            symbol,
            side: 'BUY',
            type: 'LIMIT',
            qty: entryQty(),
            price: below(fraction),
            clientOrderId: clientId('all'),
          });
        }
        expect(await exchange.cancelAllOrders(symbol)).toBe(2);
        await eventually(async () => expect(await exchange.getOpenOrders(symbol)).toHaveLength(0));
      });

      it('refuses an off-step quantity, an off-tick price and an order below the minimum notional as invalid', async () => {
        const base = { symbol, side: 'BUY' as const, type: 'LIMIT' as const };
        const offStep = entryQty() + rules.qtyStep / 2;
        await expect(
          exchange.placeOrder({ ...base, qty: offStep, price: below(0.02), clientOrderId: clientId('step') }),
        ).rejects.toBeInstanceOf(InvalidRequestError);
        await expect(
          exchange.placeOrder({
            ...base,
            qty: entryQty(),
            price: below(0.02) + rules.tickSize / 2,
            clientOrderId: clientId('tick'),
          }),
        ).rejects.toBeInstanceOf(InvalidRequestError);
        const tinyQty = rules.minQty;
        const tinyPrice = onTick(Math.min(below(0.05), (rules.minNotionalUsdt / tinyQty) * 0.5));
        if (tinyQty * tinyPrice < rules.minNotionalUsdt) {
          await expect(
            exchange.placeOrder({
              ...base,
              qty: tinyQty,
              price: tinyPrice,
              clientOrderId: clientId('notional'),
            }),
          ).rejects.toBeInstanceOf(InvalidRequestError);
        }
        expect(await exchange.getOpenOrders(symbol)).toHaveLength(0);
      });

      it('refuses an order whose margin exceeds the available balance with InsufficientBalanceError', async () => {
        await exchange.setLeverage(symbol, rules.minLeverage ?? 1);
        const wallet = await exchange.getWallet();
        const maxQty = rules.maxQty ?? Number.POSITIVE_INFINITY;
        const qty = new Decimal(wallet.equityUsdt * 3)
          .div(below(0.01))
          .div(rules.qtyStep)
          .ceil()
          .mul(rules.qtyStep)
          .toNumber();
        expect(qty).toBeLessThanOrEqual(maxQty);
        await expect(
          exchange.placeOrder({
            symbol,
            side: 'BUY',
            type: 'LIMIT',
            qty,
            price: below(0.01),
            clientOrderId: clientId('big'),
          }),
        ).rejects.toBeInstanceOf(InsufficientBalanceError);
      });

      it('refuses a second order with a used client id with DuplicateClientIdError and keeps one order', async () => {
        const clientOrderId = clientId('dup');
        const request = {
          symbol,
          side: 'BUY' as const,
          type: 'LIMIT' as const,
          qty: entryQty(),
          price: below(0.02),
          clientOrderId,
        };
        await exchange.placeOrder(request);
        await expect(exchange.placeOrder({ ...request, price: below(0.03) })).rejects.toBeInstanceOf(
          DuplicateClientIdError,
        );
        const open = (await exchange.getOpenOrders(symbol)).filter((o) => o.clientOrderId === clientOrderId);
        expect(open).toHaveLength(1);
        expect(open[0]?.price).toBe(below(0.02));
      });
    });

    describe('positions and stops', () => {
      it('places the attached stop-loss and take-profit when the entry fills and shows them on the position', async () => {
        const stopLoss = below(0.03);
        const takeProfit = above(0.03);
        const entry = await exchange.placeOrder({
          symbol,
          side: 'BUY',
          type: 'LIMIT',
          qty: entryQty(),
          price: below(0.01),
          clientOrderId: clientId('legs'),
          stopLoss,
          takeProfit,
        });
        const resting = await exchange.getOrder({ symbol, orderId: entry.orderId });
        expect(resting).toMatchObject({ stopLoss, takeProfit });
        expect(await position()).toBeUndefined();
        await harness.setPrice(symbol, below(0.012));
        const opened = await eventually(async () => {
          const p = await position();
          expect(p?.stopLoss).toBe(stopLoss);
          return p as ExchangePosition;
        });
        expect(opened.takeProfit).toBe(takeProfit);
        expect(opened.positionIdx).toBe(0);
      });

      it('closes the position through its stop when price falls to the stop, at no better than the stop', async () => {
        const stopLoss = below(0.03);
        await openLong({ stopLoss });
        await harness.setPrice(symbol, below(0.031));
        await eventually(async () => expect(await position()).toBeUndefined());
        const exits = (await exchange.getExecutions(symbol)).filter(
          (e) => e.side === 'SELL' && e.kind === 'TRADE',
        );
        expect(exits.length).toBeGreaterThan(0);
        for (const exit of exits) expect(exit.price).toBeLessThanOrEqual(stopLoss);
      });

      it('moves the stop and the take-profit of an open position in place, and 0 removes a leg', async () => {
        await openLong({ stopLoss: below(0.03), takeProfit: above(0.03) });
        await exchange.setTradingStop({ symbol, stopLoss: below(0.02) });
        await eventually(async () => expect((await position())?.stopLoss).toBe(below(0.02)));
        await exchange.setTradingStop({ symbol, takeProfit: above(0.02) });
        await eventually(async () => expect((await position())?.takeProfit).toBe(above(0.02)));
        await exchange.setTradingStop({ symbol, takeProfit: 0 });
        await eventually(async () => {
          const p = await position();
          expect(p?.takeProfit ?? null).toBeNull();
          expect(p?.stopLoss).toBe(below(0.02));
        });
      });

      it('refuses a trading stop when there is no position', async () => {
        await expect(exchange.setTradingStop({ symbol, stopLoss: below(0.03) })).rejects.toBeInstanceOf(
          InvalidRequestError,
        );
      });

      it('refuses a reduce-only order when there is no position', async () => {
        await expect(
          exchange.placeOrder({
            symbol,
            side: 'SELL',
            type: 'LIMIT',
            qty: entryQty(),
            price: above(0.01),
            reduceOnly: true,
            clientOrderId: clientId('ro0'),
          }),
        ).rejects.toBeInstanceOf(InvalidRequestError);
      });

      it('refuses a reduce-only order that would increase the position', async () => {
        await openLong();
        await expect(
          exchange.placeOrder({
            symbol,
            side: 'BUY',
            type: 'LIMIT',
            qty: entryQty(),
            price: below(0.02),
            reduceOnly: true,
            clientOrderId: clientId('roup'),
          }),
        ).rejects.toBeInstanceOf(InvalidRequestError);
        expect((await position())?.qty).toBe(entryQty());
      });

      it('never flips a position with a reduce-only order larger than it', async () => {
        const { qty } = await openLong();
        let accepted = true;
        try {
          await exchange.placeOrder({
            symbol,
            side: 'SELL',
            type: 'MARKET',
            qty: new Decimal(qty).mul(2).toNumber(),
            reduceOnly: true,
            clientOrderId: clientId('roflip'),
          });
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidRequestError);
          accepted = false;
        }
        await harness.setPrice(symbol, below(0.011));
        if (accepted) await eventually(async () => expect(await position()).toBeUndefined());
        const p = await position();
        expect(p?.side ?? 'LONG').toBe('LONG');
      });

      it('sets leverage idempotently and refuses leverage outside the instrument bounds', async () => {
        await exchange.setLeverage(symbol, 5);
        await exchange.setLeverage(symbol, 5);
        await expect(exchange.setLeverage(symbol, rules.maxLeverage + 1)).rejects.toBeInstanceOf(
          InvalidRequestError,
        );
        const { position: opened } = await openLong();
        expect(opened.leverage).toBe(5);
      });

      it('reads one-way position mode and sets it idempotently', async () => {
        expect(await exchange.getPositionMode(symbol)).toBe('ONE_WAY');
        await exchange.setPositionMode(symbol, 'ONE_WAY');
        await exchange.setPositionMode(symbol, 'ONE_WAY');
        expect(await exchange.getPositionMode(symbol)).toBe('ONE_WAY');
      });
    });

    describe('streams', () => {
      it('streams the order, the execution and the position of a fill to an account subscription', async () => {
        const events: StreamEvent[] = [];
        const stop = await exchange.subscribe({ account: true }, (event) => events.push(event));
        const { qty } = await openLong();
        await eventually(() => {
          expect(events.some((e) => e.type === 'order' && e.order.status === 'FILLED')).toBe(true);
          expect(events.some((e) => e.type === 'execution' && e.execution.qty === qty)).toBe(true);
          expect(
            events.some((e) => e.type === 'position' && 'side' in e.position && e.position.side === 'LONG'),
          ).toBe(true);
        });
        await stop();
      });
    });

    describe('failures', () => {
      it('surfaces a rate limit as RateLimitedError with a retry delay, having sent nothing', async () => {
        const clientOrderId = clientId('rate');
        await harness.faults.rateLimitNext(100);
        const error = await exchange
          .placeOrder({
            symbol,
            side: 'BUY',
            type: 'LIMIT',
            qty: entryQty(),
            price: below(0.02),
            clientOrderId,
          })
          .then(
            () => null,
            (e: unknown) => e,
          );
        expect(error).toBeInstanceOf(RateLimitedError);
        expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
        await harness.faults.rateLimitNext(0);
        expect(await exchange.getOrder({ symbol, clientOrderId })).toBeNull();
        await exchange.getWallet();
      });

      it('resolves an unknown order outcome by client-id lookup: the order exists and resending it is refused', async () => {
        const clientOrderId = clientId('unknown');
        const request = {
          symbol,
          side: 'BUY' as const,
          type: 'LIMIT' as const,
          qty: entryQty(),
          price: below(0.02),
          clientOrderId,
        };
        await harness.faults.acceptThenTimeoutNext();
        await expect(exchange.placeOrder(request)).rejects.toBeInstanceOf(OutcomeUnknownError);
        const found = await eventually(async () => {
          const o = await exchange.getOrder({ symbol, clientOrderId });
          expect(o).not.toBeNull();
          return o;
        });
        expect(found).toMatchObject({ clientOrderId, status: 'NEW', price: below(0.02) });
        await expect(exchange.placeOrder(request)).rejects.toBeInstanceOf(DuplicateClientIdError);
        expect(
          (await exchange.getOpenOrders(symbol)).filter((o) => o.clientOrderId === clientOrderId),
        ).toHaveLength(1);
      });

      it('reports a dropped stream as reconnected, after which a new subscription receives events again', async () => {
        const first: StreamEvent[] = [];
        const stopFirst = await exchange.subscribe({ account: true }, (event) => first.push(event));
        await harness.faults.dropStreams();
        await eventually(() => expect(first.some((e) => e.type === 'reconnected')).toBe(true));
        await stopFirst();

        const second: StreamEvent[] = [];
        const stopSecond = await exchange.subscribe({ account: true }, (event) => second.push(event));
        const clientOrderId = clientId('resub');
        await exchange.placeOrder({
          symbol,
          side: 'BUY',
          type: 'LIMIT',
          qty: entryQty(),
          price: below(0.02),
          clientOrderId,
        });
        await eventually(() =>
          expect(second.some((e) => e.type === 'order' && e.order.clientOrderId === clientOrderId)).toBe(
            true,
          ),
        );
        await stopSecond();
      });
    });
  });
}
