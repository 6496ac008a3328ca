import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorText } from '../../domain/index.ts';
import * as account from './account-handlers.ts';
import { type EmulatorCredential, type VenueRefusal, verifyRestRequest } from './auth.ts';
import { refusalFrom } from './errors-to-venue.ts';
import type { FaultState } from './faults.ts';
import * as market from './market-handlers.ts';
import type { RateLimiter } from './rate-limits.ts';
import { type Body, paramsError, Refusal } from './validation.ts';

type Handler = (params: Body, credential: EmulatorCredential | null) => unknown;

interface Route {
  method: 'GET' | 'POST';
  signed: boolean;
  handle: Handler;
}

export interface RestContext extends market.MarketContext {
  credentials: ReadonlyMap<string, EmulatorCredential>;
  limiter: RateLimiter;
  /** Real time (rate limits are counted in it); the venue clock is `serverNowMs`. */
  wallNowMs: () => number;
  /** The time signatures are checked against; null skips the receive window. */
  authNowMs: () => number | null;
  faults: FaultState;
  /** Runs after every request that reached a handler (pushes account updates). */
  afterRequest: () => void;
}

export function buildRoutes(ctx: RestContext): Map<string, Route> {
  const { venue } = ctx;
  const openedAtMs = ctx.serverNowMs();
  const get = (handle: Handler, signed = true): Route => ({ method: 'GET', signed, handle });
  const post = (handle: Handler): Route => ({ method: 'POST', signed: true, handle });
  return new Map<string, Route>([
    ['/v5/market/time', get(() => market.serverTime(ctx), false)],
    ['/v5/market/instruments-info', get((q) => market.instrumentsInfo(ctx, q), false)],
    ['/v5/market/kline', get((q) => market.kline(ctx, q), false)],
    ['/v5/market/tickers', get((q) => market.tickers(ctx, q), false)],
    ['/v5/market/orderbook', get((q) => market.orderbook(ctx, q), false)],
    ['/v5/market/funding/history', get((q) => market.fundingHistory(ctx, q), false)],
    ['/v5/order/create', post((b) => venue.createOrder(b))],
    ['/v5/order/amend', post((b) => venue.amendOrder(b))],
    ['/v5/order/cancel', post((b) => venue.cancelOrder(b))],
    ['/v5/order/cancel-all', post((b) => venue.cancelAll(b))],
    ['/v5/order/realtime', get((q) => account.orderRealtime(venue, q))],
    ['/v5/order/history', get((q) => account.orderHistory(venue, q))],
    ['/v5/execution/list', get((q) => account.executionList(venue, q))],
    ['/v5/position/list', get((q) => account.positionList(venue, q))],
    ['/v5/position/set-leverage', post((b) => account.setLeverage(venue, b))],
    ['/v5/position/switch-mode', post((b) => account.switchMode(venue, b))],
    [
      '/v5/position/trading-stop',
      post((b) => {
        if (ctx.faults.take('rejectTradingStop', '/v5/position/trading-stop')) {
          throw new Refusal(10001, 'params error: trading stop refused (injected fault)');
        }
        return account.tradingStop(venue, b);
      }),
    ],
    ['/v5/position/closed-pnl', get((q) => account.closedPnl(venue, q))],
    ['/v5/account/wallet-balance', get((q) => account.walletBalance(venue, q))],
    ['/v5/account/fee-rate', get((q) => account.feeRate(venue, q))],
    ['/v5/account/info', get(() => account.accountInfo(openedAtMs))],
    ['/v5/asset/coin/query-info', get((q) => account.coinInfo(venue, q))],
    ['/v5/user/query-api', get((_q, credential) => account.queryApi(credential as EmulatorCredential))],
  ]);
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Bybit's `retMsg` on success differs by endpoint (recorded answers); "OK" elsewhere. */
const SUCCESS_MESSAGES: Readonly<Record<string, string>> = {
  '/v5/user/query-api': '',
  '/v5/asset/coin/query-info': 'success',
};

function envelope(ctx: RestContext, retCode: number, retMsg: string, result: unknown): string {
  return JSON.stringify({ retCode, retMsg, result, retExtInfo: {}, time: ctx.serverNowMs() });
}

function parseParams(method: string, rawQuery: string, rawBody: string): Body {
  if (method === 'GET') return Object.fromEntries(new URLSearchParams(rawQuery));
  if (rawBody.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(rawBody);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    return parsed as Body;
  } catch {
    // UNCONFIRMED: Bybit's answer to a malformed JSON body.
    throw paramsError('request body is not a JSON object');
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One REST request: route, signature, rate limit, faults, handler, Bybit envelope and headers. */
export async function handleRest(
  ctx: RestContext,
  routes: Map<string, Route>,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  rawQuery: string,
): Promise<void> {
  const route = routes.get(path);
  const rawBody = await readBody(request);
  const reply = (
    status: number,
    body: string,
    limit?: { limit: number; remaining: number; resetAtMs: number },
  ) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (limit) {
      headers['x-bapi-limit'] = String(limit.limit);
      headers['x-bapi-limit-status'] = String(limit.remaining);
      headers['x-bapi-limit-reset-timestamp'] = String(limit.resetAtMs);
    }
    response.writeHead(status, headers);
    response.end(body);
  };
  if (!route || route.method !== request.method) {
    reply(404, envelope(ctx, 10017, 'Route not found.', {}));
    return;
  }
  let credential: EmulatorCredential | null = null;
  if (route.signed) {
    const verdict = verifyRestRequest(
      { headers: request.headers, payload: request.method === 'GET' ? rawQuery : rawBody },
      ctx.credentials,
      ctx.authNowMs(),
    );
    if (!('credential' in verdict)) {
      const refusal: VenueRefusal = verdict;
      reply(refusal.httpStatus, envelope(ctx, refusal.retCode, refusal.retMsg, {}));
      return;
    }
    credential = verdict.credential;
  }
  const caller = credential?.apiKey ?? request.socket.remoteAddress ?? 'unknown';
  const limit = ctx.limiter.check(caller, path, route.signed, ctx.wallNowMs());
  const injectedLimit = ctx.faults.take('rateLimit', path);
  if (limit.exceeded || injectedLimit) {
    const resetAtMs = injectedLimit ? ctx.wallNowMs() + injectedLimit.retryAfterMs : limit.resetAtMs;
    // UNCONFIRMED: whether 10006 comes with HTTP 200 or 429; the emulator answers 200 like other business errors.
    reply(200, envelope(ctx, 10006, 'Too many visits!', {}), { ...limit, remaining: 0, resetAtMs });
    return;
  }
  const serverError = ctx.faults.take('serverError', path);
  if (serverError) {
    response.writeHead(serverError.status, { 'content-type': 'text/html' });
    response.end(`<html><body><h1>${serverError.status} injected fault</h1></body></html>`);
    return;
  }
  const late = ctx.faults.take('lateAnswer', path);
  let status = 200;
  let body: string;
  try {
    const params = parseParams(request.method, rawQuery, rawBody);
    const result = await route.handle(params, credential);
    body = envelope(ctx, 0, SUCCESS_MESSAGES[path] ?? 'OK', result);
  } catch (error) {
    const refusal = refusalFrom(error);
    if (refusal.retCode === 10016) process.stderr.write(`emulator: ${path} failed: ${errorText(error)}\n`);
    status = refusal.httpStatus;
    body = envelope(ctx, refusal.retCode, refusal.retMsg, {});
  }
  ctx.afterRequest();
  if (late) await delay(late.delayMs);
  if (!response.destroyed) reply(status, body, limit);
}
