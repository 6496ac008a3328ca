import { errorMessage } from '../domain/index.ts';
/**
 * Typed exchange errors. Adapters translate every venue failure into one of these, so the
 * executor can decide without reading messages. Messages never carry secrets.
 */
export class ExchangeError extends Error {
  override readonly name: string = 'ExchangeError';
  constructor(
    message: string,
    /** The venue's own code (Bybit `retCode`, HTTP status), when there is one. */
    readonly venueCode?: number | string,
  ) {
    super(message);
  }
}

/** 10006 / HTTP 429 / 403 IP ban: try again after `retryAfterMs`. */
export class RateLimitedError extends ExchangeError {
  override readonly name = 'RateLimitedError';
  constructor(
    message: string,
    readonly retryAfterMs: number,
    venueCode?: number | string,
  ) {
    super(message, venueCode);
  }
}

export class InsufficientBalanceError extends ExchangeError {
  override readonly name = 'InsufficientBalanceError';
}

/** The client id was already used: the order it names exists (or existed). */
export class DuplicateClientIdError extends ExchangeError {
  override readonly name = 'DuplicateClientIdError';
}

export class OrderNotFoundError extends ExchangeError {
  override readonly name = 'OrderNotFoundError';
}

// Same shape as RateLimitedError on purpose: one class per venue error, so callers branch with instanceof.
/** The venue refused the request as malformed or against its rules; `reason` is the venue's text. */
export class InvalidRequestError extends ExchangeError {
  override readonly name = 'InvalidRequestError';
  constructor(
    message: string,
    readonly reason: string,
    venueCode?: number | string,
  ) {
    super(message, venueCode);
  }
}

/**
 * The request was sent but no answer arrived (timeout, connection reset after sending): it may
 * or may not have taken effect. Resolve by looking the client id up — never by sending again.
 */
export class OutcomeUnknownError extends ExchangeError {
  override readonly name = 'OutcomeUnknownError';
}

export class AuthenticationError extends ExchangeError {
  override readonly name = 'AuthenticationError';
}

/** The venue could not be reached or answered with a server error before accepting anything. */
export class ExchangeUnavailableError extends ExchangeError {
  override readonly name = 'ExchangeUnavailableError';
}

/** A trading-stop or amend that changes nothing (Bybit 34040 / 110043 / 110025). */
export class NotModifiedError extends ExchangeError {
  override readonly name = 'NotModifiedError';
}

/** An error as the executor logs it: exchange errors with their kind (`ExchangeRateLimitError: …`), others by message. */
export function describeExchangeError(error: unknown): string {
  if (error instanceof ExchangeError) return `${error.name}: ${error.message}`;
  return errorMessage(error);
}
