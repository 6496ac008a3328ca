import { describe, expect, it } from 'vitest';
import {
  errorFromHttpStatus,
  errorFromRetCode,
  errorFromTransport,
  redact,
} from '../../../../src/exchange/bybit/error-map.ts';
import {
  AuthenticationError,
  DuplicateClientIdError,
  ExchangeUnavailableError,
  InsufficientBalanceError,
  InvalidRequestError,
  NotModifiedError,
  OrderNotFoundError,
  OutcomeUnknownError,
  RateLimitedError,
} from '../../../../src/exchange/errors.ts';
import { fixture } from './fixtures.ts';

const errors = fixture<Record<string, { retCode: number; retMsg: string }>>('errors.json');
const context = {
  operation: 'POST /v5/order/create',
  mutating: true,
  nowMs: 1_700_000_000_000,
  secrets: ['XXXXXXXXXX', 'sEcReT'],
};

function mapped(code: string, extra: Partial<typeof context & { rateLimitResetAtMs: number }> = {}) {
  const body = errors[code];
  if (!body) throw new Error(`no fixture for ${code}`);
  return errorFromRetCode(body.retCode, body.retMsg, { ...context, ...extra });
}

describe('Bybit retCode mapping', () => {
  it.each([
    ['10003', AuthenticationError],
    ['10004', AuthenticationError],
    ['10005', AuthenticationError],
    ['10010', AuthenticationError],
    ['33004', AuthenticationError],
    ['10002', AuthenticationError],
    ['110004', InsufficientBalanceError],
    ['110007', InsufficientBalanceError],
    ['110012', InsufficientBalanceError],
    ['110072', DuplicateClientIdError],
    ['110001', OrderNotFoundError],
    ['34040', NotModifiedError],
    ['110043', NotModifiedError],
    ['110025', NotModifiedError],
    ['10001', InvalidRequestError],
    ['110003', InvalidRequestError],
    ['110017', InvalidRequestError],
    ['110094', InvalidRequestError],
    ['10016', ExchangeUnavailableError],
  ])('maps retCode %s to its typed error', (code, type) => {
    const error = mapped(code);
    expect(error).toBeInstanceOf(type);
    expect(error.venueCode).toBe(Number(code));
  });

  it('keeps the venue reason on an invalid request', () => {
    const error = mapped('110094');
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).reason).toBe('Order does not meet minimum order value 5USDT');
  });

  it('waits until X-Bapi-Limit-Reset-Timestamp after a 10006', () => {
    const error = mapped('10006', { rateLimitResetAtMs: context.nowMs + 750 });
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(750);
  });

  it('never echoes the signed origin string (it holds the API key) from a 10004', () => {
    const error = mapped('10004');
    expect(error.message).not.toContain('XXXXXXXXXX');
    expect(error.message).toContain('origin_string[redacted]');
  });

  it('maps an unknown code to an invalid request that names the code', () => {
    const error = errorFromRetCode(123456, 'something new', context);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.message).toContain('123456');
  });

  it('removes the key and secret wherever they appear', () => {
    expect(redact('key XXXXXXXXXX and sEcReT', context.secrets)).toBe('key [redacted] and [redacted]');
  });
});

describe('HTTP and transport failures', () => {
  it('treats 401 as authentication, 403 as a long rate ban, 5xx as unavailable', () => {
    expect(errorFromHttpStatus(401, 'Unauthorized', context)).toBeInstanceOf(AuthenticationError);
    const ban = errorFromHttpStatus(403, 'Forbidden', context);
    expect(ban).toBeInstanceOf(RateLimitedError);
    expect((ban as RateLimitedError).retryAfterMs).toBe(600_000);
    expect(errorFromHttpStatus(502, 'Bad Gateway', context)).toBeInstanceOf(ExchangeUnavailableError);
  });

  it('treats a gateway timeout on an order as an unknown outcome, on a read as unavailable', () => {
    expect(errorFromHttpStatus(504, 'Gateway Timeout', context)).toBeInstanceOf(OutcomeUnknownError);
    expect(errorFromHttpStatus(504, 'Gateway Timeout', { ...context, mutating: false })).toBeInstanceOf(
      ExchangeUnavailableError,
    );
  });

  it('treats a timeout after sending an order as an unknown outcome', () => {
    expect(errorFromTransport('ECONNABORTED', 'timeout of 100ms exceeded', context)).toBeInstanceOf(
      OutcomeUnknownError,
    );
    expect(errorFromTransport('ECONNRESET', 'socket hang up', context)).toBeInstanceOf(OutcomeUnknownError);
  });

  it('treats a refused connection as unavailable: nothing was sent', () => {
    expect(errorFromTransport('ECONNREFUSED', 'connect ECONNREFUSED', context)).toBeInstanceOf(
      ExchangeUnavailableError,
    );
  });
});
