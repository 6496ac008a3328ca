import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Candle } from '../../../src/domain/index.ts';
import { type EmulatorHandle, hmacHex, startEmulator } from '../../../src/exchange/emulator/index.ts';
import { recorded, type ShapeOptions, shapeDifferences } from '../../support/bybit-shape.ts';
import { eventually } from '../../support/exchange-contract.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';
import { control, signed } from './bybit-harness.ts';

/**
 * The emulator's answers against recorded Bybit V5 payloads of the same endpoint or topic: the
 * same keys, value types and number-string formats (test/support/bybit-shape.ts). A session
 * places, amends, fills and closes orders first, so that every list has rows to compare.
 */
const stringified: ShapeOptions = { numbersWereStringified: true };
const nautilus = (name: string) => ({ payload: recorded(`nautilus-${name}.json`) });
const ccxt = (name: string) => ({ payload: recorded(`ccxt-${name}.json`), options: stringified });

let emulator: EmulatorHandle;
const publicMessages: Record<string, unknown>[] = [];
const privateMessages: Record<string, unknown>[] = [];
const sockets: WebSocket[] = [];
const answers = new Map<string, unknown>();

const start = Date.UTC(2025, 0, 1);
const candles: Candle[] = Array.from({ length: 1700 }, (_, i) => {
  const open = Math.round((50_000 + 400 * Math.sin(i / 40)) * 10) / 10;
  return {
    ts: start + i * 60_000,
    open,
    high: open + 25.5,
    low: open - 24.3,
    close: open + 3.2,
    volume: 1.234,
  };
});

function connect(url: string, into: Record<string, unknown>[]): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    sockets.push(socket);
    socket.on('message', (data) => into.push(JSON.parse(String(data)) as Record<string, unknown>));
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

const post = async (path: string, body: Record<string, unknown>) => {
  const answer = await signed(emulator, 'POST', path, body);
  answers.set(`POST ${path}`, answer.body);
  return answer.body;
};
const get = async (key: string, path: string, query: Record<string, string>, isPrivate = true) => {
  const body = isPrivate
    ? (await signed(emulator, 'GET', path, query)).body
    : await (await fetch(`${emulator.restUrl}${path}?${new URLSearchParams(query)}`)).json();
  answers.set(key, body);
  return body;
};

