import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorHandle, startEmulator } from '../../../src/exchange/emulator/index.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';
import { control, signedRequest as signed } from './bybit-harness.ts';

const order = (overrides: Record<string, unknown> = {}) => ({
  category: 'linear',
  symbol: 'BTCUSDT',
  side: 'Buy',
  orderType: 'Limit',
  qty: '0.001',
  price: '49000',
  timeInForce: 'GTC',
  positionIdx: 0,
  orderLinkId: `raw-${Math.random().toString(36).slice(2, 12)}`,
  ...overrides,
});

describe('Bybit emulator refuses what Bybit refuses (raw signed requests)', () => {
  let emulator: EmulatorHandle;

  beforeAll(async () => {
    emulator = await startEmulator({
      instruments: contractInstruments,
      clock: 'wall',
      enforceRateLimits: false,
    });
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: 50_000 });
  });
  afterAll(() => emulator.close());

  it('accepts a correctly signed order and answers in Bybit shape with string ids', async () => {
    const { status, body } = await signed(emulator, 'POST', '/v5/order/create', order());
    expect(status).toBe(200);
    expect(body).toMatchObject({ retCode: 0, retMsg: 'OK', retExtInfo: {} });
    expect(typeof body.time).toBe('number');
    expect(typeof body.result.orderId).toBe('string');
  });

  it('refuses a wrong signature with 10004, echoing the signed origin string', async () => {
    const { body } = await signed(emulator, 'POST', '/v5/order/create', order(), {
      secret: 'not-the-secret',
    });
    expect(body.retCode).toBe(10004);
    expect(body.retMsg).toMatch(/^error sign! origin_string\[\d+emu/);
  });

  it('refuses an off-tick price with 110003', async () => {
    const { body } = await signed(emulator, 'POST', '/v5/order/create', order({ price: '49000.05' }));
    expect(body.retCode).toBe(110003);
  });

  it('refuses a quantity off the qty step with 10001 "Qty invalid"', async () => {
    const { body } = await signed(emulator, 'POST', '/v5/order/create', order({ qty: '0.0015' }));
    expect(body).toMatchObject({ retCode: 10001, retMsg: 'Qty invalid' });
  });

  it('refuses a duplicate orderLinkId with 110072', async () => {
    const request = order();
    expect((await signed(emulator, 'POST', '/v5/order/create', request)).body.retCode).toBe(0);
    const again = await signed(emulator, 'POST', '/v5/order/create', { ...request, price: '48000' });
    expect(again.body).toMatchObject({ retCode: 110072, retMsg: 'OrderLinkedID is duplicate' });
  });

  it('refuses an unknown key with 10003 and a stale timestamp with 10002', async () => {
    expect(
      (
        await signed(
          emulator,
          'GET',
          '/v5/position/list',
          { category: 'linear', symbol: 'BTCUSDT' },
          { apiKey: 'nobody' },
        )
      ).body.retCode,
    ).toBe(10003);
    const stale = await signed(
      emulator,
      'GET',
      '/v5/position/list',
      { category: 'linear', symbol: 'BTCUSDT' },
      { timestamp: Date.now() - 60_000 },
    );
    expect(stale.body.retCode).toBe(10002);
  });

  it('refuses a missing required field, a tiny notional, a reduce-only order without a position, an unknown order', async () => {
    const { qty: _qty, ...noQty } = order();
    expect((await signed(emulator, 'POST', '/v5/order/create', noQty)).body).toMatchObject({
      retCode: 10001,
      retMsg: 'params error: qty is required',
    });
    expect(
      (await signed(emulator, 'POST', '/v5/order/create', order({ qty: '0.001', price: '4000' }))).body
        .retCode,
    ).toBe(110094);
    expect(
      (await signed(emulator, 'POST', '/v5/order/create', order({ side: 'Sell', reduceOnly: true }))).body
        .retCode,
    ).toBe(110017);
    expect(
      (
        await signed(emulator, 'POST', '/v5/order/cancel', {
          category: 'linear',
          symbol: 'BTCUSDT',
          orderLinkId: 'never-sent',
        })
      ).body.retCode,
    ).toBe(110001);
    expect(
      (await signed(emulator, 'POST', '/v5/order/cancel', { category: 'linear', symbol: 'BTCUSDT' })).body,
    ).toMatchObject({
      retCode: 10001,
      retMsg: 'params error: OrderId or orderLinkId is required',
    });
  });

  it('refuses an order beyond the available balance with 110007', async () => {
    const { body } = await signed(emulator, 'POST', '/v5/order/create', order({ qty: '10' }));
    expect(body.retCode).toBe(110007);
  });

  it('answers "not modified" codes: leverage 110043, position mode 110025', async () => {
    const leverage = await signed(emulator, 'POST', '/v5/position/set-leverage', {
      category: 'linear',
      symbol: 'BTCUSDT',
      buyLeverage: '10',
      sellLeverage: '10',
    });
    expect(leverage.body.retCode).toBe(110043);
    const mode = await signed(emulator, 'POST', '/v5/position/switch-mode', {
      category: 'linear',
      symbol: 'BTCUSDT',
      mode: 0,
    });
    expect(mode.body.retCode).toBe(110025);
  });

  it('sends rate-limit headers on every response, public ones included', async () => {
    const privateAnswer = await signed(emulator, 'GET', '/v5/order/realtime', {
      category: 'linear',
      symbol: 'BTCUSDT',
    });
    expect(privateAnswer.headers.get('x-bapi-limit')).toBe('50');
    expect(Number(privateAnswer.headers.get('x-bapi-limit-status'))).toBeGreaterThanOrEqual(0);
    expect(Number(privateAnswer.headers.get('x-bapi-limit-reset-timestamp'))).toBeGreaterThan(0);
    const publicAnswer = await fetch(`${emulator.restUrl}/v5/market/time`);
    expect(publicAnswer.headers.get('x-bapi-limit')).not.toBeNull();
  });

  it('types position and order fields the way Bybit does (strings, ints, bools)', async () => {
    const { body } = await signed(emulator, 'GET', '/v5/order/realtime', {
      category: 'linear',
      symbol: 'BTCUSDT',
    });
    const first = (body.result.list as Record<string, unknown>[])[0] as Record<string, unknown>;
    expect(first).toMatchObject({
      orderStatus: 'New',
      orderType: 'Limit',
      side: 'Buy',
      positionIdx: 0,
      reduceOnly: false,
    });
    expect(typeof first.price).toBe('string');
    expect(typeof first.createdTime).toBe('string');
    const positions = await signed(emulator, 'GET', '/v5/position/list', {
      category: 'linear',
      symbol: 'BTCUSDT',
    });
    expect((positions.body.result.list as unknown[])[0]).toMatchObject({
      side: '',
      size: '0',
      positionIdx: 0,
    });
  });
});

describe('Bybit emulator rate limits', () => {
  it('answers 10006 past 10 order creates in a second, with the reset time in the header', async () => {
    const emulator = await startEmulator({
      instruments: contractInstruments,
      clock: 'wall',
      enforceRateLimits: true,
    });
    try {
      await control(emulator, '/price', { symbol: 'BTCUSDT', price: 50_000 });
      const answers = await Promise.all(
        Array.from({ length: 15 }, (_, i) =>
          signed(emulator, 'POST', '/v5/order/create', order({ price: String(40_000 + i) })),
        ),
      );
      const limited = answers.filter((a) => a.body.retCode === 10006);
      expect(limited.length).toBeGreaterThanOrEqual(1);
      expect(limited[0]?.body.retMsg).toBe('Too many visits!');
      expect(Number(limited[0]?.headers.get('x-bapi-limit-reset-timestamp'))).toBeGreaterThan(
        Date.now() - 1000,
      );
    } finally {
      await emulator.close();
    }
  });
});
