import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { setTimeout as wait } from 'node:timers/promises';
import type { RestClientV5 } from 'bybit-api';
import {
  AuthenticationError,
  type ExchangeError,
  ExchangeUnavailableError,
  RateLimitedError,
} from '../errors.ts';
import {
  type ErrorContext,
  errorFromHttpStatus,
  errorFromRetCode,
  errorFromTransport,
  redact,
} from './error-map.ts';
import type { BybitEnvelope, BybitServerTime } from './venue-types.ts';

export interface RawClientOptions {
  restUrl: string;
  apiKey?: string;
  apiSecret?: string;
  recvWindowMs: number;
  /** A request without an answer after this long is abandoned (outcome unknown when it mutates). */
  timeoutMs: number;
  /** Retries after a 10006 before giving up with RateLimitedError. */
  maxRateLimitRetries?: number;
  /** Longest single wait for a rate-limit reset; a longer reset is surfaced at once. */
  maxRateLimitWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RateLimitStatus {
  limit: number;
  remaining: number;
  resetAtMs: number;
}

interface LibraryResponse extends BybitEnvelope<unknown> {
  rateLimitApi?: { remainingRequests: number; maxRequests: number; resetAtTimestamp: number };
}

interface LibraryHttpError {
  code: number;
  message: string;
  body?: unknown;
  headers?: Record<string, unknown>;
}

function isHttpError(value: unknown): value is LibraryHttpError {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'number';
}

function envelopeOf(body: unknown): BybitEnvelope<unknown> | null {
  if (typeof body !== 'object' || body === null || !('retCode' in body)) return null;
  const retCode = (body as { retCode: unknown }).retCode;
  return typeof retCode === 'number' ? (body as BybitEnvelope<unknown>) : null;
}

/**
 * The layer that talks HTTP to Bybit (through bybit-api's RestClientV5): it signs with the
 * synced clock, always checks `retCode`, waits out 10006 within bounds, and turns every failure
 * into a typed error whose message carries no secret.
 */
export class BybitRawClient {
  private readonly rest: RestClientV5;
  private readonly secrets: string[];
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxRetries: number;
  private readonly maxWaitMs: number;
  private offsetMs = 0;
  private lastRateLimit: RateLimitStatus | null = null;

  constructor(options: RawClientOptions) {
    const { apiKey, apiSecret } = options;
    if ((apiKey && !apiSecret) || (!apiKey && apiSecret)) {
      throw new AuthenticationError('Bybit credentials need both BYBIT_API_KEY and BYBIT_API_SECRET');
    }
    this.secrets = [apiKey ?? '', apiSecret ?? ''].filter((s) => s.length > 0);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => wait(ms));
    this.maxRetries = options.maxRateLimitRetries ?? 3;
    this.maxWaitMs = options.maxRateLimitWaitMs ?? 5000;
    // bybit-api (with axios) loads with the first Bybit client: replays and backtests never pay for it.
    const { RestClientV5 } = createRequire(import.meta.url)('bybit-api') as typeof import('bybit-api');
    this.rest = new RestClientV5(
      {
        ...(apiKey && apiSecret ? { key: apiKey, secret: apiSecret } : {}),
        baseUrl: options.restUrl,
        recv_window: options.recvWindowMs,
        parseAPIRateLimits: true,
        parse_exceptions: true,
        customSignMessageFn: async (message, secret) =>
          createHmac('sha256', secret).update(message).digest('hex'),
      },
      { timeout: options.timeoutMs },
    );
    this.applyOffset();
  }

  get hasCredentials(): boolean {
    return this.secrets.length === 2;
  }

  get serverTimeOffsetMs(): number {
    return this.offsetMs;
  }

  get rateLimit(): RateLimitStatus | null {
    return this.lastRateLimit;
  }

  /** Strings that must never leave this layer in a message. */
  get secretStrings(): readonly string[] {
    return this.secrets;
  }

  /** Measures the venue clock against ours (midpoint of the round trip) and signs with it from now on. */
  async syncServerTime(): Promise<{ serverTimeMs: number; offsetMs: number }> {
    const sentAt = this.now();
    const result = await this.publicGet<BybitServerTime>('/v5/market/time', {});
    const receivedAt = this.now();
    const serverTimeMs = Math.floor(Number(result.timeNano) / 1e6) || Number(result.timeSecond) * 1000;
    if (!Number.isFinite(serverTimeMs) || serverTimeMs <= 0) {
      throw new ExchangeUnavailableError('GET /v5/market/time: Bybit returned no usable server time');
    }
    this.offsetMs = Math.round(serverTimeMs - (sentAt + receivedAt) / 2);
    this.applyOffset();
    return { serverTimeMs, offsetMs: this.offsetMs };
  }