beforeAll(async () => {
  emulator = await startEmulator({
    instruments: contractInstruments,
    replay: { BTCUSDT: { candles, timeframe: '1m' } },
    clock: 'stepped',
    warmupCandles: 1600,
    startBalanceUsdt: 1000,
    enforceRateLimits: false,
  });
  const credential = emulator.credentials[0] as { apiKey: string; apiSecret: string };
  const priv = await connect(emulator.wsPrivateUrl, privateMessages);
  const expires = Date.now() + 10_000;
  priv.send(
    JSON.stringify({
      op: 'auth',
      args: [credential.apiKey, expires, hmacHex(credential.apiSecret, `GET/realtime${expires}`)],
    }),
  );
  await eventually(() => expect(privateMessages.some((m) => m.op === 'auth')).toBe(true));
  priv.send(
    JSON.stringify({
      op: 'subscribe',
      req_id: 'account',
      args: ['order', 'position', 'execution', 'wallet'],
    }),
  );
  const pub = await connect(emulator.wsPublicUrl, publicMessages);
  pub.send(
    JSON.stringify({ op: 'subscribe', req_id: 'market', args: ['kline.1.BTCUSDT', 'tickers.BTCUSDT'] }),
  );
  await eventually(() => expect(publicMessages.some((m) => m.topic === 'tickers.BTCUSDT')).toBe(true));

  const link = 'shape-limit-1';
  await post('/v5/order/create', {
    category: 'linear',
    symbol: 'BTCUSDT',
    side: 'Buy',
    orderType: 'Limit',
    qty: '0.002',
    price: '45000',
    takeProfit: '60000',
    stopLoss: '40000',
    tpslMode: 'Full',
    positionIdx: 0,
    orderLinkId: link,
  });
  await post('/v5/order/amend', { category: 'linear', symbol: 'BTCUSDT', orderLinkId: link, price: '45100' });
  await get('GET /v5/order/realtime', '/v5/order/realtime', { category: 'linear', symbol: 'BTCUSDT' });
  await signed(emulator, 'POST', '/v5/order/create', {
    category: 'linear',
    symbol: 'BTCUSDT',
    side: 'Buy',
    orderType: 'Market',
    qty: '0.003',
    positionIdx: 0,
  });
  await control(emulator, '/advance', { candles: 1 });
  await eventually(() => expect(privateMessages.some((m) => m.topic === 'execution')).toBe(true));
  await post('/v5/position/trading-stop', {
    category: 'linear',
    symbol: 'BTCUSDT',
    stopLoss: '45000',
    slTriggerBy: 'MarkPrice',
    tpslMode: 'Full',
    positionIdx: 0,
  });
  await get('GET /v5/position/list', '/v5/position/list', { category: 'linear', symbol: 'BTCUSDT' });
  await signed(emulator, 'POST', '/v5/order/create', {
    category: 'linear',
    symbol: 'BTCUSDT',
    side: 'Sell',
    orderType: 'Market',
    qty: '0.003',
    reduceOnly: true,
    positionIdx: 0,
    orderLinkId: 'shape-close-1',
  });
  await control(emulator, '/advance', { candles: 1 });
  await post('/v5/order/cancel', { category: 'linear', symbol: 'BTCUSDT', orderLinkId: link });
  await post('/v5/order/create', {
    category: 'linear',
    symbol: 'BTCUSDT',
    side: 'Buy',
    orderType: 'Limit',
    qty: '0.002',
    price: '45000',
    positionIdx: 0,
    orderLinkId: 'shape-limit-2',
  });
  await post('/v5/order/cancel-all', { category: 'linear', symbol: 'BTCUSDT' });
  await get('GET /v5/market/time', '/v5/market/time', {}, false);
  await get('GET /v5/market/instruments-info', '/v5/market/instruments-info', { category: 'linear' }, false);
  await get('GET /v5/market/tickers', '/v5/market/tickers', { category: 'linear', symbol: 'BTCUSDT' }, false);
  await get(
    'GET /v5/market/kline',
    '/v5/market/kline',
    { category: 'linear', symbol: 'BTCUSDT', interval: '60', limit: '3' },
    false,
  );
  await get(
    'GET /v5/market/orderbook',
    '/v5/market/orderbook',
    { category: 'linear', symbol: 'BTCUSDT' },
    false,
  );
  await get(
    'GET /v5/market/funding/history',
    '/v5/market/funding/history',
    { category: 'linear', symbol: 'BTCUSDT', limit: '2' },
    false,
  );
  await get('GET /v5/order/history', '/v5/order/history', { category: 'linear', symbol: 'BTCUSDT' });
  await get('GET /v5/execution/list', '/v5/execution/list', { category: 'linear', symbol: 'BTCUSDT' });
  await get('GET /v5/position/closed-pnl', '/v5/position/closed-pnl', {
    category: 'linear',
    symbol: 'BTCUSDT',
  });
  await get('GET /v5/account/wallet-balance', '/v5/account/wallet-balance', { accountType: 'UNIFIED' });
  await get('GET /v5/account/fee-rate', '/v5/account/fee-rate', { category: 'linear', symbol: 'BTCUSDT' });
  await get('GET /v5/account/info', '/v5/account/info', {});
  await get('GET /v5/user/query-api', '/v5/user/query-api', {});
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await emulator?.close();
});

const rest = (key: string) => {
  const answer = answers.get(key);
  if (answer === undefined) throw new Error(`no answer recorded for ${key}`);
  return answer;
};
const pushes = (from: Record<string, unknown>[], match: (m: Record<string, unknown>) => boolean) => {
  const found = from.filter(match);
  if (found.length === 0) throw new Error('no such push');
  return found;
};

type Case = [
  name: string,
  actual: () => unknown,
  recordings: () => { payload: unknown; options?: ShapeOptions }[],
];

