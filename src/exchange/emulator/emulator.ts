import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Candle,
  errorText,
  type InstrumentRules,
  TIMEFRAME_MS,
  type Timeframe,
} from '../../domain/index.ts';
import { constantFunding, type FundingRateSource } from '../paper/index.ts';
import type { EmulatorCredential } from './auth.ts';
import { handleControl } from './control.ts';
import { type FaultPlan, FaultState } from './faults.ts';
import { emulatorInstrument } from './instruments.ts';
import { ReplayMarket } from './market.ts';
import { formingCandle, INTERVAL_MS, type MarketContext, tickerFields } from './market-handlers.ts';
import { REST_ONLY_TICKER_FIELDS, streamExecution, streamOrder, wsKline } from './payloads.ts';
import { RateLimiter } from './rate-limits.ts';
import { buildRoutes, handleRest, type RestContext } from './rest.ts';
import { type AccountEvent, EmulatedVenue } from './venue.ts';
import { WsHub } from './ws-server.ts';

export interface ReplaySeries {
  candles: Candle[];
  timeframe: Timeframe;
}

export interface EmulatorOptions {
  /** 0 (default) picks a free port. The emulator always binds 127.0.0.1. */
  port?: number;
  /** Accepted keys; one random key is made when none is given. */
  credentials?: EmulatorCredential[];
  /** Instrument rules; by default Bybit's listing for known symbols (see instruments.ts). */
  instruments?: InstrumentRules[];
  symbols?: string[];
  /** Replay candles per symbol (from CSV files by the caller). */
  replay?: Record<string, ReplaySeries>;
  /**
   * How the market clock moves: 'wall' follows the wall clock and market data arrives only
   * through the control API; a number replays at that many times real speed; 'max' as fast as
   * the machine goes; 'stepped' only through POST /__emulator/advance.
   */
  clock?: 'wall' | 'stepped' | 'max' | number;
  /** Replay start: this many candles are released at once as history. Default 200. */
  warmupCandles?: number;
  /** Replay start as a market time instead (candles closed by then are history); wins over warmupCandles. */
  startMs?: number;
  /** Start the replay clock at the wall clock once listening (for replays shifted to end now). */
  startAtWallClock?: boolean;
  startBalanceUsdt?: number;
  slippagePct?: number;
  partialFillQtyPerEvent?: number | null;
  funding?: FundingRateSource;
  hedgeModeSymbols?: string[];
  faults?: FaultPlan;
  enforceRateLimits?: boolean;
  /** The emulator's clock runs this far from the machine's (tests of the adapter's time sync). */
  serverClockSkewMs?: number;
}

export interface EmulatorHandle {
  port: number;
  restUrl: string;
  wsPublicUrl: string;
  wsPrivateUrl: string;
  controlUrl: string;
  credentials: EmulatorCredential[];
  venue: EmulatedVenue;
  market: ReplayMarket;
  faults: FaultState;
  ws: WsHub;
  marketNowMs(): number;
  /** Moves the market clock forward (stepped and wall clocks), releasing the candles it passes. */
  advance(ms: number): number;
  close(): Promise<void>;
}

const KLINE_INTERVALS = Object.entries(INTERVAL_MS);

/** REST's ticker fields as the `tickers` topic carries them. */
function streamTicker(fields: Record<string, string> | null): Record<string, string> | null {
  if (!fields) return null;
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !REST_ONLY_TICKER_FIELDS.has(key)));
}

/** Bybit's tickDirection: the last change of the last price, or "Zero…" when it did not move. */
function tickDirection(before: Record<string, string>, lastPrice: string): string {
  const previous = before.tickDirection ?? 'ZeroPlusTick';
  if (before.lastPrice === undefined || before.lastPrice === lastPrice) {
    return previous.includes('Plus') ? 'ZeroPlusTick' : 'ZeroMinusTick';
  }
  return Number(lastPrice) > Number(before.lastPrice) ? 'PlusTick' : 'MinusTick';
}

function timeframeOf(intervalMs: number): Timeframe {
  const found = (Object.entries(TIMEFRAME_MS) as [Timeframe, number][]).find(([, ms]) => ms === intervalMs);
  if (!found) throw new Error(`replay candles of ${intervalMs} ms match no timeframe`);
  return found[0];
}

