import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BybitExchange } from '../../../src/exchange/bybit/index.ts';
import { formatOf, recorded, shapeDifferences } from '../../support/bybit-shape.ts';

/**
 * Warden's adapter against recorded Bybit V5 answers (test/fixtures/bybit/recorded): a loopback
 * server replays them per path and captures what the adapter sends. Every answer must map to the
 * values it carries; every request must have the shape of a recorded request to the same path.
 */
interface Captured {
  method: string;
  path: string;
  params: Record<string, unknown>;
}

/** ccxt's fixture writer turned the envelope's numbers into strings; the replay restores them. */
function envelopeOf(fixture: { result: unknown; retMsg?: string }): string {
  return JSON.stringify({
    retCode: 0,
    retMsg: fixture.retMsg ?? 'OK',
    result: fixture.result,
    retExtInfo: {},
    time: Date.now(),
  });
}

const answers = new Map<string, string>();
const captured: Captured[] = [];
let server: Server;
let exchange: BybitExchange;

function serve(path: string, fixtureName: string): void {
  answers.set(path, envelopeOf(recorded(fixtureName)));
}

beforeAll(async () => {
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const params =
        request.method === 'GET' ? Object.fromEntries(url.searchParams) : body ? JSON.parse(body) : {};
      captured.push({ method: request.method ?? '', path: url.pathname, params });
      const answer = answers.get(url.pathname);
      response.writeHead(answer ? 200 : 404, { 'content-type': 'application/json' });
      // A page asked for by cursor is Bybit's last page: empty, no further cursor.
      if (answer && 'cursor' in params) {
        response.end(envelopeOf({ result: { list: [], nextPageCursor: '' } }));
        return;
      }
      response.end(answer ?? JSON.stringify({ retCode: 10017, retMsg: 'Route not found.' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  exchange = new BybitExchange({
    environment: 'testnet',
    apiKey: 'recorded-key',
    apiSecret: 'recorded-secret',
    endpoints: { restUrl: `http://127.0.0.1:${port}` },
    requestTimeoutMs: 3000,
  });
  serve('/v5/market/time', 'nautilus-rest-server-time.json');
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const lastRequest = (path: string): Captured => {
  const found = captured.filter((c) => c.path === path).at(-1);
  if (!found) throw new Error(`the adapter sent nothing to ${path}`);
  return found;
};

describe('Warden reads every recorded Bybit answer it uses', () => {
  it('server time: timeNano to the millisecond', async () => {
    expect(await exchange.getServerTimeMs()).toBe(1694667737126);
  });

  it('instruments-info and fee-rate: rules with the account fees', async () => {
    serve('/v5/market/instruments-info', 'nautilus-rest-instruments-info-linear.json');
    serve('/v5/account/fee-rate', 'nautilus-rest-fee-rate.json');
    const rules = await exchange.getInstruments();
    expect(rules.map((r) => r.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(rules[0]).toMatchObject({
      tickSize: 0.5,
      qtyStep: 0.001,
      minQty: 0.001,
      maxQty: 100,
      takerFee: 0.0006,
    });
  });

  it('tickers (two recordings)', async () => {
    serve('/v5/market/tickers', 'nautilus-rest-tickers.json');
    expect(await exchange.getTicker('BTCUSDT')).toMatchObject({
      lastPrice: 16597,
      bidPrice: 16596,
      askPrice: 16597.5,
    });
    serve('/v5/market/tickers', 'ccxt-tickers-linear.json');
    expect(await exchange.getTicker('BTCUSDT')).toMatchObject({
      lastPrice: 51444.4,
      markPrice: 51444.4,
      indexPrice: 51469.95,
      fundingRate: -0.00046295,
      nextFundingTimeMs: 1707926400000,
    });
  });

  it('klines (two recordings), oldest first', async () => {
    serve('/v5/market/kline', 'ccxt-kline-linear.json');
    const candles = await exchange.getKlines({ symbol: 'BTCUSDT', timeframe: '1h', limit: 3 });
    expect(candles.map((c) => c.ts)).toEqual([1706630400000, 1706634000000, 1706637600000]);
    expect(candles[0]).toEqual({
      ts: 1706630400000,
      open: 43350.7,
      high: 43492.5,
      low: 43204.5,
      close: 43488,
      volume: 1341.261,
    });
    serve('/v5/market/kline', 'nautilus-rest-kline-linear.json');
    expect(await exchange.getKlines({ symbol: 'BTCUSDT', timeframe: '1m', limit: 1 })).toHaveLength(1);
  });

  it('wallet balance of the unified account', async () => {
    serve('/v5/account/wallet-balance', 'nautilus-rest-wallet-balance.json');
    expect(await exchange.getWallet()).toEqual({
      equityUsdt: 3.31216591,
      walletBalanceUsdt: 3.00326056,
      availableUsdt: 3.00326056,
      unrealisedPnlUsdt: 0,
    });
  });

  it('position lists (open, flat, and a real 2023 row with "" for unset stops)', async () => {
    serve('/v5/position/list', 'nautilus-rest-position-list.json');
    const positions = await exchange.getPositions();
    expect(positions.map((p) => [p.symbol, p.side, p.qty])).toEqual([
      ['BTCUSDT', 'LONG', 0.5],
      ['ETHUSDT', 'SHORT', 5],
    ]);
    expect(positions[0]).toMatchObject({
      entryPrice: 50000,
      stopLoss: 48000,
      takeProfit: 55000,
      leverage: 10,
    });
    serve('/v5/position/list', 'ccxt-position-list-linear.json');
    expect(await exchange.getPositions('LTCUSDT')).toMatchObject([
      {
        symbol: 'LTCUSDT',
        side: 'LONG',
        qty: 1.2,
        entryPrice: 64.59947917,
        stopLoss: null,
        takeProfit: null,
      },
    ]);
    serve('/v5/position/list', 'ccxt-position-list-flat.json');
    expect(await exchange.getPositions('LTCUSDT')).toEqual([]);
  });

  it('open orders, TP/SL orders and history', async () => {
    serve('/v5/order/realtime', 'nautilus-rest-order-realtime.json');
    const open = await exchange.getOpenOrders('ETHUSDT');
    expect(open.map((o) => [o.clientOrderId, o.status, o.price])).toEqual([
      ['client-open-1', 'NEW', 3930.41],
      ['client-open-2', 'NEW', 3940.42],
    ]);
    serve('/v5/order/realtime', 'nautilus-rest-order-realtime-tpsl.json');
    const stops = await exchange.getOpenOrders('BTCUSDT');
    expect(stops.map((o) => o.stopKind)).toEqual(['TAKE_PROFIT', 'STOP_LOSS']);
    answers.set('/v5/order/realtime', envelopeOf({ result: { list: [], nextPageCursor: '' } }));
    serve('/v5/order/history', 'ccxt-order-history-linear.json');
    const filled = await exchange.getOrder({
      symbol: 'BTCUSDT',
      orderId: 'aee7453a-a100-465f-857a-3db780e9329a',
    });
    expect(filled).toMatchObject({
      type: 'MARKET',
      status: 'FILLED',
      filledQty: 0.001,
      avgFillPrice: 123498,
      takeProfit: null,
      stopLoss: null,
      triggerPrice: null,
    });
    serve('/v5/order/history', 'nautilus-rest-order-history.json');
    expect(await exchange.getOrder({ symbol: 'BTCUSDT', clientOrderId: 'client-1' })).toMatchObject({
      status: 'CANCELLED',
    });
  });

  it('executions (two recordings)', async () => {
    serve('/v5/execution/list', 'nautilus-rest-execution-list.json');
    const fills = await exchange.getExecutions('BTCUSDT');
    expect(fills[0]).toMatchObject({
      execId: 'e0cbe81d-0f18-5866-9415-cf319b5dab3b',
      price: 50000,
      qty: 0.1,
      feeUsdt: 0.015,
      isMaker: true,
      kind: 'TRADE',
    });
    serve('/v5/execution/list', 'ccxt-execution-list-linear.json');
    expect(await exchange.getExecutions('LTCUSDT')).toMatchObject([
      { price: 85.11, qty: 0.1, feeUsdt: 0.00468105, isMaker: false, closedQty: 0, clientOrderId: '' },
    ]);
  });

  it('create, amend, cancel-all answers', async () => {
    serve('/v5/order/create', 'ccxt-order-create.json');
    expect(
      await exchange.placeOrder({
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'LIMIT',
        qty: 0.001,
        price: 49000,
        clientOrderId: 'w-1',
      }),
    ).toEqual({ orderId: '1609920528435648000', clientOrderId: '1609920528444036608' });
    serve('/v5/order/amend', 'ccxt-order-amend.json');
    expect(await exchange.amendOrder({ symbol: 'BTCUSDT', clientOrderId: 'bybit1', price: 48000 })).toEqual({
      orderId: '2088690093937486080',
      clientOrderId: 'bybit1',
    });
    serve('/v5/order/cancel-all', 'ccxt-order-cancel-all.json');
    expect(await exchange.cancelAllOrders('BTCUSDT')).toBe(1);
  });

  it('API key permissions', async () => {
    serve('/v5/user/query-api', 'nautilus-rest-user-query-api.json');
    expect(await exchange.getApiKeyInfo()).toMatchObject({
      readOnly: true,
      canTrade: false,
      canWithdraw: false,
    });
  });
});

describe("Warden's requests have the shapes of recorded Bybit requests", () => {
  const requests = recorded<Record<string, { url: string; output?: string }[]>>('ccxt-requests.json');
  /** Recorded requests to a path: GET query parameters or POST bodies. */
  const recordedTo = (path: string) =>
    Object.values(requests)
      .flat()
      .filter((r) => new URL(r.url).pathname === path)
      .map((r) => (r.output ? JSON.parse(r.output) : Object.fromEntries(new URL(r.url).searchParams)));

  /**
   * Every key of every request Warden sent to `path` is one Bybit was sent, in the same format (a
   * query is all strings).
   */
  const differences = (path: string): string[] => {
    lastRequest(path);
    const examples = recordedTo(path) as Record<string, unknown>[];
    if (examples.length === 0) return [`${path}: no recorded request`];
    const out = new Set<string>();
    const sentPairs = captured.filter((c) => c.path === path).flatMap((c) => Object.entries(c.params));
    for (const [key, value] of sentPairs) {
      const withKey = examples.filter((e) => key in e);
      if (withKey.length === 0) {
        out.add(`${path} ${key}: no recorded request carries it`);
        continue;
      }
      for (const difference of shapeDifferences(
        withKey.map((e) => ({ payload: e[key] })),
        value,
        `${path} ${key}`,
      )) {
        out.add(difference);
      }
    }
    return [...out];
  };

  it('category is linear and symbol is sent on every request that names one', () => {
    const named = captured.filter(
      (c) =>
        c.path !== '/v5/market/time' &&
        c.path !== '/v5/user/query-api' &&
        c.path !== '/v5/account/wallet-balance',
    );
    expect(named.length).toBeGreaterThan(10);
    for (const request of named) expect(request.params.category).toBe('linear');
  });

  it('create, cancel-all, realtime, execution list, positions, fee rate, wallet, tickers, kline', async () => {
    await exchange.placeOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      qty: 0.001,
      clientOrderId: 'w-close',
      reduceOnly: true,
    });
    expect(formatOf(lastRequest('/v5/order/create').params.reduceOnly)).toBe('boolean');
    const paths = [
      '/v5/order/create',
      '/v5/order/cancel-all',
      '/v5/order/realtime',
      '/v5/order/history',
      '/v5/execution/list',
      '/v5/position/list',
      '/v5/account/fee-rate',
      '/v5/account/wallet-balance',
      '/v5/market/tickers',
      '/v5/market/kline',
    ];
    const found = paths.flatMap(differences);
    // Documented Bybit parameters Warden sends that no recorded request carries: its own client
    // id, one-way positionIdx, full-position TP/SL mode, page sizes and cursors, openOnly, the
    // client-id lookup and the one-symbol ticker (docs/bybit.md).
    const documentedExtras = new Set([
      '/v5/order/create orderLinkId: no recorded request carries it',
      '/v5/order/create positionIdx: no recorded request carries it',
      '/v5/order/create tpslMode: no recorded request carries it',
      '/v5/order/realtime openOnly: no recorded request carries it',
      '/v5/order/realtime limit: no recorded request carries it',
      '/v5/order/realtime orderLinkId: no recorded request carries it',
      '/v5/order/history orderLinkId: no recorded request carries it',
      '/v5/execution/list limit: no recorded request carries it',
      '/v5/execution/list cursor: no recorded request carries it',
      '/v5/position/list limit: no recorded request carries it',
      '/v5/position/list cursor: no recorded request carries it',
      '/v5/market/tickers symbol: no recorded request carries it',
    ]);
    expect(found.filter((d) => !documentedExtras.has(d))).toEqual([]);
  });

  it('cancel, set-leverage, switch-mode and trading-stop', async () => {
    for (const path of [
      '/v5/order/cancel',
      '/v5/position/set-leverage',
      '/v5/position/switch-mode',
      '/v5/position/trading-stop',
    ]) {
      answers.set(path, envelopeOf({ result: {} }));
    }
    answers.set('/v5/order/cancel', envelopeOf(recorded('ccxt-order-amend.json')));
    await exchange.cancelOrder({ symbol: 'BTCUSDT', orderId: '2088690093937486080' });
    await exchange.setLeverage('BTCUSDT', 5);
    await exchange.setPositionMode('BTCUSDT', 'ONE_WAY');
    await exchange.setTradingStop({ symbol: 'BTCUSDT', stopLoss: 48000 });
    const found = [
      '/v5/order/cancel',
      '/v5/position/set-leverage',
      '/v5/position/switch-mode',
      '/v5/position/trading-stop',
    ].flatMap(differences);
    const documentedExtras = new Set([
      '/v5/position/trading-stop stopLoss: no recorded request carries it',
      '/v5/position/trading-stop slTriggerBy: no recorded request carries it',
      '/v5/position/trading-stop tpslMode: no recorded request carries it',
      '/v5/position/trading-stop positionIdx: no recorded request carries it',
    ]);
    expect(found.filter((d) => !documentedExtras.has(d))).toEqual([]);
  });
});
