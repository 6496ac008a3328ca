import ccxt, { type Order, type Position, type Trade } from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startWardenEmulator, writeReplayData } from '../../support/emulator-cli.ts';

/**
 * An independent Bybit V5 client (ccxt's bybit class, REST and WebSocket, unmodified) runs one
 * scripted session against `warden emulator`. Its only settings are the URLs and the keys. Every
 * step that does not get the answer Bybit would give is a deviation; the session must have none.
 */
const SYMBOL = 'BTC/USDT:USDT';
const QTY = 0.01;

let emulator: RunningEmulator;
let data: { dir: string; remove(): void };
let bybit: InstanceType<typeof ccxt.pro.bybit>;

beforeAll(async () => {
  data = writeReplayData({ BTCUSDT: 50_000, ETHUSDT: 2_500 }, 1600);
  emulator = await startWardenEmulator([
    '--data',
    data.dir,
    '--symbols',
    'BTCUSDT,ETHUSDT',
    '--timeframe',
    '1m',
    '--warmup',
    '1590',
    '--balance',
    '1000',
  ]);
  const { vars } = emulator;
  const rest = vars.BYBIT_REST_URL as string;
  const pub = vars.BYBIT_WS_PUBLIC_URL as string;
  const priv = vars.BYBIT_WS_PRIVATE_URL as string;
  bybit = new ccxt.pro.bybit({
    apiKey: vars.BYBIT_API_KEY,
    secret: vars.BYBIT_API_SECRET,
    urls: {
      api: {
        spot: rest,
        futures: rest,
        v2: rest,
        public: rest,
        private: rest,
        ws: {
          public: { linear: pub, spot: pub, inverse: pub, option: pub },
          private: { spot: { unified: priv, nonUnified: priv }, contract: priv, usdc: priv, trade: priv },
        },
      },
    },
  });
  // ccxt's own requirement for plain ws:// URLs (it is not a Bybit setting).
  await bybit.loadHttpProxyAgent();
}, 60_000);