/** Starts a Bybit V5 look-alike (REST + public and private WebSocket) on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const skew = options.serverClockSkewMs ?? 0;
  const wallNowMs = () => Date.now() + skew;
  const replay = options.replay ?? {};
  const symbols =
    options.symbols ?? (Object.keys(replay).length > 0 ? Object.keys(replay) : ['BTCUSDT', 'ETHUSDT']);
  const instruments =
    options.instruments ?? symbols.map((s) => emulatorInstrument(s, replay[s]?.candles[0]?.close));
  const credentials = options.credentials ?? [
    { apiKey: `emu${randomBytes(8).toString('hex')}`, apiSecret: randomBytes(18).toString('hex') },
  ];
  const credentialMap = new Map(credentials.map((c) => [c.apiKey, c]));
  const clockMode = options.clock ?? (Object.keys(replay).length > 0 ? 1 : 'wall');
  const funding = options.funding ?? constantFunding(0.0001);

  let marketClockMs = wallNowMs();
  const marketNowMs = () => (clockMode === 'wall' ? Math.max(marketClockMs, wallNowMs()) : marketClockMs);
  // The venue's clock (/v5/market/time, envelopes, streams): the wall clock, or the replay clock.
  const serverNowMs = () => (clockMode === 'wall' ? wallNowMs() : marketClockMs);
  // Emulator-specific: a replay clock that jumps (stepped, max, N× speed) cannot be signed against,
  // so the receive window is only checked when the venue clock runs at real speed.
  const realSpeed = clockMode === 'wall' || clockMode === 1;
  const authNowMs = () => (realSpeed ? serverNowMs() : null);

  const venue = new EmulatedVenue({
    instruments,
    startBalanceUsdt: options.startBalanceUsdt ?? 100,
    slippagePct: options.slippagePct ?? 0.0005,
    partialFillQtyPerEvent: options.partialFillQtyPerEvent ?? null,
    funding,
    hedgeModeSymbols: options.hedgeModeSymbols ?? [],
    now: marketNowMs,
  });
  await venue.start();
  const faults = new FaultState();
  if (options.faults) faults.set(options.faults);

  let ctx!: MarketContext;
  const tickDirections = new Map<string, string>();
  const ws = new WsHub({
    credentials: credentialMap,
    serverNowMs,
    authNowMs,
    isPublicTopic: (topic) => {
      const [kind, a, b] = topic.split('.');
      if (kind === 'kline')
        return a !== undefined && INTERVAL_MS[a] !== undefined && venue.rules.has(b ?? '');
      if (kind === 'tickers') return venue.rules.has(a ?? '') && b === undefined;
      return false;
    },
    onPublicSubscribe: (topic, send) => {
      const [kind, symbol] = topic.split('.');
      if (kind !== 'tickers' || !symbol) return;
      const fields = streamTicker(tickerFields(ctx, symbol));
      if (!fields) return;
      // The stream's ticker adds the last tick's direction and the funding interval to REST's fields.
      const data = {
        ...fields,
        tickDirection: tickDirections.get(symbol) ?? 'ZeroPlusTick',
        fundingIntervalHour: '8',
      };
      send({ topic, type: 'snapshot', data, cs: Date.now(), ts: serverNowMs() });
    },
  });

  // Like Bybit, a ticker delta carries only the fields that changed since the last push.
  const lastTickers = new Map<string, Record<string, string>>();
  const pushTicker = (symbol: string) => {
    const fields = streamTicker(tickerFields(ctx, symbol));
    if (!fields) return;
    const before = lastTickers.get(symbol) ?? {};
    const current = { ...fields, tickDirection: tickDirection(before, fields.lastPrice as string) };
    lastTickers.set(symbol, current);
    tickDirections.set(symbol, current.tickDirection);
    const changed = Object.entries(current).filter(([key, value]) => before[key] !== value);
    if (changed.length === 0) return;
    const data = { symbol, ...Object.fromEntries(changed) };
    ws.publishPublic(`tickers.${symbol}`, { type: 'delta', data, cs: Date.now(), ts: serverNowMs() });
  };

  const market = new ReplayMarket((symbol, candle, intervalMs) => {
    marketClockMs = Math.max(marketClockMs, candle.ts + intervalMs);
    venue.paper.onCandle(symbol, candle, timeframeOf(intervalMs));
    for (const [interval, ms] of KLINE_INTERVALS) {
      const topic = `kline.${interval}.${symbol}`;
      if (!ws.hasSubscribers(topic)) continue;
      const closed = ms === intervalMs ? candle : market.completedBucket(symbol, candle, ms);
      // Bybit pushes the closed candle (confirm: true), then the one now forming (confirm: false).
      // Only once caught up: a bulk release (replay start, a long advance) pushes the closes alone.
      const forming = formingCandle(ctx, symbol, ms);
      const current = forming !== null && forming.ts <= candle.ts + intervalMs;
      const pushes: [Candle, boolean][] = [];
      if (closed) pushes.push([closed, true]);
      if (forming && current) pushes.push([forming, false]);
      for (const [kline, confirm] of pushes) {
        ws.publishPublic(topic, {
          type: 'snapshot',
          ts: serverNowMs(),
          data: [wsKline(kline, ms, interval, confirm, serverNowMs())],
        });
      }
    }
    pushTicker(symbol);
  });
  for (const [symbol, series] of Object.entries(replay)) {
    market.load(symbol, series.candles, TIMEFRAME_MS[series.timeframe]);
  }

  venue.onAccountEvent((event: AccountEvent) => {
    switch (event.type) {
      case 'order':
        ws.publishPrivate('order', [streamOrder(venue.payload(event.order))]);
        return;
      case 'position': {
        const p = event.position;
        ws.publishPrivate('position', [venue.positionPayload(p.symbol, 'flat' in p ? null : p, true)]);
        return;
      }
      case 'execution':
        ws.publishPrivate('execution', [streamExecution(venue.executionPayload(event.execution))]);
        void venue.walletPayload().then((wallet) => ws.publishPrivate('wallet', [wallet]));
        return;
    }
  });

  ctx = { venue, market, marketNowMs, serverNowMs, fundingRate: (s, t) => funding(s, t) };
  const restContext: RestContext = {
    ...ctx,
    credentials: credentialMap,
    limiter: new RateLimiter(options.enforceRateLimits ?? true),
    wallNowMs,
    authNowMs,
    faults,
    afterRequest: () => {},
  };
  const routes = buildRoutes(restContext);

  const advance = (ms: number): number => {
    if (!(ms >= 0)) throw new RangeError('advance needs a non-negative number of ms');
    marketClockMs = marketNowMs() + ms;
    return market.advanceTo(marketClockMs);
  };

  // Replay start: release the warm-up candles so history exists from the first request.
  const firstTs = market.firstTs();
  if (firstTs !== null && clockMode !== 'wall') {
    const base = Math.min(...Object.values(replay).map((s) => TIMEFRAME_MS[s.timeframe]));
    marketClockMs = options.startMs ?? firstTs + base * (options.warmupCandles ?? 200);
    market.advanceTo(marketClockMs);
  }

  const server: Server = createServer((request, response) => {
    const url = request.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const rawQuery = q === -1 ? '' : url.slice(q + 1);
    const work = path.startsWith('/__emulator/')
      ? handleControl(
          { venue, market, faults, ws, advance, marketNowMs, pushTicker },
          request,
          response,
          path,
        )
      : handleRest(restContext, routes, request, response, path, rawQuery);
    work.catch((error: unknown) => {
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: errorText(error) }));
      }
    });
  });
  server.on('upgrade', (request, socket, head) => {
    if (!ws.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  if (options.startAtWallClock) {
    marketClockMs = Math.max(marketClockMs, wallNowMs());
    market.advanceTo(marketClockMs);
  }
  let timer: NodeJS.Timeout | null = null;
  if (typeof clockMode === 'number' && clockMode > 0) {
    let lastWall = Date.now();
    timer = setInterval(() => {
      const wall = Date.now();
      marketClockMs += (wall - lastWall) * clockMode;
      lastWall = wall;
      market.advanceTo(marketClockMs);
    }, 50);
  } else if (clockMode === 'max') {
    timer = setInterval(() => {
      const next = market.nextCloseMs();
      if (next !== null) advance(next - marketNowMs());
    }, 1);
  }
  timer?.unref();

  return {
    port,
    restUrl: `http://127.0.0.1:${port}`,
    wsPublicUrl: `ws://127.0.0.1:${port}/v5/public/linear`,
    wsPrivateUrl: `ws://127.0.0.1:${port}/v5/private`,
    controlUrl: `http://127.0.0.1:${port}/__emulator`,
    credentials,
    venue,
    market,
    faults,
    ws,
    marketNowMs,
    advance,
    async close() {
      if (timer) clearInterval(timer);
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await venue.paper.close();
    },
  };
}
