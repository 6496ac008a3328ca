import {
  AuthenticationError,
  DuplicateClientIdError,
  type ExchangeError,
  ExchangeUnavailableError,
  InsufficientBalanceError,
  InvalidRequestError,
  NotModifiedError,
  OrderNotFoundError,
  OutcomeUnknownError,
  RateLimitedError,
} from '../errors.ts';
import { bybitCapabilities } from './capabilities.ts';

export interface ErrorContext {
  /** e.g. `POST /v5/order/create`. */
  operation: string;
  /** True for requests that change something on the venue (orders, stops, leverage, mode). */
  mutating: boolean;
  /** `X-Bapi-Limit-Reset-Timestamp`, when the response carried it. */
  rateLimitResetAtMs?: number;
  nowMs: number;
  /** Strings that must never appear in a message (API key and secret). */
  secrets: readonly string[];
}

/**
 * Removes secrets from a venue message. A 10004 `retMsg` echoes the signed origin string, which
 * starts with the timestamp and the API key, so the whole bracket goes.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(/origin_string\[[^\]]*\]/g, 'origin_string[redacted]');
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('[redacted]');
  }
  return out;
}

function retryAfterMs(context: ErrorContext): number {
  const resetAt = context.rateLimitResetAtMs;
  if (resetAt === undefined || !Number.isFinite(resetAt)) return bybitCapabilities.fallbackRateLimitWaitMs;
  return Math.max(0, resetAt - context.nowMs);
}

/** Maps a non-zero Bybit `retCode` to the port's typed error. Match on the code, never on the message. */
export function errorFromRetCode(retCode: number, retMsg: string, context: ErrorContext): ExchangeError {
  const reason = redact(retMsg, context.secrets);
  const where = context.operation;
  switch (retCode) {
    case 10006:
      return new RateLimitedError(
        `${where}: Bybit rate limit hit (${reason})`,
        retryAfterMs(context),
        retCode,
      );
    case 10002:
      return new AuthenticationError(
        `${where}: request timestamp outside Bybit's receive window (${reason}); check the machine clock or raise BYBIT_RECV_WINDOW_MS`,
        retCode,
      );
    case 10003:
      return new AuthenticationError(
        `${where}: Bybit says the API key is invalid (${reason}); check the key and that it belongs to this environment (live/testnet/demo)`,
        retCode,
      );
    case 10004:
      return new AuthenticationError(
        `${where}: Bybit rejected the request signature (${reason}); check BYBIT_API_SECRET`,
        retCode,
      );
    case 10005:
      return new AuthenticationError(
        `${where}: the API key lacks a permission this call needs (${reason}); enable Contract trading (Orders, Positions) on the key`,
        retCode,
      );
    case 10010:
      return new AuthenticationError(
        `${where}: this machine's IP is not bound to the API key (${reason})`,
        retCode,
      );
    case 33004:
      return new AuthenticationError(
        `${where}: the API key has expired (${reason}); create a new key`,
        retCode,
      );
    case 110004:
    case 110007:
    case 110012:
      return new InsufficientBalanceError(`${where}: insufficient balance (${reason})`, retCode);
    case 110072:
      return new DuplicateClientIdError(`${where}: orderLinkId already used (${reason})`, retCode);
    case 110001:
      return new OrderNotFoundError(`${where}: order does not exist (${reason})`, retCode);
    case 34040:
    case 110043:
    case 110025:
      return new NotModifiedError(`${where}: nothing to change (${reason})`, retCode);
    case 10000:
      // "Server Timeout": the venue itself lost track of the request.
      return context.mutating
        ? new OutcomeUnknownError(`${where}: Bybit timed out processing the request (${reason})`, retCode)
        : new ExchangeUnavailableError(`${where}: Bybit timed out (${reason})`, retCode);
    case 10016:
      return new ExchangeUnavailableError(`${where}: Bybit server error (${reason})`, retCode);
    case 10001:
    case 10017:
    case 110003:
    case 110017:
    case 110020:
    case 110024:
    case 110028:
    case 110092:
    case 110093:
    case 110094:
      return new InvalidRequestError(
        `${where}: Bybit refused the request (${retCode} ${reason})`,
        reason,
        retCode,
      );
    default:
      return new InvalidRequestError(
        `${where}: Bybit refused the request with unmapped code ${retCode} (${reason})`,
        reason,
        retCode,
      );
  }
}

/** Maps an HTTP failure (no usable `retCode` in the body) to a typed error. */
export function errorFromHttpStatus(
  status: number,
  statusText: string,
  context: ErrorContext,
): ExchangeError {
  const where = context.operation;
  const text = redact(statusText, context.secrets);
  switch (status) {
    case 401:
      return new AuthenticationError(`${where}: HTTP 401 ${text}; check the API key and secret`, status);
    case 403:
      return new RateLimitedError(
        `${where}: HTTP 403 ${text} (IP rate ban or blocked region)`,
        bybitCapabilities.ipBanRetryAfterMs,
        status,
      );
    case 429:
      return new RateLimitedError(`${where}: HTTP 429 ${text}`, retryAfterMs(context), status);
    case 404:
      return new InvalidRequestError(`${where}: HTTP 404 ${text} (wrong path or category)`, text, status);
    case 504:
      // A gateway timeout may hide an accepted request.
      return context.mutating
        ? new OutcomeUnknownError(`${where}: HTTP 504 ${text}; the request may have been executed`, status)
        : new ExchangeUnavailableError(`${where}: HTTP 504 ${text}`, status);
    default:
      if (status >= 500) return new ExchangeUnavailableError(`${where}: HTTP ${status} ${text}`, status);
      return new InvalidRequestError(`${where}: HTTP ${status} ${text}`, text, status);
  }
}

// Same opening as errorFromHttpStatus on purpose: each maps its own error source.
/**
 * Maps a transport failure. A request that never left (refused connection, DNS) is "unavailable";
 * one that left and got no answer is "outcome unknown" when it could have changed something.
 */
export function errorFromTransport(
  code: string | undefined,
  message: string,
  context: ErrorContext,
): ExchangeError {
  const where = context.operation;
  const text = redact(message, context.secrets);
  switch (code) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return new ExchangeUnavailableError(`${where}: Bybit unreachable (${code}: ${text})`, code);
    default:
      return context.mutating
        ? new OutcomeUnknownError(
            `${where}: no answer from Bybit (${code ?? 'error'}: ${text}); the request may have been executed — look it up by client id`,
            code,
          )
        : new ExchangeUnavailableError(`${where}: no answer from Bybit (${code ?? 'error'}: ${text})`, code);
  }
}
