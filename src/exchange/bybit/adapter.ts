import type { Candle, InstrumentRules } from '../../domain/index.ts';
import { InvalidRequestError, NotModifiedError } from '../errors.ts';
import type {
  AmendOrderRequest,
  ApiKeyInfo,
  ExchangeOrder,
  ExchangePort,
  ExchangePosition,
  Execution,
  KlineRequest,
  OrderRef,
  PlacedOrder,
  PlaceOrderRequest,
  PositionMode,
  StreamListener,
  StreamSubscription,
  Ticker,
  TradingStopRequest,
  WalletBalance,
} from '../port.ts';
import {
  BYBIT_INTERVALS,
  type BybitEndpoints,
  type BybitEnvironment,
  bybitCapabilities as caps,
  resolveEndpoints,
} from './capabilities.ts';
import { loadInstruments } from './instruments.ts';
import {
  apiKeyInfoFromVenue,
  BybitPayloadError,
  candleFromKlineRow,
  executionFromVenue,
  orderFromVenue,
  positionFromVenue,
  tickerFromVenue,
  walletFromVenue,
} from './mapper.ts';
import { ensureOneWayMode } from './position-mode.ts';
import { BybitRawClient } from './raw-client.ts';
import {
  amendOrderBody,
  cancelOrderBody,
  createOrderBody,
  tradingStopBody,
  venueNumber,
} from './requests.ts';
import { type BybitLog, openBybitStreams } from './streams.ts';
import type {
  BybitApiKeyInfo,
  BybitExecution,
  BybitKlineResult,
  BybitList,
  BybitOrder,
  BybitPosition,
  BybitTicker,
  BybitWalletAccount,
} from './venue-types.ts';

export interface BybitExchangeOptions {
  environment: BybitEnvironment;
  apiKey?: string;
  apiSecret?: string;
  /** Overrides of the environment's URLs (e.g. the emulator). */
  endpoints?: Partial<BybitEndpoints>;
  recvWindowMs?: number;
  requestTimeoutMs?: number;
  maxRateLimitRetries?: number;
  maxRateLimitWaitMs?: number;
  /** Re-measure the venue clock this often. */
  timeSyncIntervalMs?: number;
  stream?: {
    pingIntervalMs?: number;
    pongTimeoutMs?: number;
    reconnectDelayMs?: number;
    subscribeTimeoutMs?: number;
  };
  log?: BybitLog;
}

type Params = Record<string, string | number | undefined>;

/** Bybit V5 USDT perpetuals (`category=linear`, one-way mode) behind the exchange port. */
export class BybitExchange implements ExchangePort {
  readonly name: string;
  readonly endpoints: BybitEndpoints;
  private readonly raw: BybitRawClient;
  private readonly log: BybitLog;
  private lastSyncAtMs: number | null = null;
  private readonly streams = new Set<() => Promise<void>>();

  constructor(private readonly options: BybitExchangeOptions) {
    this.name = `bybit-${options.environment}`;
    this.endpoints = resolveEndpoints(options.environment, options.endpoints);
    this.log = options.log ?? (() => {});
    this.raw = new BybitRawClient({
      restUrl: this.endpoints.restUrl,
      ...(options.apiKey ? { apiKey: options.apiKey } : {}),
      ...(options.apiSecret ? { apiSecret: options.apiSecret } : {}),
      recvWindowMs: options.recvWindowMs ?? 5000,
      timeoutMs: options.requestTimeoutMs ?? 10_000,
      ...(options.maxRateLimitRetries !== undefined
        ? { maxRateLimitRetries: options.maxRateLimitRetries }
        : {}),
      ...(options.maxRateLimitWaitMs !== undefined ? { maxRateLimitWaitMs: options.maxRateLimitWaitMs } : {}),
    });
  }

  get serverTimeOffsetMs(): number {
    return this.raw.serverTimeOffsetMs;
  }

  async getServerTimeMs(): Promise<number> {
    const { serverTimeMs } = await this.raw.syncServerTime();
    this.lastSyncAtMs = Date.now();
    return serverTimeMs;
  }

  private async signedGet<T>(path: string, params: Params): Promise<T> {
    await this.ensureClockSynced();
    return this.raw.privateGet<T>(path, params);
  }

  private async signedPost<T>(path: string, body: Record<string, unknown>): Promise<T> {
    await this.ensureClockSynced();
    return this.raw.privatePost<T>(path, body);
  }

  /**
   * Follows `nextPageCursor` to the end. Bybit hands out a cursor on the last page too (recorded
   * payloads), so an empty page or a repeated cursor also ends the walk.
   */
  private async allPages<T>(path: string, params: Params, signed: boolean): Promise<T[]> {
    const items: T[] = [];
    let cursor = '';
    for (;;) {
      const query = { ...params, ...(cursor ? { cursor } : {}) };
      const page = signed
        ? await this.signedGet<BybitList<T>>(path, query)
        : await this.raw.publicGet<BybitList<T>>(path, query);
      items.push(...page.list);
      const next = page.nextPageCursor ?? '';
      if (next === '' || next === cursor || page.list.length === 0) return items;
      cursor = next;
    }
  }