const cases: Case[] = [
  ['GET /v5/market/time', () => rest('GET /v5/market/time'), () => [nautilus('rest-server-time')]],
  [
    'GET /v5/market/instruments-info',
    () => rest('GET /v5/market/instruments-info'),
    () => [nautilus('rest-instruments-info-linear')],
  ],
  [
    'GET /v5/market/tickers',
    () => rest('GET /v5/market/tickers'),
    () => [nautilus('rest-tickers'), ccxt('tickers-linear')],
  ],
  ['GET /v5/market/orderbook', () => rest('GET /v5/market/orderbook'), () => [nautilus('rest-orderbook')]],
  [
    'GET /v5/market/funding/history',
    () => rest('GET /v5/market/funding/history'),
    () => [nautilus('rest-funding-history')],
  ],
  [
    'GET /v5/market/kline',
    () => rest('GET /v5/market/kline'),
    () => [nautilus('rest-kline-linear'), ccxt('kline-linear')],
  ],
  ['POST /v5/order/create', () => rest('POST /v5/order/create'), () => [ccxt('order-create')]],
  ['POST /v5/order/amend', () => rest('POST /v5/order/amend'), () => [ccxt('order-amend')]],
  ['POST /v5/order/cancel-all', () => rest('POST /v5/order/cancel-all'), () => [ccxt('order-cancel-all')]],
  [
    'GET /v5/order/realtime',
    () => rest('GET /v5/order/realtime'),
    () => [nautilus('rest-order-realtime'), ccxt('order-realtime-linear'), ccxt('order-history-linear')],
  ],
  [
    'GET /v5/order/history',
    () => rest('GET /v5/order/history'),
    () => [nautilus('rest-order-history'), ccxt('order-realtime-linear'), ccxt('order-history-linear')],
  ],
  [
    'GET /v5/execution/list',
    () => rest('GET /v5/execution/list'),
    () => [nautilus('rest-execution-list'), ccxt('execution-list-linear')],
  ],
  [
    'GET /v5/position/list',
    () => rest('GET /v5/position/list'),
    () => [nautilus('rest-position-list'), ccxt('position-list-linear')],
  ],
  [
    'GET /v5/position/closed-pnl',
    () => rest('GET /v5/position/closed-pnl'),
    () => [ccxt('closed-pnl-linear')],
  ],
  [
    'GET /v5/account/wallet-balance',
    () => rest('GET /v5/account/wallet-balance'),
    () => [nautilus('rest-wallet-balance'), ccxt('wallet-balance')],
  ],
  ['GET /v5/account/fee-rate', () => rest('GET /v5/account/fee-rate'), () => [nautilus('rest-fee-rate')]],
  ['GET /v5/account/info', () => rest('GET /v5/account/info'), () => [nautilus('rest-account-info')]],
  ['GET /v5/user/query-api', () => rest('GET /v5/user/query-api'), () => [nautilus('rest-user-query-api')]],
  [
    'WS kline (forming)',
    () => pushes(publicMessages, (m) => m.topic === 'kline.1.BTCUSDT').at(-1),
    () => [nautilus('ws-kline')],
  ],
  [
    'WS tickers snapshot',
    () => pushes(publicMessages, (m) => m.topic === 'tickers.BTCUSDT' && m.type === 'snapshot')[0],
    () => [nautilus('ws-ticker-linear')],
  ],
  [
    'WS order',
    () => pushes(privateMessages, (m) => m.topic === 'order').at(-1),
    () => [nautilus('ws-order'), nautilus('ws-order-filled'), nautilus('ws-order-stop-loss')],
  ],
  [
    'WS position',
    () =>
      pushes(
        privateMessages,
        (m) => m.topic === 'position' && (m.data as { size: string }[])[0]?.size !== '0',
      )[0],
    () => [nautilus('ws-position')],
  ],
  [
    'WS execution',
    () => pushes(privateMessages, (m) => m.topic === 'execution')[0],
    () => [nautilus('ws-execution')],
  ],
  [
    // The stream's wallet item is the REST wallet row (docs), so both kinds of recording apply.
    'WS wallet',
    () => (pushes(privateMessages, (m) => m.topic === 'wallet').at(-1)?.data as unknown[] | undefined)?.[0],
    () => [
      { payload: recorded('nautilus-ws-wallet.json').data[0] },
      { payload: recorded('nautilus-rest-wallet-balance.json').result.list[0] },
      { payload: recorded('ccxt-wallet-balance.json').result.list[0], options: stringified },
    ],
  ],
  [
    'WS auth answer',
    () => pushes(privateMessages, (m) => m.op === 'auth')[0],
    () => [nautilus('ws-auth-success')],
  ],
  [
    'WS subscribe answer',
    () => pushes(publicMessages, (m) => m.op === 'subscribe')[0],
    () => [nautilus('ws-subscribe-ack')],
  ],
];

