import type { WardenConfig } from '../config/schema.ts';
import type { Decider } from '../decision/index.ts';
import { errorMessage, errorText } from '../domain/index.ts';
import { Engine, type SimulatedVenue, warmupCandlesFor } from '../engine/engine.ts';
import { VenueClock } from '../engine/venue-clock.ts';
import {
  assertLiveKeyAllowed,
  type BybitEndpoints,
  type BybitEnvironment,
  BybitExchange,
} from '../exchange/bybit/index.ts';
import type { ExchangePort } from '../exchange/port.ts';
import type { Journal } from '../journal/index.ts';
import { ExchangeCandleFeed } from '../market/feeds/exchange.ts';
import { venueInstruments } from './instruments.ts';
import type { Logger } from './logger.ts';
import { paperOnLiveData } from './paper-live.ts';
import { BASE_TIMEFRAME, engineDeps } from './wiring.ts';

export interface ExchangeRunOptions {
  exchangeUrl?: string | undefined;
  maxCycles?: number;
}

interface Parts {
  config: WardenConfig;
  journal: Journal;
  logger: Logger;
  decider?: Decider;
}

/** An emulator serves REST and both WebSocket paths on one origin, like Bybit's hosts do per service. */
export function endpointsFor(config: WardenConfig, exchangeUrl: string | undefined): Partial<BybitEndpoints> {
  const rest = exchangeUrl ?? config.BYBIT_REST_URL;
  const ws = rest ? rest.replace(/^http/, 'ws').replace(/\/+$/, '') : undefined;
  return {
    ...(rest ? { restUrl: rest } : {}),
    ...(config.BYBIT_WS_PUBLIC_URL
      ? { wsPublicUrl: config.BYBIT_WS_PUBLIC_URL }
      : ws
        ? { wsPublicUrl: `${ws}/v5/public/linear` }
        : {}),
    ...(config.BYBIT_WS_PRIVATE_URL
      ? { wsPrivateUrl: config.BYBIT_WS_PRIVATE_URL }
      : ws
        ? { wsPrivateUrl: `${ws}/v5/private` }
        : {}),
  };
}

function environmentFor(config: WardenConfig, exchangeUrl: string | undefined): BybitEnvironment {
  if (config.TRADING_MODE === 'demo') return 'demo';
  if (config.TRADING_MODE === 'testnet') return 'testnet';
  if (config.TRADING_MODE === 'live') return 'live';
  return exchangeUrl ? 'testnet' : 'live';
}

/**
 * The bot on a real venue (or the emulator): market data from its REST back-fill and kline stream.
 * In paper mode the orders go to the local paper exchange, moved by those same candles; otherwise
 * they go to the venue through the Bybit adapter.
 */
export async function buildExchangeEngine(
  parts: Parts,
  options: ExchangeRunOptions,
): Promise<{ engine: Engine; close: () => Promise<void> }> {
  const { config, logger } = parts;
  const paperOrders = config.TRADING_MODE === 'paper' && !options.exchangeUrl;
  const bybit = new BybitExchange({
    environment: environmentFor(config, options.exchangeUrl),
    ...(paperOrders ? {} : { apiKey: config.BYBIT_API_KEY, apiSecret: config.BYBIT_API_SECRET }),
    endpoints: endpointsFor(config, options.exchangeUrl),
    recvWindowMs: config.BYBIT_RECV_WINDOW_MS,
    requestTimeoutMs: config.BYBIT_REQUEST_TIMEOUT_MS,
    log: (level, message) =>
      logger[level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'debug'](message),
  });
  const clock = new VenueClock(() => bybit.getServerTimeMs());
  await reach(bybit.endpoints.restUrl, () => clock.sync());
  clock.start(1000, (error) => logger.debug({ error: errorText(error) }, 'venue clock sync failed'));
  const instruments = await venueInstruments(bybit, config.SYMBOLS);

  let exchange: ExchangePort = bybit;
  let venue: SimulatedVenue | null = null;
  let stopQuotes = async () => {};
  if (paperOrders) {
    const live = await paperOnLiveData(bybit, config, [...instruments.values()], () => clock.nowMs());
    exchange = live.paper;
    venue = live.venue;
    stopQuotes = live.stop;
  } else {
    if (config.TRADING_MODE === 'live') assertLiveKeyAllowed(await bybit.getApiKeyInfo());
    await bybit.ensureOneWayMode([...config.SYMBOLS], { allowSwitch: config.ALLOW_POSITION_MODE_SWITCH });
  }
  const feed = new ExchangeCandleFeed({
    source: bybit,
    symbols: config.SYMBOLS,
    timeframe: BASE_TIMEFRAME,
    wall: clock,
    onProblem: (message) => logger.warn(message),
  });
  const timeframes = [config.DECISION_TIMEFRAME, ...config.CONTEXT_TIMEFRAMES];
  // Shadows start with the lead account's equity now; without shadows the venue is not asked.
  const shadowEquityUsdt = config.AI_SHADOW_DECIDERS ? (await exchange.getWallet()).equityUsdt : 0;
  const deps = engineDeps(
    parts,
    paperOrders ? 'paper' : options.exchangeUrl ? `${config.TRADING_MODE}-emulator` : config.TRADING_MODE,
    exchange,
    feed,
    venue,
    async () => clock.nowMs(),
    instruments,
    Math.min(1000, warmupCandlesFor(300_000, timeframes)),
    { startEquityUsdt: shadowEquityUsdt, now: () => clock.nowMs() },
    options.maxCycles,
  );
  return {
    engine: new Engine(deps),
    close: async () => {
      clock.stop();
      await stopQuotes();
      await bybit.close();
      if (exchange !== bybit) await exchange.close();
    },
  };
}

/** The first request says plainly when the venue cannot be reached (no network, wrong URL). */
async function reach(url: string, call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (error) {
    const reason = errorMessage(error);
    throw new Error(
      `cannot reach the exchange at ${url} (${reason}). Check the network, or trade offline with ` +
        '`npm start -- --replay ../shared/data/bybit-linear` or against `warden emulator` with --exchange-url',
    );
  }
}
