import { setTimeout as wait } from 'node:timers/promises';
import type { OrderIntent, PositionSide } from '../domain/index.ts';
import { exitSide } from '../domain/index.ts';
import {
  DuplicateClientIdError,
  describeExchangeError,
  NotModifiedError,
  OutcomeUnknownError,
  RateLimitedError,
} from '../exchange/errors.ts';
import type { ExchangeOrder, ExchangePort, PlaceOrderRequest } from '../exchange/port.ts';
import { clientOrderId, type OrderPurpose } from './client-id.ts';

export type SubmissionStatus = 'submitted' | 'already-submitted' | 'rejected' | 'outcome-unknown';

export interface SubmissionReport {
  symbol: string;
  purpose: OrderPurpose;
  clientOrderId: string;
  status: SubmissionStatus;
  orderId: string | null;
  /** The venue's view of the order after submission, when it was looked up. */
  order: ExchangeOrder | null;
  error: string | null;
}

export interface ExecutorOptions {
  /** Attempts at a rate-limited request (same client id each time). */
  maxRateLimitRetries?: number;
  /** Look-ups made to resolve an unknown outcome before giving up. */
  outcomeLookups?: number;
  /** Delay between look-ups, ms. */
  lookupDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** First characters of every client id it sends (client-id.ts); a shadow's differ from the lead's. */
  clientIdPrefix?: string;
}

/**
 * Turns approved verdicts into exchange orders. Entries carry their stop and take-profit attached
 * (placed by the venue on the fill) and a deterministic client id; closes are reduce-only.
 * A timeout after sending is resolved by looking the client id up — never by sending again.
 */
export class Executor {
  private readonly maxRateLimitRetries: number;
  private readonly outcomeLookups: number;
  private readonly lookupDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clientIdPrefix: string | undefined;

  constructor(
    private readonly exchange: ExchangePort,
    options: ExecutorOptions = {},
  ) {
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 3;
    this.outcomeLookups = options.outcomeLookups ?? 3;
    this.lookupDelayMs = options.lookupDelayMs ?? 500;
    this.sleep = options.sleep ?? ((ms) => wait(ms));
    this.clientIdPrefix = options.clientIdPrefix;
  }

  /** The deterministic client id this executor sends for a cycle (or tick), symbol and purpose. */
  clientOrderId(keyMs: number, symbol: string, purpose: OrderPurpose): string {
    return clientOrderId(keyMs, symbol, purpose, 0, this.clientIdPrefix);
  }

  async openPosition(intent: OrderIntent, cycleKeyMs: number): Promise<SubmissionReport> {
    const id = this.clientOrderId(cycleKeyMs, intent.symbol, 'entry');
    try {
      await this.withRateLimitRetry(() => this.exchange.setLeverage(intent.symbol, intent.leverage));
    } catch (error) {
      if (!(error instanceof NotModifiedError)) {
        return this.report(
          intent.symbol,
          'entry',
          id,
          'rejected',
          null,
          null,
          `set leverage: ${describeExchangeError(error)}`,
        );
      }
    }
    const request: PlaceOrderRequest = {
      symbol: intent.symbol,
      side: intent.side,
      type: intent.type,
      qty: intent.qty,
      clientOrderId: id,
      reduceOnly: false,
      ...(intent.type === 'LIMIT' ? { price: intent.price, timeInForce: 'GTC' as const } : {}),
      ...(intent.stopLoss !== null ? { stopLoss: intent.stopLoss } : {}),
      ...(intent.takeProfit !== null ? { takeProfit: intent.takeProfit } : {}),
    };
    return this.submit(request, 'entry');
  }

  async closePosition(
    symbol: string,
    side: PositionSide,
    qty: number,
    cycleKeyMs: number,
    purpose: OrderPurpose = 'close',
  ): Promise<SubmissionReport> {
    const request: PlaceOrderRequest = {
      symbol,
      side: exitSide(side),
      type: 'MARKET',
      qty,
      reduceOnly: true,
      clientOrderId: this.clientOrderId(cycleKeyMs, symbol, purpose),
    };
    return this.submit(request, purpose);
  }

  private async submit(request: PlaceOrderRequest, purpose: OrderPurpose): Promise<SubmissionReport> {
    const { symbol, clientOrderId: id } = request;
    try {
      const placed = await this.withRateLimitRetry(() => this.exchange.placeOrder(request));
      return this.report(symbol, purpose, id, 'submitted', placed.orderId, null, null);
    } catch (error) {
      if (error instanceof DuplicateClientIdError) {
        const order = await this.lookup(symbol, id);
        if (order) return this.report(symbol, purpose, id, 'already-submitted', order.orderId, order, null);
        return this.report(symbol, purpose, id, 'outcome-unknown', null, null, describeExchangeError(error));
      }
      if (error instanceof OutcomeUnknownError) {
        const order = await this.resolveUnknown(symbol, id);
        if (order) return this.report(symbol, purpose, id, 'submitted', order.orderId, order, null);
        return this.report(symbol, purpose, id, 'outcome-unknown', null, null, describeExchangeError(error));
      }
      return this.report(symbol, purpose, id, 'rejected', null, null, describeExchangeError(error));
    }
  }

  /** The only way an unknown outcome is settled: asking the venue about the client id. */
  private async resolveUnknown(symbol: string, id: string): Promise<ExchangeOrder | null> {
    for (let attempt = 0; attempt < this.outcomeLookups; attempt++) {
      if (attempt > 0) await this.sleep(this.lookupDelayMs * attempt);
      const order = await this.lookup(symbol, id);
      if (order) return order;
    }
    return null;
  }

  private async lookup(symbol: string, id: string): Promise<ExchangeOrder | null> {
    try {
      return await this.withRateLimitRetry(() => this.exchange.getOrder({ symbol, clientOrderId: id }));
    } catch {
      return null;
    }
  }

  private async withRateLimitRetry<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof RateLimitedError) || attempt >= this.maxRateLimitRetries) throw error;
        await this.sleep(Math.min(Math.max(error.retryAfterMs, 50), 10_000));
      }
    }
  }

  private report(
    symbol: string,
    purpose: OrderPurpose,
    clientId: string,
    status: SubmissionStatus,
    orderId: string | null,
    order: ExchangeOrder | null,
    error: string | null,
  ): SubmissionReport {
    return { symbol, purpose, clientOrderId: clientId, status, orderId, order, error };
  }
}