const cutEnvelope = '$.retExtInfo: not in any recording';
const emptyGroups = [
  'Spot',
  'Derivatives',
  'Exchange',
  'Earn',
  'FiatP2P',
  'FiatBybitPay',
  'FiatConvertBroker',
  'FiatBitPay',
  'BitCard',
  'ByXPost',
].map((group) => `$.result.permissions.${group}: empty list, the recordings have items (nothing compared)`);

/**
 * Known differences, each with its reason (docs/bybit.md). Anything else is a deviation from Bybit.
 */
const ACCEPTED: Record<string, string[]> = {
  // These two recordings were cut to the result; every other recording has the full envelope.
  'GET /v5/market/time': [cutEnvelope],
  'GET /v5/market/orderbook': [cutEnvelope],
  'GET /v5/market/funding/history': [cutEnvelope],
  'GET /v5/account/info': [cutEnvelope, '$.time: not in any recording'],
  'GET /v5/market/instruments-info': [
    // Bybit's documented answer names the category; the recording was cut.
    '$.result.category: not in any recording',
    // The recorded row carries a delivery date and fee (a dated contract); a perpetual has "".
    '$.result.list[0].deliveryFeeRate: decimal-string expected, got empty ""',
    '$.result.list[1].deliveryFeeRate: decimal-string expected, got empty ""',
  ],
  // The last page: Bybit answers "" there (the nautilus order-realtime recording).
  'GET /v5/execution/list': ['$.result.nextPageCursor: text expected, got empty ""'],
  'GET /v5/position/closed-pnl': [
    '$.result.nextPageCursor: text expected, got empty ""',
    // Documented since 2025; the 2024 recording predates them.
    '$.result.list[0].openFee: not in any recording',
    '$.result.list[0].closeFee: not in any recording',
  ],
  // The emulator's default key is granted trading only; Bybit lists ungranted groups as [].
  // The emulator knows no KYC region.
  'GET /v5/user/query-api': [...emptyGroups, '$.result.kycRegion: text expected, got empty ""'],
  'WS order': [
    // The WS recordings are all TP/SL or stop orders from one source that writes "" and "order";
    // the real 2025 REST recordings of plain linear orders say "EC_NoError", "" and "".
    '$.data[0].rejectReason: empty expected, got text "EC_NoError"',
    '$.data[0].stopOrderType: text expected, got empty ""',
    '$.data[0].placeType: text expected, got empty ""',
  ],
  // The Market open is sent without orderLinkId: Bybit then writes "" (the real 2025 REST
  // recording of such an execution); the one WS recording had a link id.
  'WS execution': ['$.data[0].orderLinkId: text expected, got empty ""'],
  // Unified Trading Account 2.0 answers "" (the real 2025 REST recording).
  'WS wallet': ['$.coin[0].availableToWithdraw: decimal-string expected, got empty ""'],
  // The emulator answers auth in the documented form {success, ret_msg, op, conn_id, req_id};
  // the recording shows a newer form with retCode/retMsg/connId (facts §1: UNCONFIRMED).
  'WS auth answer': [
    '$.retCode: missing',
    '$.retMsg: missing',
    '$.connId: missing',
    '$.ret_msg: not in any recording',
    '$.conn_id: not in any recording',
    '$.req_id: not in any recording',
  ],
};

describe('the emulator answers in the shapes of recorded Bybit payloads', () => {
  it.each(cases)('%s', (name, actual, recordings) => {
    const differences = shapeDifferences(recordings(), actual());
    if (process.env.SHAPE_DUMP) console.log(`## ${name}\n${differences.join('\n')}`);
    expect(differences.filter((d) => !(ACCEPTED[name] ?? []).includes(d))).toEqual([]);
  });
});
