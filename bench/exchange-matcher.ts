import type { Candle, InstrumentRules } from '../src/domain/index.ts';
import { fundingFromSeries, Matcher, PaperExchange } from '../src/exchange/paper/index.ts';
import { roundToTick } from '../src/exchange/paper/numbers.ts';
import { readCandleCsv, readFundingCsv } from '../src/market/feeds/csv.ts';
import { generateSyntheticMarket } from '../src/market/synthetic/generator.ts';
import { dataFile, hasRealData } from '../test/support/data.ts';
import type { BenchFigure, BenchSuite } from './types.ts';

const M5 = 300_000;
const btc: InstrumentRules = {
  symbol: 'BTCUSDT',
  tickSize: 0.1,
  qtyStep: 0.001,
  minQty: 0.001,
  maxQty: 1190,
  maxMarketQty: 500,
  minNotionalUsdt: 5,
  maxLeverage: 100,
  takerFee: 0.00055,
  makerFee: 0.0002,
};

/** Best of `rounds` timed runs after one warm-up, in candles per second. */
function candlesPerSecond(candles: number, rounds: number, run: () => void): number {
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return candles / (best / 1000);
}

const tick = (price: number) => roundToTick(price, btc.tickSize, 'down');

/**
 * Keeps the book busy the way a live account would be, only more: a position with a stop, a
 * take-profit and a trailing stop, plus `resting` LIMIT orders 4–9% away, re-placed whenever
 * something fills. Returns how many fills happened, so the run is checked to have traded.
 */
function busyRun(
  candles: Candle[],
  resting: number,
  funding: ReturnType<typeof fundingFromSeries> | undefined,
) {
  const m = new Matcher({ instruments: [btc], startBalanceUsdt: 1_000_000, slippagePct: 0.0005, funding });
  m.setLeverage('BTCUSDT', 5, 0);
  let seq = 0;
  for (const candle of candles) {
    m.processCandle('BTCUSDT', candle, M5);
    const price = candle.close;
    if (m.positions('BTCUSDT').length === 0) {
      m.placeOrder(
        {
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'MARKET',
          qty: 0.01,
          clientOrderId: `b${seq++}`,
          stopLoss: tick(price * 0.97),
          takeProfit: tick(price * 1.03),
        },
        candle.ts,
      );
    }
    const [position] = m.positions('BTCUSDT');
    if (position && position.trailingStop == null) {
      m.setTradingStop(
        { symbol: 'BTCUSDT', trailingStop: tick(price * 0.015), activePrice: tick(price * 1.01) },
        candle.ts,
      );
    }
    const open = m.openOrders('BTCUSDT').filter((o) => o.stopKind === 'NONE').length;
    for (let k = open; k < resting; k++) {
      const away = 0.04 + (k % 6) * 0.01;
      const buy = k % 2 === 0;
      m.placeOrder(
        {
          symbol: 'BTCUSDT',
          side: buy ? 'BUY' : 'SELL',
          type: 'LIMIT',
          qty: 0.001,
          price: tick(price * (buy ? 1 - away : 1 + away)),
          clientOrderId: `b${seq++}`,
        },
        candle.ts,
      );
    }
    m.drainEvents();
  }
  return m.executions().length;
}

export const exchangeMatcherSuite: BenchSuite = {
  name: 'matcher',
  async run(): Promise<BenchFigure[]> {
    const candles = hasRealData
      ? readCandleCsv(dataFile('bybit-linear', 'BTCUSDT-5m.csv'))
      : generateSyntheticMarket({ seed: 1, candles: 78_624 }).candles;
    const funding = hasRealData
      ? fundingFromSeries({ BTCUSDT: readFundingCsv(dataFile('bybit-linear', 'BTCUSDT-funding.csv')) })
      : undefined;
    const source = hasRealData ? 'bybit BTCUSDT 5m 2025-01..09' : 'synthetic 5m (no real data found)';
    const figures: BenchFigure[] = [];

    const idle = candlesPerSecond(candles.length, 3, () => {
      const m = new Matcher({ instruments: [btc], startBalanceUsdt: 1000, slippagePct: 0.0005 });
      for (const candle of candles) m.processCandle('BTCUSDT', candle, M5);
    });
    figures.push({ name: 'matcher, flat account, no orders', value: idle, unit: 'candles/s', note: source });

    const held = candlesPerSecond(candles.length, 3, () => {
      const m = new Matcher({ instruments: [btc], startBalanceUsdt: 1_000_000, slippagePct: 0.0005 });
      const first = candles[0] as Candle;
      m.processPrice('BTCUSDT', first.open, first.ts);
      m.setLeverage('BTCUSDT', 1, first.ts);
      m.placeOrder(
        { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', qty: 0.01, clientOrderId: 'hold' },
        first.ts,
      );
      for (let k = 0; k < 10; k++) {
        const price = tick(first.open * (0.05 + k * 0.01));
        m.placeOrder(
          { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', qty: 1, price, clientOrderId: `far${k}` },
          first.ts,
        );
      }
      for (const candle of candles) m.processCandle('BTCUSDT', candle, M5);
      if (m.positions('BTCUSDT').length !== 1) throw new Error('the held position did not survive the run');
    });
    figures.push({
      name: 'matcher, held position + 10 resting LIMITs, no upkeep',
      value: held,
      unit: 'candles/s',
      note: 'matcher cost alone',
    });

    let fills = 0;
    const busy = candlesPerSecond(candles.length, 3, () => {
      fills = busyRun(candles, 10, funding);
    });
    figures.push({
      name: 'matcher, position + SL/TP/trailing + 10 resting LIMITs',
      value: busy,
      unit: 'candles/s',
      note: `${fills.toLocaleString('en-US')} fills and funding payments; order upkeep and funding included`,
    });

    const heavy = candlesPerSecond(candles.length, 3, () => {
      fills = busyRun(candles, 50, funding);
    });
    figures.push({
      name: 'matcher, position + SL/TP/trailing + 50 resting LIMITs',
      value: heavy,
      unit: 'candles/s',
    });

    const paper = candlesPerSecond(candles.length, 3, () => {
      let clock = 0;
      const exchange = new PaperExchange({
        instruments: [btc],
        startBalanceUsdt: 1000,
        slippagePct: 0.0005,
        now: () => clock,
        candleTimeframe: '5m',
        eventDelivery: 'sync',
      });
      void exchange.subscribe(
        { account: true, candles: { symbols: ['BTCUSDT'], timeframe: '5m' } },
        () => {},
      );
      for (const candle of candles) {
        clock = candle.ts + M5;
        exchange.onCandle('BTCUSDT', candle);
      }
    });
    figures.push({
      name: 'paper exchange onCandle with a stream subscriber',
      value: paper,
      unit: 'candles/s',
    });
    return figures;
  },
};
