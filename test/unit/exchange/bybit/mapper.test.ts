import { describe, expect, it } from 'vitest';
import {
  apiKeyInfoFromVenue,
  BybitPayloadError,
  candleFromKlineRow,
  executionFromVenue,
  instrumentFromVenue,
  orderFromVenue,
  orderStatusFromVenue,
  positionFromVenue,
  stopKindFromVenue,
  tickerFromVenue,
  walletFromVenue,
} from '../../../../src/exchange/bybit/mapper.ts';
import { StreamTranslator } from '../../../../src/exchange/bybit/streams.ts';
import type { StreamEvent } from '../../../../src/exchange/port.ts';
import { fixture } from './fixtures.ts';

describe('Bybit payload mapper', () => {
  it('reads instrument rules from the documented instruments-info strings', () => {
    const item = fixture('instruments-info.json').result.list[0];
    const rules = instrumentFromVenue(item, { takerFee: 0.00055, makerFee: 0.0002 });
    expect(rules).toEqual({
      symbol: 'BTCUSDT',
      tickSize: 0.1,
      qtyStep: 0.001,
      minQty: 0.001,
      maxQty: 1190,
      maxMarketQty: 500,
      minNotionalUsdt: 5,
      maxLeverage: 100,
      minLeverage: 1,
      takerFee: 0.00055,
      makerFee: 0.0002,
    });
  });

  it('reads kline rows (strings) as candles', () => {
    const rows = fixture('kline.json').result.list;
    expect(candleFromKlineRow(rows[1])).toEqual({
      ts: 1687589640000,
      open: 30709.9,
      high: 30710.4,
      low: 30709.9,
      close: 30710.3,
      volume: 3.655,
    });
  });

  it('reads a resting limit order with attached stops and no fills', () => {
    const order = orderFromVenue(fixture('order-realtime.json').result.list[0]);
    expect(order).toMatchObject({
      orderId: 'fd4300ae-7847-404e-b947-b46980a4d140',
      clientOrderId: 'test-000005',
      side: 'BUY',
      type: 'LIMIT',
      status: 'NEW',
      stopKind: 'NONE',
      price: 1600,
      qty: 0.1,
      filledQty: 0,
      avgFillPrice: null,
      triggerPrice: null,
      stopLoss: 1500,
      takeProfit: 2500,
      reduceOnly: false,
      reason: null,
      createdAtMs: 1684738540559,
    });
  });

  it('reads a system stop-loss deactivated when its position closed', () => {
    const order = orderFromVenue(fixture('order-stoploss-deactivated.json').result.list[0]);
    expect(order).toMatchObject({
      type: 'MARKET',
      status: 'DEACTIVATED',
      stopKind: 'STOP_LOSS',
      price: null,
      triggerPrice: 62000,
      reduceOnly: true,
      reason: 'CancelByTpSlTsClear',
    });
  });

  it('maps every documented order status and refuses an unknown one', () => {
    expect(orderStatusFromVenue('New')).toBe('NEW');
    expect(orderStatusFromVenue('PartiallyFilled')).toBe('PARTIALLY_FILLED');
    expect(orderStatusFromVenue('Untriggered')).toBe('UNTRIGGERED');
    expect(orderStatusFromVenue('Triggered')).toBe('NEW');
    expect(orderStatusFromVenue('Filled')).toBe('FILLED');
    expect(orderStatusFromVenue('Cancelled')).toBe('CANCELLED');
    expect(orderStatusFromVenue('PartiallyFilledCanceled')).toBe('CANCELLED');
    expect(orderStatusFromVenue('Rejected')).toBe('REJECTED');
    expect(orderStatusFromVenue('Deactivated')).toBe('DEACTIVATED');
    expect(() => orderStatusFromVenue('Exploded')).toThrow(BybitPayloadError);
  });

  it('maps stop order types to stop kinds', () => {
    expect(stopKindFromVenue('UNKNOWN')).toBe('NONE');
    expect(stopKindFromVenue('')).toBe('NONE');
    expect(stopKindFromVenue('PartialStopLoss')).toBe('STOP_LOSS');
    expect(stopKindFromVenue('TakeProfit')).toBe('TAKE_PROFIT');
    expect(stopKindFromVenue('TrailingStop')).toBe('TRAILING_STOP');
    expect(stopKindFromVenue('Stop')).toBe('CONDITIONAL');
  });

  it('reads an open position and treats a flat row as no position', () => {
    const [open, flat] = fixture('position-list.json').result.list;
    expect(positionFromVenue(open)).toEqual({
      symbol: 'BTCUSDT',
      side: 'LONG',
      qty: 0.5,
      entryPrice: 50000,
      markPrice: 50500,
      leverage: 10,
      liquidationPrice: 45000,
      stopLoss: 48000,
      takeProfit: 55000,
      trailingStop: null,
      unrealisedPnlUsdt: 250,
      realisedPnlUsdt: 500,
      positionIdx: 0,
      updatedAtMs: 1697673600012,
    });
    expect(positionFromVenue(flat)).toBeNull();
  });

  it('reads the WS position item, which names the entry price entryPrice', () => {
    const item = fixture('ws-position.json').data[0];
    expect(positionFromVenue(item)).toMatchObject({
      side: 'LONG',
      qty: 0.001,
      entryPrice: 28372.3,
      liquidationPrice: null,
    });
  });

  it('reads an execution with its fee and maker flag', () => {
    const execution = executionFromVenue(fixture('execution-list.json').result.list[0]);
    expect(execution).toEqual({
      execId: 'e0cbe81d-0f18-5866-9415-cf319b5dab3b',
      orderId: '8c065341-7b52-4ca9-ac2c-37e31ac55c94',
      clientOrderId: 'entry-1',
      symbol: 'ETHUSDT',
      side: 'BUY',
      price: 1190.15,
      qty: 0.1,
      feeUsdt: 0.071409,
      isMaker: false,
      closedQty: 0,
      kind: 'TRADE',
      timeMs: 1672282722429,
    });
  });

  it('reads a ticker and the UNIFIED wallet', () => {
    expect(tickerFromVenue(fixture('tickers.json').result.list[0])).toEqual({
      symbol: 'BTCUSDT',
      lastPrice: 16597,
      markPrice: 16596,
      indexPrice: 16598.54,
      fundingRate: -0.001034,
      nextFundingTimeMs: 1672387200000,
      bidPrice: 16596,
      askPrice: 16597.5,
    });
    expect(walletFromVenue(fixture('wallet-balance.json').result.list[0])).toEqual({
      equityUsdt: 3.31216591,
      walletBalanceUsdt: 3.00326056,
      availableUsdt: 3.00326056,
      unrealisedPnlUsdt: 0,
    });
  });

  it('reports a withdraw-capable key and a trade-only key', () => {
    const withdraw = apiKeyInfoFromVenue(fixture('query-api-withdraw.json').result);
    expect(withdraw).toMatchObject({ readOnly: false, canTrade: true, canWithdraw: true });
    const tradeOnly = apiKeyInfoFromVenue(fixture('query-api-trade-only.json').result);
    expect(tradeOnly).toMatchObject({ readOnly: false, canTrade: true, canWithdraw: false });
  });

  it('refuses a price it cannot read instead of guessing', () => {
    const item = { ...fixture('position-list.json').result.list[0], markPrice: 'abc' };
    expect(() => positionFromVenue(item)).toThrow(/markPrice is not a number/);
  });
});

