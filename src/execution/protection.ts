import { setTimeout as wait } from 'node:timers/promises';
import { Decimal } from 'decimal.js';
import type { PositionSide } from '../domain/index.ts';
import { exitSide } from '../domain/index.ts';
import { describeExchangeError, NotModifiedError, RateLimitedError } from '../exchange/errors.ts';
import type { ExchangeOrder, ExchangePort, ExchangePosition } from '../exchange/port.ts';
import type { Executor, SubmissionReport } from './executor.ts';
import type { ExecutionJournal } from './journal-port.ts';
import { journaledClose } from './journaled-orders.ts';

/**
 * The stop protecting the whole position on the exchange: the position's own stop-loss (Bybit
 * "Full" mode covers the whole size), else an untriggered reduce-only stop order on the exit
 * side whose quantity covers the position. null when the position is unprotected.
 */
export function stopOnExchange(
  position: ExchangePosition,
  openOrders: readonly ExchangeOrder[],
): number | null {
  if (position.stopLoss !== null && position.stopLoss > 0) return position.stopLoss;
  const exit = exitSide(position.side);
  const order = openOrders.find(
    (o) =>
      o.symbol === position.symbol &&
      o.side === exit &&
      (o.stopKind === 'STOP_LOSS' || o.stopKind === 'TRAILING_STOP') &&
      o.status === 'UNTRIGGERED' &&
      o.triggerPrice !== null &&
      o.qty >= position.qty,
  );
  return order?.triggerPrice ?? null;
}

export interface ProtectionOptions {
  /** setTradingStop attempts before the position is closed. */
  attempts?: number;
  /** First back-off; doubles after each failed attempt. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type ProtectionResult =
  | { status: 'protected'; stop: number }
  | { status: 'restored'; stop: number; attempts: number }
  | { status: 'closed'; reason: string; close: SubmissionReport }
  /** A reduce-only MARKET close for it is already on the venue: nothing new is sent. */
  | { status: 'closing'; orderId: string }
  | { status: 'close-failed'; reason: string; close: SubmissionReport };

export interface ProtectionContext {
  nowMs: number;
  positionId: string | null;
  /** The stop Warden meant this position to have (journaled), when it knows one. */
  intendedStop: number | null;
  tickSize: number;
  /** Fallback stop distance from entry for a position Warden never planned (MAX_SL_DISTANCE_PCT). */
  fallbackStopDistancePct: number;
}

/** A stop price on the losing side of the mark by at least one tick, or null when it is not. */
export function placeableStop(
  side: PositionSide,
  stop: number,
  markPrice: number,
  tickSize: number,
): number | null {
  if (!Number.isFinite(stop) || stop <= 0 || !(tickSize > 0)) return null;
  const tick = new Decimal(tickSize);
  const steps = new Decimal(stop).div(tick);
  const rounded = (side === 'LONG' ? steps.floor() : steps.ceil()).mul(tick);
  const gap = side === 'LONG' ? new Decimal(markPrice).sub(rounded) : rounded.sub(markPrice);
  return rounded.gt(0) && gap.gte(tick) ? rounded.toNumber() : null;
}

/**
 * Makes sure a position has a stop on the exchange (SPEC section 6): when it has none, sets the
 * intended stop in place (retrying with back-off); when that cannot be done — or the price is
 * already past where the stop belongs — closes the position at once, reduce-only at market.
 */
export class Protector {
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly exchange: ExchangePort,
    private readonly executor: Executor,
    private readonly journal: ExecutionJournal,
    options: ProtectionOptions = {},
  ) {
    this.attempts = Math.max(1, options.attempts ?? 4);
    this.backoffMs = options.backoffMs ?? 250;
    this.sleep = options.sleep ?? ((ms) => wait(ms));
  }

