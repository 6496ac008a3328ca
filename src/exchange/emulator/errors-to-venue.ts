import {
  AuthenticationError,
  DuplicateClientIdError,
  ExchangeError,
  InsufficientBalanceError,
  InvalidRequestError,
  NotModifiedError,
  OrderNotFoundError,
  RateLimitedError,
} from '../errors.ts';
import { Refusal } from './validation.ts';

/** The matcher throws the port's typed errors, most with Bybit's code; this puts them back in Bybit's terms. */
export function refusalFrom(error: unknown, notModifiedCode = 34040): Refusal {
  if (error instanceof Refusal) return error;
  if (error instanceof ExchangeError) {
    const code = typeof error.venueCode === 'number' ? error.venueCode : undefined;
    if (error instanceof DuplicateClientIdError) return new Refusal(110072, 'OrderLinkedID is duplicate');
    if (error instanceof OrderNotFoundError) return new Refusal(110001, 'Order does not exist');
    if (error instanceof InsufficientBalanceError) {
      return new Refusal(
        code ?? 110007,
        code === 110012 ? 'Insufficient available balance.' : 'ab not enough for new order',
      );
    }
    if (error instanceof NotModifiedError) return new Refusal(notModifiedCode, 'not modified');
    if (error instanceof RateLimitedError) return new Refusal(10006, 'Too many visits!');
    if (error instanceof AuthenticationError) return new Refusal(10003, 'API key is invalid.');
    if (error instanceof InvalidRequestError) return new Refusal(code ?? 10001, error.reason);
    return new Refusal(code ?? 10016, error.message);
  }
  if (error instanceof RangeError) return new Refusal(10001, `params error: ${error.message}`);
  return new Refusal(10016, 'Server error.');
}
