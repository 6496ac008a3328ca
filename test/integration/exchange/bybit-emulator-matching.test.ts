import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../../src/exchange/emulator/index.ts';
import type { StreamEvent } from '../../../src/exchange/port.ts';
import { eventually } from '../../support/exchange-contract.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';
import { adapterFor, control, signed } from './bybit-harness.ts';

type Row = Record<string, unknown>;

let seq = 0;
const linkId = (tag: string) => `m-${tag}-${Date.now().toString(36)}-${seq++}`;

const create = (emulator: EmulatorHandle, overrides: Row = {}) =>
  signed(emulator, 'POST', '/v5/order/create', {
    category: 'linear',
    symbol: 'BTCUSDT',
    side: 'Buy',
    orderType: 'Market',
    qty: '0.002',
    orderLinkId: linkId('o'),
    ...overrides,
  });

async function orderByLinkId(emulator: EmulatorHandle, orderLinkId: string): Promise<Row> {
  const { body } = await signed(emulator, 'GET', '/v5/order/realtime', {
    category: 'linear',
    symbol: 'BTCUSDT',
    orderLinkId,
  });
  const [row] = body.result.list as Row[];
  if (!row) throw new Error(`order ${orderLinkId} not found`);
  return row;
}

async function executionsOf(emulator: EmulatorHandle, orderId: string): Promise<Row[]> {
  const { body } = await signed(emulator, 'GET', '/v5/execution/list', {
    category: 'linear',
    symbol: 'BTCUSDT',
    orderId,
  });
  return body.result.list as Row[];
}

async function positionRow(emulator: EmulatorHandle): Promise<Row> {
  const { body } = await signed(emulator, 'GET', '/v5/position/list', {
    category: 'linear',
    symbol: 'BTCUSDT',
  });
  return (body.result.list as Row[])[0] as Row;
}