afterAll(async () => {
  await bybit?.close();
  emulator?.stop();
  data?.remove();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Decimals of a number string ("49960.1" → 1). */
const decimalsOf = (text: string) => (text.includes('.') ? (text.split('.')[1] as string).length : 0);

describe('ccxt (bybit, unmodified) against warden emulator', () => {
  it('runs a full trading session with no deviation from Bybit', async () => {
    const deviations: string[] = [];
    const check = (step: string, ok: boolean, detail: string) => {
      if (!ok) deviations.push(`${step}: ${detail}`);
    };
    const step = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await run();
      } catch (error) {
        deviations.push(`${name}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300));
        return undefined;
      }
    };

    const markets = await step('loadMarkets', () => bybit.loadMarkets());
    const market = markets?.[SYMBOL];
    check(
      'loadMarkets',
      market?.type === 'swap' && market.linear === true && market.settle === 'USDT' && market.active === true,
      `BTC/USDT:USDT should be an active linear USDT swap, got ${JSON.stringify(market?.type)}`,
    );
    check('loadMarkets', market?.precision.price === 0.1, `price precision ${market?.precision.price}`);

    const ticker = await step('fetchTicker', () => bybit.fetchTicker(SYMBOL));
    if (ticker) {
      const info = ticker.info as Record<string, string>;
      check(
        'fetchTicker',
        ticker.symbol === SYMBOL,
        `read as ${ticker.symbol} (a linear ticker has openInterestValue)`,
      );
      check(
        'fetchTicker',
        decimalsOf(info.bid1Price ?? '') <= 1 && decimalsOf(info.ask1Price ?? '') <= 1,
        `bid/ask off the 0.1 tick: ${info.bid1Price} / ${info.ask1Price}`,
      );
      check(
        'fetchTicker',
        (ticker.high ?? 0) > (ticker.low ?? 0) &&
          (ticker.baseVolume ?? 0) > 0 &&
          ticker.percentage !== undefined,
        `24h statistics flat: high ${ticker.high} low ${ticker.low} volume ${ticker.baseVolume}`,
      );
    }
    const tickers = await step('fetchTickers', () => bybit.fetchTickers([SYMBOL, 'ETH/USDT:USDT']));
    check('fetchTickers', Object.keys(tickers ?? {}).length === 2, `got ${Object.keys(tickers ?? {})}`);

    const balance = await step('fetchBalance', () => bybit.fetchBalance());
    check('fetchBalance', balance?.USDT?.total === 1000, `USDT total ${balance?.USDT?.total}`);

    const fee = await step('fetchTradingFee', () => bybit.fetchTradingFee(SYMBOL));
    check(
      'fetchTradingFee',
      fee?.taker === 0.00055 && fee.maker === 0.0002,
      `fees ${fee?.taker}/${fee?.maker}`,
    );

    await step('setLeverage', () => bybit.setLeverage(5, SYMBOL));
    const leverage = await step('fetchLeverage', () => bybit.fetchLeverage(SYMBOL));
    check('setLeverage', leverage?.longLeverage === 5, `leverage ${leverage?.longLeverage}`);

    // Watchers run for the rest of the session and collect what the private stream pushes.
    const watched = { orders: [] as Order[], positions: [] as Position[], trades: [] as Trade[] };
    let watching = true;
    const watch = async <T>(into: T[], next: () => Promise<T[]>) => {
      while (watching) into.push(...(await next()));
    };
    const watchers = [
      watch(watched.orders, () => bybit.watchOrders(SYMBOL)),
      watch(watched.positions, () => bybit.watchPositions([SYMBOL])),
      watch(watched.trades, () => bybit.watchMyTrades(SYMBOL)),
    ].map((w) => w.catch((error: unknown) => String(error)));
    await sleep(500);

    const last = ticker?.last ?? 50_000;
    const limitPrice = Math.round(last * 0.95);
    const limit = await step('createOrder LIMIT with TP/SL', () =>
      bybit.createOrder(SYMBOL, 'limit', 'buy', QTY, limitPrice, {
        clientOrderId: 'ccxt-limit-1',
        takeProfit: { triggerPrice: Math.round(last * 1.1) },
        stopLoss: { triggerPrice: Math.round(last * 0.9) },
      }),
    );
    const limitId = limit?.id ?? '';
    const resting = await step('fetchOpenOrder', () => bybit.fetchOpenOrder(limitId, SYMBOL));
    check(
      'createOrder LIMIT with TP/SL',
      resting?.status === 'open' &&
        resting.clientOrderId === 'ccxt-limit-1' &&
        resting.price === limitPrice &&
        resting.takeProfitPrice === Math.round(last * 1.1) &&
        resting.stopLossPrice === Math.round(last * 0.9),
      `resting order ${JSON.stringify({ s: resting?.status, c: resting?.clientOrderId, p: resting?.price, tp: resting?.takeProfitPrice, sl: resting?.stopLossPrice })}`,
    );
    await step('editOrder', () => bybit.editOrder(limitId, SYMBOL, 'limit', 'buy', QTY, limitPrice - 100));
    const amended = await step('fetchOpenOrder after edit', () => bybit.fetchOpenOrder(limitId, SYMBOL));
    check('editOrder', amended?.price === limitPrice - 100, `price after amend ${amended?.price}`);
    await step('cancelOrder', () => bybit.cancelOrder(limitId, SYMBOL));
    const cancelled = await step('fetchOrder after cancel', () =>
      bybit.fetchOrder(limitId, SYMBOL, { acknowledged: true }),
    );
    check('cancelOrder', cancelled?.status === 'canceled', `status ${cancelled?.status}`);

    // A Market order never rests on Bybit: it is filled by the time the call returns.
    const open = await step('createOrder MARKET open', () => bybit.createOrder(SYMBOL, 'market', 'buy', QTY));
    const opened = await step('fetchOrder MARKET open', () =>
      bybit.fetchOrder(open?.id ?? '', SYMBOL, { acknowledged: true }),
    );
    check(
      'MARKET open filled on return',
      opened?.status === 'closed' && opened.filled === QTY,
      `status ${opened?.status}, filled ${opened?.filled}`,
    );
    check(
      'MARKET open fee',
      (opened?.fee?.cost ?? 0) > 0,
      `cumExecFee ${(opened?.info as Record<string, string> | undefined)?.cumExecFee}`,
    );
    check(
      'MARKET open without client id',
      (opened?.info as Record<string, string> | undefined)?.orderLinkId === '',
      `orderLinkId ${(opened?.info as Record<string, string> | undefined)?.orderLinkId} (Bybit answers "")`,
    );

    const positions = await step('fetchPositions', () => bybit.fetchPositions([SYMBOL]));
    const long = positions?.find((p) => p.symbol === SYMBOL && (p.contracts ?? 0) > 0);
    check(
      'fetchPositions',
      long?.side === 'long' && long.contracts === QTY,
      `position ${long?.side} ${long?.contracts}`,
    );

    const stop = Math.round(last * 0.9);
    await step('set trading stop', () =>
      bybit.privatePostV5PositionTradingStop({
        category: 'linear',
        symbol: 'BTCUSDT',
        stopLoss: String(stop),
        tpslMode: 'Full',
        positionIdx: 0,
      }),
    );
    const protectedPosition = await step('fetchPosition after trading stop', () =>
      bybit.fetchPosition(SYMBOL),
    );
    check(
      'set trading stop',
      protectedPosition?.stopLossPrice === stop,
      `stop ${protectedPosition?.stopLossPrice}`,
    );

    const close = await step('createOrder MARKET reduce-only close', () =>
      bybit.createOrder(SYMBOL, 'market', 'sell', QTY, undefined, { reduceOnly: true }),
    );
    const closed = await step('fetchOrder MARKET close', () =>
      bybit.fetchOrder(close?.id ?? '', SYMBOL, { acknowledged: true }),
    );
    check(
      'MARKET close filled on return',
      closed?.status === 'closed' && closed.filled === QTY && closed.reduceOnly === true,
      `status ${closed?.status}, filled ${closed?.filled}`,
    );
    const after = await step('fetchPositions after close', () => bybit.fetchPositions([SYMBOL]));
    check(
      'flat after close',
      !(after ?? []).some((p) => (p.contracts ?? 0) > 0),
      `still open: ${JSON.stringify(after?.map((p) => p.contracts))}`,
    );

    const trades = await step('fetchMyTrades', () => bybit.fetchMyTrades(SYMBOL));
    const ours = (trades ?? []).filter((t) => t.order === open?.id || t.order === close?.id);
    check('fetchMyTrades', ours.length === 2, `${ours.length} trades of the two market orders`);
    check(
      'fetchMyTrades fee and type',
      ours.every((t) => (t.fee?.cost ?? 0) > 0 && t.type === 'market' && t.takerOrMaker === 'taker'),
      JSON.stringify(ours.map((t) => ({ fee: t.fee?.cost, type: t.type, role: t.takerOrMaker }))),
    );
    const history = await step('fetchPositionsHistory (closed PnL)', () =>
      bybit.fetchPositionsHistory([SYMBOL]),
    );
    check('closed PnL', (history ?? []).length >= 1, `${(history ?? []).length} closed-PnL rows`);

    await sleep(1500);
    watching = false;
    check(
      'watchOrders',
      watched.orders.some((o) => o.id === open?.id && o.status === 'closed'),
      `${watched.orders.length} order updates, none of the filled market open`,
    );
    check(
      'watchPositions',
      watched.positions.some((p) => p.symbol === SYMBOL && (p.contracts ?? 0) > 0),
      `${watched.positions.length} position updates, none open`,
    );
    check(
      'watchMyTrades',
      watched.trades.some((t) => t.order === open?.id),
      `${watched.trades.length} trades, none of the market open`,
    );
    await bybit.close();
    await Promise.all(watchers);

    expect(deviations).toEqual([]);
  }, 45_000);
});