  async protect(
    position: ExchangePosition,
    openOrders: readonly ExchangeOrder[],
    ctx: ProtectionContext,
  ): Promise<ProtectionResult> {
    const existing = stopOnExchange(position, openOrders);
    if (existing !== null) return { status: 'protected', stop: existing };
    const { symbol, side } = position;
    const closing = openOrders.find(
      (o) =>
        o.symbol === symbol &&
        o.reduceOnly &&
        o.type === 'MARKET' &&
        o.stopKind === 'NONE' &&
        o.side === exitSide(side) &&
        (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED'),
    );
    if (closing) return { status: 'closing', orderId: closing.orderId };
    const target = this.targetStop(position, ctx);
    this.journal.recordEvent({
      atMs: ctx.nowMs,
      kind: 'protection.missing-stop',
      severity: 'error',
      symbol,
      message: `${symbol} ${side} ${position.qty} has no stop on the exchange; ${target.stop === null ? 'closing it' : `setting ${target.stop}`}`,
      detail: {
        positionId: ctx.positionId,
        intendedStop: ctx.intendedStop,
        markPrice: position.markPrice,
        why: target.why,
      },
    });
    if (target.stop === null) return this.closeNow(position, ctx, target.why);
    let lastError = 'no attempt made';
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      try {
        await this.exchange.setTradingStop({ symbol, stopLoss: target.stop });
      } catch (error) {
        if (!(error instanceof NotModifiedError)) {
          lastError = describeExchangeError(error);
          if (attempt < this.attempts) await this.sleep(this.delayFor(error, attempt));
          continue;
        }
      }
      const confirmed = await this.confirm(position);
      if (confirmed !== null) {
        this.restored(position, ctx, confirmed, attempt);
        return { status: 'restored', stop: confirmed, attempts: attempt };
      }
      lastError = 'the venue accepted the stop but the position still shows none';
    }
    return this.closeNow(
      position,
      ctx,
      `stop ${target.stop} could not be set after ${this.attempts} attempts: ${lastError}`,
    );
  }

  private targetStop(
    position: ExchangePosition,
    ctx: ProtectionContext,
  ): { stop: number | null; why: string } {
    const { side, markPrice, entryPrice } = position;
    const sign = side === 'LONG' ? -1 : 1;
    const planned = ctx.intendedStop ?? entryPrice * (1 + sign * ctx.fallbackStopDistancePct);
    const source =
      ctx.intendedStop !== null
        ? 'the journaled stop'
        : `entry ${sign < 0 ? '−' : '+'} ${ctx.fallbackStopDistancePct * 100}%`;
    const stop = placeableStop(side, planned, markPrice, ctx.tickSize);
    if (stop === null) {
      return { stop: null, why: `mark ${markPrice} is already past ${source} ${planned}` };
    }
    return { stop, why: `stop from ${source}` };
  }

  private async confirm(position: ExchangePosition): Promise<number | null> {
    try {
      const [now] = (await this.exchange.getPositions(position.symbol)).filter((p) => p.qty > 0);
      if (!now) return null;
      const orders = await this.exchange.getOpenOrders(position.symbol);
      return stopOnExchange(now, orders);
    } catch {
      return null;
    }
  }

  private delayFor(error: unknown, attempt: number): number {
    if (error instanceof RateLimitedError) return Math.min(Math.max(error.retryAfterMs, 50), 10_000);
    return this.backoffMs * 2 ** (attempt - 1);
  }

  private restored(position: ExchangePosition, ctx: ProtectionContext, stop: number, attempts: number): void {
    if (ctx.positionId !== null) {
      this.journal.recordStopMove({
        atMs: ctx.nowMs,
        positionId: ctx.positionId,
        symbol: position.symbol,
        oldStop: null,
        newStop: stop,
        rule: 'RESTORE',
        reason: `no stop was on the exchange; set after ${attempts} attempt(s)`,
        markPrice: position.markPrice,
      });
    }
    this.journal.recordEvent({
      atMs: ctx.nowMs,
      kind: 'protection.restored',
      severity: 'warn',
      symbol: position.symbol,
      message: `${position.symbol} ${position.side}: stop ${stop} set on the exchange after ${attempts} attempt(s)`,
      detail: { positionId: ctx.positionId, stop, attempts },
    });
  }

  private async closeNow(
    position: ExchangePosition,
    ctx: ProtectionContext,
    why: string,
  ): Promise<ProtectionResult> {
    const close = await journaledClose(this.executor, this.journal, {
      symbol: position.symbol,
      side: position.side,
      qty: position.qty,
      keyMs: ctx.nowMs,
      purpose: 'protect-close',
      reason: `unprotected position: ${why}`,
      positionId: ctx.positionId,
    });
    const failed = close.status === 'rejected' || close.status === 'outcome-unknown';
    this.journal.recordEvent({
      atMs: ctx.nowMs,
      kind: failed ? 'protection.close-failed' : 'protection.closed',
      severity: 'critical',
      symbol: position.symbol,
      message: `${position.symbol} ${position.side} could not be protected (${why}); reduce-only close ${close.status}${close.error ? `: ${close.error}` : ''}`,
      detail: { positionId: ctx.positionId, clientOrderId: close.clientOrderId, qty: position.qty },
    });
    return failed ? { status: 'close-failed', reason: why, close } : { status: 'closed', reason: why, close };
  }
}
