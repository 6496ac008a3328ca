import { createRequire } from 'node:module';
import type { WebsocketClient } from 'bybit-api';
import { errorMessage } from '../../domain/index.ts';
import { ExchangeUnavailableError } from '../errors.ts';
import type { StreamEvent, StreamListener, StreamSubscription, Ticker } from '../port.ts';
import { BYBIT_INTERVALS, bybitCapabilities, timeframeFromInterval } from './capabilities.ts';
import { redact } from './error-map.ts';
import {
  candleFromWsKline,
  executionFromVenue,
  orderFromVenue,
  positionFromVenue,
  tickerFromVenue,
} from './mapper.ts';
import type { BybitExecution, BybitOrder, BybitPosition, BybitTicker, BybitWsKline } from './venue-types.ts';

export type BybitLog = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface StreamOptions {
  wsPublicUrl: string;
  wsPrivateUrl: string;
  apiKey?: string;
  apiSecret?: string;
  recvWindowMs: number;
  timeOffsetMs: number;
  /** Heartbeat: a ping every this often; no pong within pongTimeoutMs means a stalled stream. */
  pingIntervalMs: number;
  pongTimeoutMs: number;
  reconnectDelayMs: number;
  subscribeTimeoutMs: number;
  log: BybitLog;
}

interface TopicMessage {
  topic?: string;
  type?: string;
  data?: unknown;
  wsKey?: string;
}

/** Turns venue stream messages into port events; tickers arrive as a snapshot then deltas. */
export class StreamTranslator {
  private readonly tickers = new Map<string, BybitTicker>();

  constructor(private readonly emit: StreamListener) {}

  handle(message: TopicMessage): void {
    const topic = message.topic ?? '';
    const [head, ...rest] = topic.split('.');
    switch (head) {
      case 'kline':
        this.kline(rest[0] ?? '', rest[1] ?? '', message.data);
        return;
      case 'tickers':
        this.ticker(rest[0] ?? '', message.type ?? 'snapshot', message.data);
        return;
      case 'order':
        for (const item of asArray<BybitOrder>(message.data)) {
          if (isLinear(item)) this.emit({ type: 'order', order: orderFromVenue(item) });
        }
        return;
      case 'position':
        for (const item of asArray<BybitPosition>(message.data)) {
          if (!isLinear(item)) continue;
          const position = positionFromVenue(item);
          this.emit({ type: 'position', position: position ?? { symbol: item.symbol, flat: true } });
        }
        return;
      case 'execution':
        for (const item of asArray<BybitExecution>(message.data)) {
          if (isLinear(item)) this.emit({ type: 'execution', execution: executionFromVenue(item) });
        }
        return;
      default:
        // wallet and anything else: not part of the port's events.
        return;
    }
  }

  private kline(interval: string, symbol: string, data: unknown): void {
    const timeframe = timeframeFromInterval(interval);
    if (!timeframe) return;
    for (const item of asArray<BybitWsKline>(data)) {
      this.emit({
        type: 'candle',
        symbol,
        timeframe,
        candle: candleFromWsKline(item),
        closed: item.confirm === true,
      });
    }
  }

  private ticker(symbol: string, type: string, data: unknown): void {
    if (typeof data !== 'object' || data === null) return;
    const fields = Object.fromEntries(
      Object.entries(data as Record<string, unknown>).filter(
        ([, value]) => value !== undefined && value !== '',
      ),
    );
    const merged = (
      type === 'snapshot' ? { ...fields } : { ...this.tickers.get(symbol), ...fields }
    ) as BybitTicker;
    this.tickers.set(symbol, merged);
    if (merged.lastPrice === undefined || merged.markPrice === undefined) return;
    const ticker: Ticker = tickerFromVenue({ ...merged, symbol });
    this.emit({ type: 'ticker', ticker });
  }
}

function asArray<T>(data: unknown): T[] {
  return Array.isArray(data) ? (data as T[]) : data ? [data as T] : [];
}

