import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PaperOnLiveData, paperOnLiveData } from '../../../src/app/paper-live.ts';
import { BybitExchange } from '../../../src/exchange/bybit/index.ts';
import { type EmulatorHandle, startEmulator } from '../../../src/exchange/emulator/index.ts';
import { eventually } from '../../support/exchange-contract.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';
import { control } from '../exchange/bybit-harness.ts';

const config = {
  SYMBOLS: ['BTCUSDT'],
  PAPER_START_BALANCE_USDT: 100,
  PAPER_SLIPPAGE_PCT: 0.0005,
  MAINTENANCE_MARGIN_RATE: 0.005,
};

/** The emulator stands in for Bybit's public market data; orders go to the local paper exchange. */
describe('paper trading on live data', () => {
  let emulator: EmulatorHandle;
  let source: BybitExchange;
  let live: PaperOnLiveData;

  beforeEach(async () => {
    emulator = await startEmulator({
      instruments: contractInstruments,
      clock: 'wall',
      enforceRateLimits: false,
    });
    source = new BybitExchange({
      environment: 'testnet',
      endpoints: {
        restUrl: emulator.restUrl,
        wsPublicUrl: emulator.wsPublicUrl,
        wsPrivateUrl: emulator.wsPrivateUrl,
      },
      requestTimeoutMs: 2500,
    });
    live = await paperOnLiveData(source, config, contractInstruments, () => Date.now());
  });
  afterEach(async () => {
    await live.stop();
    await live.paper.close();
    await source.close();
    await emulator.close();
  });

  it('fills a MARKET order when it is placed, at the live best ask plus slippage, between candles', async () => {
    // The last closed candle put the mark at 50_000; the live book has moved since.
    live.paper.onCandle(
      'BTCUSDT',
      { ts: Date.now() - 120_000, open: 50_000, high: 50_010, low: 49_990, close: 50_000, volume: 1 },
      '1m',
    );
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: 50_400 });
    await eventually(async () => expect((await live.paper.getTicker('BTCUSDT')).askPrice).toBe(50_400.1));
    const placed = await live.paper.placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      qty: 0.001,
      clientOrderId: 'live-mkt-1',
    });
    const order = await live.paper.getOrder({ symbol: 'BTCUSDT', orderId: placed.orderId });
    // 50_400.1 × 1.0005 = 50_425.30005 → 50_425.4 (up to the tick)
    expect(order).toMatchObject({ status: 'FILLED', avgFillPrice: 50_425.4 });
    const [execution] = await live.paper.getExecutions('BTCUSDT');
    expect(execution).toMatchObject({ isMaker: false, price: 50_425.4 });
  });
});
