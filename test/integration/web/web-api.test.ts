import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryService } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { startWebServer, WebBindError } from '../../../src/web/index.ts';
import { hasRealData } from '../../support/data.ts';
import { type ReplayBotServer, replayBotServer } from '../../support/web-bot.ts';
import { parsePrometheusText } from '../../unit/web/prometheus-parser.ts';

const SECRETS = {
  AI_API_KEY: 'sk-test-AIKEY-5f1e2d3c4b5a69788796',
  BYBIT_API_KEY: 'BYBITKEYq8w7e6r5t4y3',
  BYBIT_API_SECRET: 'BYBITSECRETz9x8c7v6b5n4m3l2k1j0h',
  WEB_TOKEN: 'webtok-1a2b3c4d5e6f7g8h9i0j',
  TELEGRAM_BOT_TOKEN: '123456789:TELEGRAMtokenABCDEFGHIJKLMNOPQRSTUV',
  TELEGRAM_CHAT_ID: '-1001234567890',
};
const SECRET_VALUES = Object.entries(SECRETS)
  .filter(([key]) => key !== 'TELEGRAM_CHAT_ID')
  .map(([, value]) => value);
const STATE_CHANGING = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

describe.skipIf(!hasRealData)('the dashboard API over a bot that traded 300 replayed cycles', () => {
  let bot: ReplayBotServer;
  let url: string;

  beforeAll(async () => {
    bot = await replayBotServer(300, SECRETS);
    url = bot.server.url;
    // A venue error message that quotes a key: the API must still never return it.
    bot.journal.recordEvent({
      atMs: Date.now(),
      kind: 'stop.move-failed',
      severity: 'error',
      message: `auth failed for api key ${SECRETS.BYBIT_API_KEY} (secret ${SECRETS.BYBIT_API_SECRET})`,
      detail: { token: SECRETS.WEB_TOKEN },
    });
  }, 120_000);

  afterAll(async () => {
    await bot?.close();
  });

  const get = async (path: string) => {
    const response = await fetch(url + path);
    return {
      status: response.status,
      text: await response.text(),
      type: response.headers.get('content-type'),
    };
  };

  it('never returns a configured secret, from any page, list, detail, error or metric', async () => {
    const decisions = JSON.parse((await get('/api/decisions?limit=500')).text) as { items: { id: number }[] };
    const paths = [
      '/',
      '/app.js',
      '/style.css',
      '/healthz',
      '/metrics',
      '/api/state',
      '/api/overview',
      '/api/positions',
      '/api/orders',
      '/api/equity',
      '/api/report',
      '/api/decisions',
      '/api/trades',
      '/api/stop-moves',
      '/api/events?minSeverity=debug',
      '/api/candles/BTCUSDT?timeframe=5m',
      '/api/candles/ETHUSDT',
      '/api/config',
      '/api/decisions/999999',
      '/api/candles/DOGEUSDT',
      '/api/decisions?action=NOPE',
      ...decisions.items.filter((_, i) => i % 25 === 0).map((d) => `/api/decisions/${d.id}`),
    ];
    let checked = 0;
    for (const path of paths) {
      const { text } = await get(path);
      for (const secret of SECRET_VALUES) expect(text.includes(secret), `${path} leaks a secret`).toBe(false);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(25);
    const config = JSON.parse((await get('/api/config')).text) as Record<string, unknown>;
    expect(config.BYBIT_API_SECRET).toBe('***redacted***');
    expect(config.WEB_TOKEN).toBe('***redacted***');
    const events = (await get('/api/events?kind=stop.move-failed')).text;
    expect(events).toContain('auth failed for api key ***redacted***');
  });

  it('refuses every state-changing request without the token, and changes nothing', async () => {
    const paths = [
      '/api/control/pause',
      '/api/control/kill',
      '/api/control/close-all',
      '/api/decisions',
      '/',
      '/metrics',
    ];
    for (const path of paths) {
      for (const method of STATE_CHANGING) {
        for (const authorization of [
          undefined,
          'Bearer wrong-token-0000000000',
          `Basic ${SECRETS.WEB_TOKEN}`,
        ]) {
          const response = await fetch(url + path, {
            method,
            headers: authorization ? { authorization } : {},
          });
          expect(response.status, `${method} ${path} with ${authorization}`).toBe(401);
          expect(await response.text()).toMatch(/WEB_TOKEN/);
        }
      }
    }
    expect(bot.engine.tradingState).toBe('ACTIVE');
    expect(
      databaseOf(bot.journal)
        .prepare("SELECT COUNT(*) FROM events WHERE kind LIKE 'operator.%'")
        .pluck()
        .get(),
    ).toBe(0);
  });

  it('answers with the venue view: open positions with entry, stop, take-profit and distance to stop', async () => {
    const overview = JSON.parse((await get('/api/overview')).text);
    expect(overview.exchangeReachable).toBe(true);
    expect(overview.positions.length).toBeGreaterThan(0);
    for (const p of overview.positions) {
      expect(p.entryPrice).toBeGreaterThan(0);
      expect(p.stopLoss).toBeGreaterThan(0);
      expect(p.takeProfit).toBeGreaterThan(0);
      const expected =
        p.side === 'LONG'
          ? (p.markPrice - p.stopLoss) / p.markPrice
          : (p.stopLoss - p.markPrice) / p.markPrice;
      expect(p.distanceToStopPct).toBeCloseTo(expected, 12);
      expect(p.source).toBe('journal+venue');
    }
    expect(overview.openRiskUsdt).toBeGreaterThan(0);
    expect(overview.openRiskUsdt).toBeLessThanOrEqual(overview.openRiskCapUsdt);
    expect(overview.pnl.netPnlUsdt).toBeCloseTo(
      overview.pnl.grossPnlUsdt - overview.pnl.feesUsdt + overview.pnl.fundingUsdt,
      9,
    );
  });

  it('filters and paginates decisions and opens one with its snapshot, prompt, raw response and verdict', async () => {
    const all = JSON.parse((await get('/api/decisions?limit=10')).text);
    expect(all.total).toBe(600);
    expect(all.items).toHaveLength(10);
    const page2 = JSON.parse((await get('/api/decisions?limit=10&offset=10')).text);
    expect(page2.items[0].id).toBe(all.items[9].id - 1);
    const eth = JSON.parse((await get('/api/decisions?symbol=ETHUSDT&limit=500')).text);
    expect(eth.total).toBe(300);
    expect(eth.items.every((d: { symbol: string }) => d.symbol === 'ETHUSDT')).toBe(true);
    const blocked = JSON.parse((await get('/api/decisions?blockedBy=LOW_SETUP_SCORE&limit=500')).text);
    expect(blocked.total).toBeGreaterThan(0);
    expect(blocked.items.every((d: { blockedBy: string[] }) => d.blockedBy.includes('LOW_SETUP_SCORE'))).toBe(
      true,
    );
    const opens = JSON.parse((await get('/api/decisions?action=OPEN_LONG')).text);
    const none = JSON.parse((await get('/api/decisions?promptVersion=does-not-exist')).text);
    expect(none.total).toBe(0);
    const id = opens.items[0]?.id ?? all.items[0].id;
    const detail = JSON.parse((await get(`/api/decisions/${id}`)).text);
    expect(detail.inputSnapshot.markPrice).toBeGreaterThan(0);
    expect(detail.promptText.length).toBeGreaterThan(100);
    expect(detail.rawResponse.length).toBeGreaterThan(2);
    expect(Array.isArray(detail.blockedBy)).toBe(true);
    expect(Array.isArray(detail.adjustments)).toBe(true);
  });

  it('refuses bad query input with a 400 that names the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['/api/decisions?action=BUY', /action/],
      ['/api/decisions?limit=-1', /limit/],
      ['/api/decisions?from=yesterday', /not a time/],
      ['/api/decisions?from=2025-02-01&to=2025-01-01', /from must be before to/],
      ['/api/decisions?colour=red', /unknown parameter/],
      ['/api/decisions/abc', /positive whole number/],
    ];
    for (const [path, message] of cases) {
      const { status, text } = await get(path);
      expect(status, path).toBe(400);
      expect(JSON.parse(text).error, path).toMatch(message);
    }
    expect((await get('/api/decisions/999999')).status).toBe(404);
  });

  it('serves candles with the entries, exits and stop moves of the symbol', async () => {
    const symbol = JSON.parse((await get('/api/overview')).text).positions[0].symbol;
    const chart = JSON.parse((await get(`/api/candles/${symbol}?timeframe=15m&limit=300`)).text);
    expect(chart.candles.length).toBeGreaterThan(100);
    const times = chart.candles.map((c: { ts: number }) => c.ts);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[1] - times[0]).toBe(900_000);
    expect(chart.markers.some((m: { kind: string }) => m.kind === 'entry')).toBe(true);
    expect(chart.openPositions).toHaveLength(1);
  });

  it('serves /metrics that a strict Prometheus text-format parser accepts, with the required families', async () => {
    const { text, type } = await get('/metrics');
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = new Map(parsePrometheusText(text).map((f) => [f.name, f]));
    for (const name of [
      'warden_equity_usdt',
      'warden_open_risk_usdt',
      'warden_open_positions',
      'warden_decisions_total',
      'warden_blocked_decisions_total',
      'warden_ai_latency_seconds',
      'warden_ai_cost_usd_total',
      'warden_exchange_errors_total',
      'warden_trading_state',
    ]) {
      expect(families.has(name), name).toBe(true);
    }
    const decisions = families.get('warden_decisions_total')?.samples ?? [];
    expect(decisions.reduce((sum, s) => sum + s.value, 0)).toBe(600);
    const active = families.get('warden_trading_state')?.samples.find((s) => s.labels.state === 'ACTIVE');
    expect(active?.value).toBe(1);
    const errors = families
      .get('warden_exchange_errors_total')
      ?.samples.find((s) => s.labels.kind === 'stop_move_failed');
    expect(errors?.value).toBe(1);
  });

  it('pushes an update over server-sent events when the journal changes', async () => {
    const controller = new AbortController();
    const response = await fetch(`${url}/api/stream`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let received = '';
    const until = async (pattern: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(received) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value);
      }
    };
    await until(/event: hello/);
    bot.journal.recordEvent({ atMs: Date.now(), kind: 'test.ping', severity: 'info', message: 'ping' });
    await until(/event: update\ndata: .*"events"/);
    controller.abort();
    expect(received).toMatch(/event: update\ndata: .*"events"/);
  });

  it('refuses a request that names a non-loopback host (DNS rebinding) while bound to loopback', async () => {
    const port = new URL(url).port;
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/api/state', headers: { host: `evil.example:${port}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('runs a control with the token: pause, resume, then close-all flattens the venue', async () => {
    const post = (command: string, note?: string) =>
      fetch(`${url}/api/control/${command}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRETS.WEB_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(note ? { note } : {}),
      });
    const pause = await post('pause', 'integration test');
    expect(pause.status).toBe(200);
    expect((await pause.json()).tradingState).toBe('REDUCING');
    expect(bot.engine.tradingState).toBe('REDUCING');
    expect((await post('resume')).status).toBe(200);
    expect(bot.engine.tradingState).toBe('ACTIVE');
    expect((await post('launch-missiles')).status).toBe(404);
    const closeAll = await (await post('close-all', 'flatten')).json();
    expect(closeAll.errors).toEqual([]);
    expect(closeAll.closedPositions.length).toBeGreaterThan(0);
    const notes = databaseOf(bot.journal)
      .prepare("SELECT message FROM events WHERE kind LIKE 'operator.%' ORDER BY id")
      .pluck()
      .all();
    expect(notes).toEqual([
      'operator pause: integration test',
      'operator resume: via the local API',
      'operator close-all: flatten',
    ]);
  });

  it('refuses every control with 403 and a message to set WEB_TOKEN when the bot has no token', async () => {
    const server = await startWebServer({
      config: { ...bot.config, WEB_TOKEN: undefined },
      journal: bot.journal,
      queries: new QueryService(bot.journal),
      bot: null,
      port: 0,
    });
    try {
      for (const command of ['pause', 'resume', 'halt', 'close-all', 'kill']) {
        const response = await fetch(`${server.url}/api/control/${command}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${SECRETS.WEB_TOKEN}` },
        });
        expect(response.status).toBe(403);
        expect((await response.json()).error).toMatch(/set WEB_TOKEN/);
      }
    } finally {
      await server.close();
    }
  });

  it('will not bind to a non-loopback address without WEB_ALLOW_REMOTE and a token, nor to a busy port', async () => {
    const base = { journal: bot.journal, queries: new QueryService(bot.journal), bot: null, port: 0 };
    await expect(
      startWebServer({ ...base, config: { ...bot.config, WEB_ALLOW_REMOTE: false }, host: '0.0.0.0' }),
    ).rejects.toThrow(/WEB_ALLOW_REMOTE=true/);
    await expect(
      startWebServer({
        ...base,
        config: { ...bot.config, WEB_ALLOW_REMOTE: true, WEB_TOKEN: undefined },
        host: '0.0.0.0',
      }),
    ).rejects.toThrow(/set WEB_TOKEN/);
    const busy = Number(new URL(url).port);
    await expect(startWebServer({ ...base, config: bot.config, port: busy })).rejects.toThrow(WebBindError);
    await expect(startWebServer({ ...base, config: bot.config, port: busy })).rejects.toThrow(/set WEB_PORT/);
  });
});