function isLinear(item: { category?: string }): boolean {
  return item.category === undefined || item.category === bybitCapabilities.category;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ExchangeUnavailableError(`${what}: no answer within ${ms} ms`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/**
 * Opens the public and private streams (bybit-api's WebsocketClient, one client per URL since it
 * takes a single `wsUrl`). The library re-authenticates and resubscribes after a drop; each
 * drop is surfaced as `disconnected`, each comeback as `reconnected` so the engine reconciles.
 */
export async function openBybitStreams(
  options: StreamOptions,
  subscription: StreamSubscription,
  listener: StreamListener,
): Promise<() => Promise<void>> {
  const secrets = [options.apiKey ?? '', options.apiSecret ?? ''];
  const safeListener: StreamListener = (event: StreamEvent) => {
    try {
      listener(event);
    } catch (error) {
      options.log('error', `stream listener failed: ${errorMessage(error)}`);
    }
  };
  const translator = new StreamTranslator(safeListener);
  const clients: WebsocketClient[] = [];
  const timers: (() => void)[] = [];
  const silentLogger = {
    trace: () => {},
    info: (...params: unknown[]) =>
      options.log('debug', redact(`bybit ws: ${JSON.stringify(params)}`, secrets)),
    error: (...params: unknown[]) =>
      options.log('warn', redact(`bybit ws: ${JSON.stringify(params)}`, secrets)),
  };

  // Loaded here, not at import: runs that never open a Bybit stream do not pay for bybit-api.
  const { WebsocketClient } = createRequire(import.meta.url)('bybit-api') as typeof import('bybit-api');
  const makeClient = (url: string, stream: 'public' | 'private'): WebsocketClient => {
    const client = new WebsocketClient(
      {
        wsUrl: url,
        ...(stream === 'private' && options.apiKey && options.apiSecret
          ? { key: options.apiKey, secret: options.apiSecret }
          : {}),
        recvWindow: options.recvWindowMs,
        pingInterval: options.pingIntervalMs,
        pongTimeout: options.pongTimeoutMs,
        reconnectTimeout: options.reconnectDelayMs,
        promiseSubscribeRequests: true,
      },
      silentLogger,
    );
    client.setTimeOffsetMs(options.timeOffsetMs);
    client.on('update', (message: TopicMessage) => {
      try {
        translator.handle(message);
      } catch (error) {
        options.log('error', `unreadable ${stream} stream message: ${errorMessage(error)}`);
      }
    });
    // bybit-api reports `reconnected` when the socket opens; the stream is live again only once
    // it has re-authenticated and the venue acknowledged the resubscription.
    let resubscribeTimer: NodeJS.Timeout | null = null;
    client.on('reconnect', () => safeListener({ type: 'disconnected', stream, reason: 'connection lost' }));
    client.on('reconnected', () => {
      if (resubscribeTimer) clearTimeout(resubscribeTimer);
      resubscribeTimer = setTimeout(() => {
        resubscribeTimer = null;
        safeListener({
          type: 'disconnected',
          stream,
          reason: 'resubscription not acknowledged after reconnect',
        });
      }, options.subscribeTimeoutMs);
    });
    client.on('response', (event: { op?: string; success?: boolean }) => {
      if (!resubscribeTimer || event.op !== 'subscribe' || event.success !== true) return;
      clearTimeout(resubscribeTimer);
      resubscribeTimer = null;
      safeListener({ type: 'reconnected', stream });
    });
    timers.push(() => {
      if (resubscribeTimer) clearTimeout(resubscribeTimer);
    });
    client.on('exception', (event: unknown) =>
      options.log('warn', redact(`bybit ${stream} stream error: ${JSON.stringify(event)}`, secrets)),
    );
    clients.push(client);
    return client;
  };

  /**
   * Resolves once the venue has acknowledged every topic. bybit-api's own subscribe promise can
   * settle before the socket is even open, so the acks (`op: subscribe`, echoed `req_id`) are
   * watched directly; the library names each request by its comma-joined topics.
   */
  const acknowledged = (client: WebsocketClient, topics: string[]): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const waiting = new Set(topics);
      client.on(
        'response',
        (event: { op?: string; success?: boolean; req_id?: string; ret_msg?: string }) => {
          if (event.op !== 'subscribe' || waiting.size === 0) return;
          if (event.success !== true) {
            reject(
              new ExchangeUnavailableError(
                redact(`Bybit refused the subscription: ${event.ret_msg ?? 'no reason'}`, secrets),
              ),
            );
            return;
          }
          for (const topic of (event.req_id ?? '').split(',')) waiting.delete(topic);
          if (waiting.size === 0) resolve();
        },
      );
    });

  const publicTopics: string[] = [];
  if (subscription.candles) {
    const interval = BYBIT_INTERVALS[subscription.candles.timeframe];
    for (const symbol of subscription.candles.symbols) publicTopics.push(`kline.${interval}.${symbol}`);
  }
  for (const symbol of subscription.tickers ?? []) publicTopics.push(`tickers.${symbol}`);

  const pending: Promise<unknown>[] = [];
  if (publicTopics.length > 0) {
    const client = makeClient(options.wsPublicUrl, 'public');
    pending.push(acknowledged(client, publicTopics));
    for (const request of client.subscribeV5(publicTopics, 'linear')) request.catch(() => {});
  }
  if (subscription.account) {
    if (!options.apiKey || !options.apiSecret) {
      throw new ExchangeUnavailableError('the private Bybit stream needs BYBIT_API_KEY and BYBIT_API_SECRET');
    }
    const client = makeClient(options.wsPrivateUrl, 'private');
    const topics = ['order', 'position', 'execution', 'wallet'];
    pending.push(acknowledged(client, topics));
    for (const request of client.subscribeV5(topics, 'linear', true)) request.catch(() => {});
  }
  const close = async () => {
    for (const clear of timers) clear();
    for (const client of clients) {
      client.removeAllListeners();
      client.closeAll(true);
    }
  };
  try {
    await withTimeout(Promise.all(pending), options.subscribeTimeoutMs, 'Bybit stream subscription');
  } catch (error) {
    await close();
    if (error instanceof ExchangeUnavailableError) throw error;
    // Not errorMessage on purpose: the WS client rejects with plain objects, whose JSON (redacted) says why.
    throw new ExchangeUnavailableError(
      redact(
        `Bybit stream subscription refused: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
        secrets,
      ),
    );
  }
  return close;
}
