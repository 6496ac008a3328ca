import { causeMessage } from '../../domain/index.ts';
import { redact } from './redact.ts';

export type ProviderFailureKind = 'timeout' | 'http' | 'network' | 'protocol';

/** A model call that produced no usable reply: the symbols become HOLD with AI_UNAVAILABLE. */
export class ProviderCallError extends Error {
  override readonly name = 'ProviderCallError';
  constructor(
    message: string,
    readonly kind: ProviderFailureKind,
    readonly attempts: number,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

export interface PostJsonOptions {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** Deadline for the whole call, retries and waits included. */
  timeoutMs: number;
  /** Retries after the first attempt, on 429 and 5xx only. */
  maxRetries: number;
  /** First backoff step; doubles each retry, with jitter. */
  backoffBaseMs: number;
  /** Redacted from every error text. */
  secrets: readonly (string | undefined)[];
  fetchImpl?: typeof fetch;
  random?: () => number;
}

export interface PostJsonResult {
  json: unknown;
  attempts: number;
}

const retryable = (status: number) => status === 429 || (status >= 500 && status <= 599);

/** Retry-After as milliseconds: `retry-after-ms`, then `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers, nowMs: number): number | null {
  const ms = Number(headers.get('retry-after-ms'));
  if (headers.get('retry-after-ms') !== null && Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

/**
 * POSTs JSON and returns the parsed JSON reply. Retries with exponential backoff and jitter on
 * 429 (honouring Retry-After) and 5xx only; a 4xx, a network failure, a broken body or the
 * deadline end the call at once. Secrets never reach an error message.
 */
export async function postJson(options: PostJsonOptions): Promise<PostJsonResult> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const random = options.random ?? Math.random;
  const deadline = Date.now() + options.timeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no reply within ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  const clean = (text: string) => redact(text, options.secrets);
  let attempts = 0;
  try {
    for (;;) {
      attempts++;
      let response: Response;
      let text: string;
      try {
        response = await fetchImpl(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...options.headers },
          body: JSON.stringify(options.body),
          signal: controller.signal,
        });
        text = await response.text();
      } catch (error) {
        if (controller.signal.aborted) {
          throw new ProviderCallError(
            `timed out: no reply within ${options.timeoutMs} ms`,
            'timeout',
            attempts,
          );
        }
        throw new ProviderCallError(clean(`network failure: ${causeMessage(error)}`), 'network', attempts);
      }
      if (response.ok) {
        try {
          return { json: JSON.parse(text), attempts };
        } catch {
          throw new ProviderCallError(
            clean(`HTTP ${response.status} body is not JSON (truncated?): ${excerpt(text)}`),
            'protocol',
            attempts,
            response.status,
          );
        }
      }
      const failure = new ProviderCallError(
        clean(`HTTP ${response.status}: ${excerpt(text)}`),
        'http',
        attempts,
        response.status,
      );
      if (!retryable(response.status) || attempts > options.maxRetries) throw failure;
      const backoff = options.backoffBaseMs * 2 ** (attempts - 1) * (0.5 + random() / 2);
      const waitMs = retryAfterMs(response.headers, Date.now()) ?? backoff;
      if (Date.now() + waitMs >= deadline) {
        throw new ProviderCallError(
          `${failure.message} (a retry in ${Math.round(waitMs)} ms would pass the ${options.timeoutMs} ms timeout)`,
          'http',
          attempts,
          response.status,
        );
      }
      try {
        await sleep(waitMs, controller.signal);
      } catch {
        throw new ProviderCallError(
          `timed out: no reply within ${options.timeoutMs} ms`,
          'timeout',
          attempts,
        );
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