  publicGet<T>(path: string, params: Record<string, string | number | undefined>): Promise<T> {
    return this.call<T>('GET', path, params, false);
  }

  privateGet<T>(path: string, params: Record<string, string | number | undefined>): Promise<T> {
    return this.call<T>('GET', path, params, true);
  }

  privatePost<T>(path: string, body: Record<string, unknown>): Promise<T> {
    return this.call<T>('POST', path, body, true);
  }

  private applyOffset(): void {
    // RestClientV5 signs with `Date.now() + timeOffset`; it has no public setter for it.
    const internals = this.rest as unknown as { timeOffset: number | null };
    if (!('timeOffset' in internals)) {
      throw new Error('bybit-api no longer exposes timeOffset: the server-time sync needs updating');
    }
    internals.timeOffset = this.offsetMs;
  }

  private context(method: string, path: string, rateLimitResetAtMs?: number): ErrorContext {
    return {
      operation: `${method} ${path}`,
      mutating: method !== 'GET',
      nowMs: this.now(),
      secrets: this.secrets,
      ...(rateLimitResetAtMs !== undefined ? { rateLimitResetAtMs } : {}),
    };
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, unknown>,
    signed: boolean,
  ): Promise<T> {
    if (signed && !this.hasCredentials) {
      throw new AuthenticationError(`${method} ${path}: needs BYBIT_API_KEY and BYBIT_API_SECRET`);
    }
    const cleaned = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
    let resynced = false;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.send(method, path, cleaned, signed);
      if (outcome.envelope && outcome.envelope.retCode === 0) return outcome.envelope.result as T;
      const error = outcome.envelope
        ? errorFromRetCode(
            outcome.envelope.retCode,
            String(outcome.envelope.retMsg ?? ''),
            this.context(method, path, outcome.resetAtMs),
          )
        : (outcome.error as ExchangeError);
      // A 10006 or 10002 refusal happened before the venue accepted anything: sending again is safe.
      if (
        error instanceof RateLimitedError &&
        attempt < this.maxRetries &&
        error.retryAfterMs <= this.maxWaitMs
      ) {
        await this.sleep(Math.max(error.retryAfterMs, 50));
        continue;
      }
      if (error.venueCode === 10002 && signed && !resynced) {
        resynced = true;
        await this.syncServerTime();
        continue;
      }
      throw error;
    }
  }

  private async send(
    method: 'GET' | 'POST',
    path: string,
    params: Record<string, unknown>,
    signed: boolean,
  ): Promise<{ envelope: BybitEnvelope<unknown> | null; resetAtMs?: number; error?: ExchangeError }> {
    try {
      const response: LibraryResponse =
        method === 'GET'
          ? signed
            ? await this.rest.getPrivate(path, params)
            : await this.rest.get(path, params)
          : await this.rest.postPrivate(path, params);
      const limit = response.rateLimitApi;
      if (limit) {
        this.lastRateLimit = {
          limit: limit.maxRequests,
          remaining: limit.remainingRequests,
          resetAtMs: limit.resetAtTimestamp,
        };
      }
      const envelope = envelopeOf(response);
      if (!envelope) {
        return {
          envelope: null,
          error: new ExchangeUnavailableError(`${method} ${path}: Bybit answered without a retCode`),
        };
      }
      return { envelope, ...(limit ? { resetAtMs: limit.resetAtTimestamp } : {}) };
    } catch (thrown) {
      return this.fromThrown(method, path, thrown);
    }
  }

  private fromThrown(
    method: string,
    path: string,
    thrown: unknown,
  ): { envelope: BybitEnvelope<unknown> | null; resetAtMs?: number; error?: ExchangeError } {
    if (isHttpError(thrown)) {
      const resetHeader = Number(thrown.headers?.['x-bapi-limit-reset-timestamp']);
      const resetAtMs = Number.isFinite(resetHeader) && resetHeader > 0 ? resetHeader : undefined;
      const envelope = envelopeOf(thrown.body);
      // A 5xx with a body is still a server error, whatever the body says.
      if (envelope && envelope.retCode !== 0 && thrown.code < 500) {
        return { envelope, ...(resetAtMs !== undefined ? { resetAtMs } : {}) };
      }
      return {
        envelope: null,
        error: errorFromHttpStatus(thrown.code, thrown.message, this.context(method, path, resetAtMs)),
      };
    }
    const code =
      typeof thrown === 'object' && thrown !== null && 'code' in thrown ? String(thrown.code) : undefined;
    // Not errorMessage on purpose: bybit-api rejects with plain objects (request options inside), kept out of the text.
    const message =
      typeof thrown === 'string' ? thrown : thrown instanceof Error ? thrown.message : 'request failed';
    return {
      envelope: null,
      error: errorFromTransport(code, redact(message, this.secrets), this.context(method, path)),
    };
  }
}