describe('Bybit emulator matching (raw signed requests)', () => {
  let emulator: EmulatorHandle;

  beforeEach(async () => {
    emulator = await startEmulator({
      instruments: contractInstruments,
      clock: 'wall',
      enforceRateLimits: false,
      startBalanceUsdt: 1000,
      slippagePct: 0.0005,
    });
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: 50_000 });
  });
  afterEach(() => emulator.close());

  it('fills a Market order before the create call answers, at the best ask plus slippage, with the taker fee', async () => {
    const id = linkId('mkt');
    const { body } = await create(emulator, { orderLinkId: id });
    expect(body.retCode).toBe(0);
    const order = await orderByLinkId(emulator, id);
    // ask = 50_000.1; × 1.0005 = 50_025.15005 → up to the tick
    expect(order).toMatchObject({
      orderStatus: 'Filled',
      orderType: 'Market',
      timeInForce: 'IOC',
      avgPrice: '50025.2',
      cumExecQty: '0.002',
      cumExecFee: '0.05502772',
      leavesQty: '0',
    });
    const [fill] = await executionsOf(emulator, body.result.orderId as string);
    expect(fill).toMatchObject({
      orderType: 'Market',
      execType: 'Trade',
      isMaker: false,
      execPrice: '50025.2',
      execFee: '0.05502772',
    });
    expect(await positionRow(emulator)).toMatchObject({ side: 'Buy', size: '0.002' });
  });

  it('closes a position with a reduce-only Market order inside the create call', async () => {
    await create(emulator);
    const close = linkId('close');
    await create(emulator, { side: 'Sell', reduceOnly: true, orderLinkId: close });
    expect(await orderByLinkId(emulator, close)).toMatchObject({ orderStatus: 'Filled', reduceOnly: true });
    expect(await positionRow(emulator)).toMatchObject({ side: '', size: '0' });
  });

  it('fills a Limit that crosses the book at once as a taker, and reports its fill as a Limit', async () => {
    const id = linkId('cross');
    const { body } = await create(emulator, { orderType: 'Limit', price: '50100', orderLinkId: id });
    expect(await orderByLinkId(emulator, id)).toMatchObject({
      orderStatus: 'Filled',
      orderType: 'Limit',
      avgPrice: '50025.2',
    });
    const [fill] = await executionsOf(emulator, body.result.orderId as string);
    expect(fill).toMatchObject({ orderType: 'Limit', isMaker: false, execType: 'Trade' });
  });

  it('rests a Limit that does not cross and fills it later as a maker at its price', async () => {
    const id = linkId('rest');
    const { body } = await create(emulator, { orderType: 'Limit', price: '49900', orderLinkId: id });
    expect(await orderByLinkId(emulator, id)).toMatchObject({ orderStatus: 'New', cumExecFee: '0' });
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: 49_890 });
    const [fill] = await executionsOf(emulator, body.result.orderId as string);
    // 0.002 × 49_900 × 0.0002
    expect(fill).toMatchObject({
      orderType: 'Limit',
      isMaker: true,
      execPrice: '49900.0',
      execFee: '0.01996',
    });
    expect(await orderByLinkId(emulator, id)).toMatchObject({ orderStatus: 'Filled', cumExecFee: '0.01996' });
  });

  it('cancels a PostOnly that would take liquidity with EC_PostOnlyWillTakeLiquidity', async () => {
    const id = linkId('po');
    const { body } = await create(emulator, {
      orderType: 'Limit',
      price: '50000.1',
      timeInForce: 'PostOnly',
      orderLinkId: id,
    });
    expect(body.retCode).toBe(0);
    expect(await orderByLinkId(emulator, id)).toMatchObject({
      orderStatus: 'Cancelled',
      rejectReason: 'EC_PostOnlyWillTakeLiquidity',
      cumExecQty: '0',
    });
    const resting = linkId('po-ok');
    await create(emulator, {
      orderType: 'Limit',
      price: '50000',
      timeInForce: 'PostOnly',
      orderLinkId: resting,
    });
    expect(await orderByLinkId(emulator, resting)).toMatchObject({
      orderStatus: 'New',
      timeInForce: 'PostOnly',
    });
  });

  it('fills an IOC or FOK Limit that crosses, cancels one that cannot fill, and refuses an unknown timeInForce', async () => {
    const ioc = linkId('ioc');
    await create(emulator, { orderType: 'Limit', price: '49000', timeInForce: 'IOC', orderLinkId: ioc });
    expect(await orderByLinkId(emulator, ioc)).toMatchObject({ orderStatus: 'Cancelled', cumExecQty: '0' });
    const fok = linkId('fok');
    await create(emulator, { orderType: 'Limit', price: '50100', timeInForce: 'FOK', orderLinkId: fok });
    expect(await orderByLinkId(emulator, fok)).toMatchObject({ orderStatus: 'Filled', timeInForce: 'FOK' });
    const { body } = await create(emulator, { orderType: 'Limit', price: '49000', timeInForce: 'GTD' });
    expect(body).toMatchObject({ retCode: 10001 });
    expect(body.retMsg).toContain('timeInForce');
  });

  it('formats bid1Price and ask1Price on the tick, without float noise', async () => {
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: 96_870.7 });
    const { body } = await signed(emulator, 'GET', '/v5/market/tickers', {
      category: 'linear',
      symbol: 'BTCUSDT',
    });
    const [ticker] = body.result.list as Row[];
    expect(ticker).toMatchObject({ bid1Price: '96870.6', ask1Price: '96870.8', markPrice: '96870.7' });
  });

  it('answers orderFilter: Order lists plain orders, StopOrder and tpslOrder the position legs, default all', async () => {
    await create(emulator, { stopLoss: '49000' });
    await create(emulator, { orderType: 'Limit', price: '49000', qty: '0.001' });
    const list = async (orderFilter?: string) => {
      const { body } = await signed(emulator, 'GET', '/v5/order/realtime', {
        category: 'linear',
        symbol: 'BTCUSDT',
        ...(orderFilter ? { orderFilter } : {}),
      });
      return (body.result.list as Row[]).map((o) => o.stopOrderType);
    };
    // A plain order's stopOrderType is "" (recorded 2025 linear orders).
    expect(await list('Order')).toEqual(['']);
    expect(await list('StopOrder')).toEqual(['StopLoss']);
    expect(await list('tpslOrder')).toEqual(['StopLoss']);
    expect((await list()).sort()).toEqual(['', 'StopLoss']);
    const { body } = await signed(emulator, 'GET', '/v5/order/realtime', {
      category: 'linear',
      symbol: 'BTCUSDT',
      orderFilter: 'Everything',
    });
    expect(body.retCode).toBe(10001);
  });

  it('filters instruments-info by status', async () => {
    const list = async (status: string) =>
      (await signed(emulator, 'GET', '/v5/market/instruments-info', { category: 'linear', status })).body;
    expect(((await list('Trading')).result.list as Row[]).length).toBe(2);
    expect((await list('PreLaunch')).result.list).toEqual([]);
    expect((await list('Halted')).retCode).toBe(10001);
  });

  it('answers a price above maxPrice with the price error 110003, not insufficient balance', async () => {
    const listed = await signed(emulator, 'GET', '/v5/market/instruments-info', {
      category: 'linear',
      symbol: 'BTCUSDT',
    });
    const [btc] = listed.body.result.list as { priceFilter: Row }[];
    expect(btc?.priceFilter).toMatchObject({ minPrice: '0.1', maxPrice: '1999999.8' });
    const { body } = await create(emulator, { orderType: 'Limit', price: '2000000', qty: '1' });
    expect(body.retCode).toBe(110003);
  });

  it('reports the margin of resting orders and of the position on the wallet and the position row', async () => {
    await create(emulator, { orderType: 'Limit', price: '49000', qty: '0.01' });
    await create(emulator);
    const { body } = await signed(emulator, 'GET', '/v5/account/wallet-balance', { accountType: 'UNIFIED' });
    const [account] = body.result.list as Row[];
    const [coin] = (account as { coin: Row[] }).coin;
    // order cost at 10× leverage: 490/10 + 2 × 490 × 0.00055
    expect(Number(coin?.totalOrderIM)).toBeCloseTo(49.539, 6);
    expect(Number(coin?.totalPositionIM)).toBeCloseTo((0.002 * 50_025.2) / 10, 6);
    expect(Number(account?.totalMaintenanceMargin)).toBeGreaterThan(0);
    const row = await positionRow(emulator);
    // 0.002 × mark 50_000 × maintenance margin rate 0.5 %
    expect(Number(row.positionMM)).toBeCloseTo(0.5, 8);
  });

  it('keeps an empty orderLinkId for an order sent without one', async () => {
    const { body } = await signed(emulator, 'POST', '/v5/order/create', {
      category: 'linear',
      symbol: 'BTCUSDT',
      side: 'Buy',
      orderType: 'Limit',
      qty: '0.001',
      price: '49000',
    });
    expect(body.result.orderLinkId).toBe('');
    const open = await signed(emulator, 'GET', '/v5/order/realtime', {
      category: 'linear',
      symbol: 'BTCUSDT',
    });
    expect((open.body.result.list as Row[])[0]).toMatchObject({ orderLinkId: '' });
  });

  it('pushes the position on a leverage change and a trading stop, not only on fills', async () => {
    const adapter = adapterFor(emulator);
    const events: StreamEvent[] = [];
    const stop = await adapter.subscribe({ account: true }, (event) => events.push(event));
    const positions = () => events.filter((e) => e.type === 'position');
    await adapter.setLeverage('BTCUSDT', 5);
    await eventually(() => expect(positions()).toHaveLength(1));
    await create(emulator);
    await eventually(() => expect(positions().length).toBeGreaterThanOrEqual(2));
    const afterFill = positions().length;
    await adapter.setTradingStop({ symbol: 'BTCUSDT', stopLoss: 49_000 });
    await eventually(() => expect(positions().length).toBeGreaterThan(afterFill));
    await stop();
    await adapter.close();
  });
});