  private async ensureClockSynced(): Promise<void> {
    const interval = this.options.timeSyncIntervalMs ?? 30 * 60_000;
    if (this.lastSyncAtMs !== null && Date.now() - this.lastSyncAtMs < interval) return;
    await this.getServerTimeMs();
  }

  getInstruments(symbols?: string[]): Promise<InstrumentRules[]> {
    return loadInstruments(
      {
        publicGet: (path, params) => this.raw.publicGet(path, params),
        signedGet: (path, params) => this.signedGet(path, params),
        hasCredentials: this.raw.hasCredentials,
      },
      symbols,
    );
  }

  async getWallet(): Promise<WalletBalance> {
    const result = await this.signedGet<BybitList<BybitWalletAccount>>('/v5/account/wallet-balance', {
      accountType: 'UNIFIED',
    });
    const account = result.list[0];
    if (!account)
      throw new BybitPayloadError('Bybit returned no UNIFIED wallet: is this a Unified Trading Account?');
    return walletFromVenue(account);
  }

  private async positionRows(symbol?: string): Promise<BybitPosition[]> {
    const rows: BybitPosition[] = [];
    rows.push(
      ...(await this.allPages<BybitPosition>(
        '/v5/position/list',
        {
          category: caps.category,
          ...(symbol ? { symbol } : { settleCoin: 'USDT' }),
          limit: 200,
        },
        true,
      )),
    );
    return rows;
  }

  async getPositions(symbol?: string): Promise<ExchangePosition[]> {
    const rows = await this.positionRows(symbol);
    return rows.map(positionFromVenue).filter((p): p is ExchangePosition => p !== null);
  }

  async getOpenOrders(symbol?: string): Promise<ExchangeOrder[]> {
    const orders: ExchangeOrder[] = [];
    orders.push(
      ...(
        await this.allPages<BybitOrder>(
          '/v5/order/realtime',
          {
            category: caps.category,
            ...(symbol ? { symbol } : { settleCoin: 'USDT' }),
            openOnly: 0,
            limit: caps.openOrdersPageLimit,
          },
          true,
        )
      ).map(orderFromVenue),
    );
    return orders;
  }

  async getOrder(ref: OrderRef): Promise<ExchangeOrder | null> {
    const id = ref.orderId
      ? { orderId: ref.orderId }
      : ref.clientOrderId
        ? { orderLinkId: ref.clientOrderId }
        : null;
    if (!id)
      throw new InvalidRequestError(
        `order lookup on ${ref.symbol}: give an orderId or a clientOrderId`,
        'no id',
      );
    // A query by id ignores openOnly and finds recent closed orders too; history covers older ones.
    for (const path of ['/v5/order/realtime', '/v5/order/history']) {
      const page = await this.signedGet<BybitList<BybitOrder>>(path, {
        category: caps.category,
        symbol: ref.symbol,
        ...id,
      });
      const found = page.list[0];
      if (found) return orderFromVenue(found);
    }
    return null;
  }

  /** Bybit answers at most 7 days per query: an older `sinceMs` is walked forward window by window. */
  async getExecutions(symbol: string, sinceMs?: number): Promise<Execution[]> {
    const executions: Execution[] = [];
    const nowMs = Date.now() + this.raw.serverTimeOffsetMs;
    let windowStart = sinceMs;
    do {
      const window =
        windowStart !== undefined
          ? { startTime: windowStart, endTime: windowStart + caps.historyWindowMs - 1 }
          : {};
      executions.push(
        ...(
          await this.allPages<BybitExecution>(
            '/v5/execution/list',
            {
              category: caps.category,
              symbol,
              limit: caps.executionsPageLimit,
              ...window,
            },
            true,
          )
        ).map(executionFromVenue),
      );
      windowStart = windowStart !== undefined ? windowStart + caps.historyWindowMs : undefined;
    } while (windowStart !== undefined && windowStart <= nowMs);
    const unique = new Map(executions.map((e) => [e.execId, e]));
    return [...unique.values()].sort((a, b) => a.timeMs - b.timeMs);
  }

  async getTicker(symbol: string): Promise<Ticker> {
    const result = await this.raw.publicGet<BybitList<BybitTicker>>('/v5/market/tickers', {
      category: caps.category,
      symbol,
    });
    const ticker = result.list.find((item) => item.symbol === symbol);
    if (!ticker) throw new InvalidRequestError(`Bybit has no ticker for ${symbol}`, 'unknown symbol');
    return tickerFromVenue(ticker);
  }

