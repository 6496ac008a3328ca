import { OutcomeUnknownError, RateLimitedError } from '../errors.ts';

/**
 * Fault injection for tests and drills: what a real venue does on a bad day, made to order.
 * Every hook affects the NEXT calls only, and each injected fault is used up once it fires.
 */
export class PaperFaults {
  private rateLimitedCalls = 0;
  private retryAfterMs = 1000;
  private timeoutNextOrder = false;

  constructor(
    private readonly dropStreamsHandler: (outageMs: number, reason: string) => Promise<void>,
    private readonly partialFillsHandler: (maxQtyPerEvent: number | null) => void,
  ) {}

  /** From now on a LIMIT order fills at most `maxQtyPerEvent` per candle or tick; null turns it off. */
  partialFills(maxQtyPerEvent: number | null): void {
    if (maxQtyPerEvent != null && !(maxQtyPerEvent > 0)) {
      throw new RangeError(`maxQtyPerEvent must be positive or null, got ${maxQtyPerEvent}`);
    }
    this.partialFillsHandler(maxQtyPerEvent);
  }

  /** The next `count` port calls fail with RateLimitedError (Bybit 10006) and do nothing. */
  rateLimitNext(count: number, retryAfterMs = 1000): void {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`count must be a whole number, got ${count}`);
    if (!(retryAfterMs > 0)) throw new RangeError(`retryAfterMs must be positive, got ${retryAfterMs}`);
    this.rateLimitedCalls = count;
    this.retryAfterMs = retryAfterMs;
  }

  /** The next placeOrder is accepted (the order exists) but the call throws OutcomeUnknownError. */
  acceptThenTimeoutNext(): void {
    this.timeoutNextOrder = true;
  }

  /**
   * Drops every stream: subscribers get `disconnected`, events during the outage are lost, then
   * `reconnected` after `outageMs` (the next macrotask for 0). Resolves once reconnected.
   */
  dropStreams(outageMs = 0, reason = 'injected fault: connection dropped'): Promise<void> {
    return this.dropStreamsHandler(outageMs, reason);
  }

  /** Called at the start of every port call. */
  beforeCall(method: string): void {
    if (this.rateLimitedCalls <= 0) return;
    this.rateLimitedCalls -= 1;
    throw new RateLimitedError(
      `${method} refused: too many visits (injected rate limit), retry after ${this.retryAfterMs} ms`,
      this.retryAfterMs,
      10006,
    );
  }

  /** Called once an order has been accepted, before the answer goes back. */
  afterOrderAccepted(clientOrderId: string): void {
    if (!this.timeoutNextOrder) return;
    this.timeoutNextOrder = false;
    throw new OutcomeUnknownError(
      `no answer for order ${clientOrderId} (injected timeout after sending): look it up by its client id, never resend`,
    );
  }
}