describe('stream translation', () => {
  it('turns a forming kline push into an unclosed candle event', () => {
    const events: StreamEvent[] = [];
    new StreamTranslator((e) => events.push(e)).handle(fixture('ws-kline.json'));
    expect(events).toEqual([
      {
        type: 'candle',
        symbol: 'BTCUSDT',
        timeframe: '5m',
        closed: false,
        candle: { ts: 1672324800000, open: 16649.5, high: 16677, low: 16608, close: 16677, volume: 2.081 },
      },
    ]);
  });

  it('keeps only linear orders from the all-category order topic', () => {
    const events: StreamEvent[] = [];
    new StreamTranslator((e) => events.push(e)).handle(fixture('ws-order.json'));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'order',
      order: { clientOrderId: 'warden-entry-1', stopLoss: 27500 },
    });
  });

  it('merges ticker deltas onto the snapshot', () => {
    const events: StreamEvent[] = [];
    const translator = new StreamTranslator((e) => events.push(e));
    const snapshot = fixture('tickers.json').result.list[0];
    translator.handle({ topic: 'tickers.BTCUSDT', type: 'snapshot', data: snapshot });
    translator.handle({
      topic: 'tickers.BTCUSDT',
      type: 'delta',
      data: { symbol: 'BTCUSDT', markPrice: '16600.5' },
    });
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ type: 'ticker', ticker: { lastPrice: 16597, markPrice: 16600.5 } });
  });

  it('reports a position that went flat', () => {
    const events: StreamEvent[] = [];
    const item = { ...fixture('ws-position.json').data[0], side: '', size: '0' };
    new StreamTranslator((e) => events.push(e)).handle({ topic: 'position', data: [item] });
    expect(events).toEqual([{ type: 'position', position: { symbol: 'BTCUSDT', flat: true } }]);
  });
});