  async getKlines(request: KlineRequest): Promise<Candle[]> {
    const limit = request.limit ?? 200;
    if (!Number.isInteger(limit) || limit < 1 || limit > caps.klineMaxLimit) {
      throw new InvalidRequestError(
        `kline limit must be 1..${caps.klineMaxLimit} (got ${limit})`,
        'limit invalid',
      );
    }
    const result = await this.raw.publicGet<BybitKlineResult>('/v5/market/kline', {
      category: caps.category,
      symbol: request.symbol,
      interval: BYBIT_INTERVALS[request.timeframe],
      ...(request.startMs !== undefined ? { start: request.startMs } : {}),
      ...(request.endMs !== undefined ? { end: request.endMs } : {}),
      limit,
    });
    const candles = result.list.map(candleFromKlineRow);
    return caps.klinesNewestFirst ? candles.reverse() : candles;
  }

  async placeOrder(request: PlaceOrderRequest): Promise<PlacedOrder> {
    const body = createOrderBody(request);
    const result = await this.signedPost<{ orderId: string; orderLinkId: string }>('/v5/order/create', body);
    return { orderId: result.orderId, clientOrderId: result.orderLinkId || request.clientOrderId };
  }

  async amendOrder(request: AmendOrderRequest): Promise<PlacedOrder> {
    const result = await this.signedPost<{ orderId: string; orderLinkId: string }>(
      '/v5/order/amend',
      amendOrderBody(request),
    );
    return { orderId: result.orderId, clientOrderId: result.orderLinkId };
  }

  async cancelOrder(ref: OrderRef): Promise<PlacedOrder> {
    const result = await this.signedPost<{ orderId: string; orderLinkId: string }>(
      '/v5/order/cancel',
      cancelOrderBody(ref),
    );
    return { orderId: result.orderId, clientOrderId: result.orderLinkId };
  }

  async cancelAllOrders(symbol: string): Promise<number> {
    const result = await this.signedPost<{ list: unknown[] }>('/v5/order/cancel-all', {
      category: caps.category,
      symbol,
    });
    return result.list.length;
  }

  async setTradingStop(request: TradingStopRequest): Promise<void> {
    await this.signedPost('/v5/position/trading-stop', tradingStopBody(request));
  }

  async setLeverage(symbol: string, leverage: number): Promise<void> {
    const value = venueNumber(leverage, 'leverage');
    try {
      await this.signedPost('/v5/position/set-leverage', {
        category: caps.category,
        symbol,
        buyLeverage: value,
        sellLeverage: value,
      });
    } catch (error) {
      if (error instanceof NotModifiedError) return;
      throw error;
    }
  }

  /** One-way accounts list one row with positionIdx 0; hedge accounts two rows with 1 and 2. */
  async getPositionMode(symbol: string): Promise<PositionMode> {
    const rows = await this.positionRows(symbol);
    if (rows.length === 0) throw new BybitPayloadError(`Bybit returned no position row for ${symbol}`);
    return rows.some((row) => row.positionIdx === 1 || row.positionIdx === 2) ? 'HEDGE' : 'ONE_WAY';
  }

  async setPositionMode(symbol: string, mode: PositionMode): Promise<void> {
    try {
      await this.signedPost('/v5/position/switch-mode', {
        category: caps.category,
        symbol,
        mode: mode === 'ONE_WAY' ? 0 : 3,
      });
    } catch (error) {
      if (error instanceof NotModifiedError) return;
      throw error;
    }
  }

  /** Warden trades one-way only: switches each symbol if allowed, else refuses with what to do. */
  ensureOneWayMode(symbols: string[], options: { allowSwitch: boolean }): Promise<void> {
    return ensureOneWayMode(this, symbols, options, this.log);
  }

  async getApiKeyInfo(): Promise<ApiKeyInfo> {
    const info = await this.signedGet<BybitApiKeyInfo>('/v5/user/query-api', {});
    return apiKeyInfoFromVenue(info);
  }

  async subscribe(subscription: StreamSubscription, listener: StreamListener): Promise<() => Promise<void>> {
    if (subscription.account) await this.ensureClockSynced();
    const stream = this.options.stream ?? {};
    const stop = await openBybitStreams(
      {
        wsPublicUrl: this.endpoints.wsPublicUrl,
        wsPrivateUrl: this.endpoints.wsPrivateUrl,
        ...(this.options.apiKey ? { apiKey: this.options.apiKey } : {}),
        ...(this.options.apiSecret ? { apiSecret: this.options.apiSecret } : {}),
        recvWindowMs: this.options.recvWindowMs ?? 5000,
        timeOffsetMs: this.raw.serverTimeOffsetMs,
        // A silent stream is caught within ping + pong timeout (8 s) and resubscribed after the
        // reconnect delay: the 12 s stall bound of docs/bybit.md.
        pingIntervalMs: stream.pingIntervalMs ?? 5_000,
        pongTimeoutMs: stream.pongTimeoutMs ?? 3_000,
        reconnectDelayMs: stream.reconnectDelayMs ?? 1_000,
        subscribeTimeoutMs: stream.subscribeTimeoutMs ?? 15_000,
        log: this.log,
      },
      subscription,
      listener,
    );
    const tracked = async () => {
      this.streams.delete(tracked);
      await stop();
    };
    this.streams.add(tracked);
    return tracked;
  }

  async close(): Promise<void> {
    for (const stop of [...this.streams]) await stop();
  }
}
