import type { ExitReason, OrderState, PositionSide } from '../domain/index.ts';
import type { ExchangeOrder, ExchangePort, ExchangePosition, Execution } from '../exchange/port.ts';
import { feesBetween, positionExists, recentOrders } from '../journal/engine-lookups.ts';
import type { Journal } from '../journal/index.ts';
import type { JournalOpenPosition, JournalOrder } from '../journal/lookups.ts';
import type { Logger } from './logger.ts';

/** How long an order the venue has never heard of stays "unknown" before it counts as rejected. */
const UNKNOWN_ORDER_GRACE_MS = 120_000;
/** Executions are re-read with this overlap; the journal ignores ids it already has. */
const FILL_OVERLAP_MS = 60_000;

export function orderStateOf(order: ExchangeOrder): OrderState {
  switch (order.status) {
    case 'NEW':
    case 'UNTRIGGERED':
      return 'OPEN';
    case 'PARTIALLY_FILLED':
      return 'PARTIALLY_FILLED';
    case 'FILLED':
      return 'FILLED';
    case 'CANCELLED':
    case 'DEACTIVATED':
      return order.filledQty > 0 ? 'FILLED' : 'CANCELLED';
    case 'REJECTED':
      return 'REJECTED';
  }
}

/**
 * Keeps the journal in step with the exchange: order states, fills, funding, and positions that
 * opened or closed on the venue (fills, stops, take-profits, liquidations, hands on the account).
 * The exchange is the truth; every difference becomes a journal row with its reason.
 */
export class Ledger {
  private fillsSyncedToMs: number | null = null;

  constructor(
    private readonly exchange: ExchangePort,
    private readonly journal: Journal,
    private readonly symbols: readonly string[],
    private readonly logger: Logger,
  ) {}

  async sync(nowMs: number): Promise<void> {
    await this.syncOrders(nowMs);
    const fills = await this.syncFills(nowMs);
    await this.syncPositions(nowMs, fills);
  }

  private async syncOrders(nowMs: number): Promise<void> {
    for (const order of this.journal.openOrdersByClientId().values()) {
      const venue = await this.exchange.getOrder({
        symbol: order.symbol,
        clientOrderId: order.clientOrderId,
      });
      if (venue === null) {
        if (nowMs - order.createdAtMs > UNKNOWN_ORDER_GRACE_MS) {
          this.journal.recordOrderEvent({
            atMs: nowMs,
            clientOrderId: order.clientOrderId,
            state: 'REJECTED',
            reason: 'the exchange has no record of this client id',
          });
        }
        continue;
      }
      const state = orderStateOf(venue);
      if (state === order.state && venue.filledQty === order.filledQty) continue;
      this.journal.recordOrderEvent({
        atMs: venue.updatedAtMs || nowMs,
        clientOrderId: order.clientOrderId,
        state,
        exchangeOrderId: venue.orderId,
        filledQty: venue.filledQty,
        avgFillPrice: venue.avgFillPrice,
        reason: venue.reason,
      });
    }
  }

  private async syncFills(nowMs: number): Promise<Execution[]> {
    const since = this.fillsSyncedToMs === null ? undefined : this.fillsSyncedToMs - FILL_OVERLAP_MS;
    const all: Execution[] = [];
    for (const symbol of this.symbols) {
      const executions = await this.exchange.getExecutions(symbol, since);
      for (const e of executions) {
        all.push(e);
        if (e.kind === 'FUNDING') {
          this.journal.recordFunding({
            atMs: e.timeMs,
            symbol: e.symbol,
            positionId: this.journal.openPositions().find((p) => p.symbol === e.symbol)?.positionId ?? null,
            rate: 0,
            positionValueUsdt: null,
            amountUsdt: -e.feeUsdt,
            execId: e.execId,
          });
          continue;
        }
        this.journal.recordFill({
          execId: e.execId,
          atMs: e.timeMs,
          clientOrderId: e.clientOrderId || null,
          exchangeOrderId: e.orderId,
          symbol: e.symbol,
          side: e.side,
          price: e.price,
          qty: e.qty,
          feeUsdt: e.feeUsdt,
          isMaker: e.isMaker,
          closedQty: e.closedQty,
          kind: e.kind === 'LIQUIDATION' ? 'LIQUIDATION' : e.kind === 'TRADE' ? 'TRADE' : 'OTHER',
        });
      }
    }
    this.fillsSyncedToMs = nowMs;
    return all;
  }

  private async syncPositions(nowMs: number, fills: Execution[]): Promise<void> {
    const venue = await this.exchange.getPositions();
    const journaled = this.journal.openPositions();
    for (const open of journaled) {
      const live = venue.find((p) => p.symbol === open.symbol && p.qty > 0);
      if (live && live.side === open.side) continue;
      await this.recordClose(open, nowMs, fills);
    }
    const stillOpen = this.journal.openPositions();
    for (const position of venue) {
      if (position.qty <= 0 || stillOpen.some((p) => p.symbol === position.symbol)) continue;
      this.recordOpen(position, nowMs);
    }
  }

  private recordOpen(position: ExchangePosition, nowMs: number): void {
    const entry = this.entryOrderFor(position.symbol, position.side);
    const positionId = entry?.clientOrderId ?? `adopted-${position.symbol}-${nowMs}`;
    this.journal.recordPositionOpen({
      positionId,
      openedAtMs: position.updatedAtMs || nowMs,
      symbol: position.symbol,
      side: position.side,
      qty: position.qty,
      entryPrice: position.entryPrice,
      stopLoss: position.stopLoss,
      takeProfit: position.takeProfit,
      leverage: position.leverage,
      entryClientOrderId: entry?.clientOrderId ?? null,
      decisionId: entry?.decisionId ?? null,
      detail: entry
        ? null
        : { adopted: true, reason: 'position found on the exchange without a Warden entry' },
    });
    if (!entry) {
      this.journal.recordEvent({
        atMs: nowMs,
        kind: 'position.adopted',
        severity: 'warn',
        message: `${position.symbol}: adopted a ${position.side} position the journal did not know`,
        detail: { symbol: position.symbol, qty: position.qty, entryPrice: position.entryPrice },
      });
      this.logger.warn({ symbol: position.symbol }, 'adopted a position the journal did not know');
    }
  }

  private entryOrderFor(symbol: string, side: PositionSide): JournalOrder | null {
    const wanted = side === 'LONG' ? 'BUY' : 'SELL';
    const candidates = recentOrders(this.journal.db, symbol, 20).filter(
      (o) => o.role === 'ENTRY' && o.side === wanted && o.filledQty > 0,
    );
    const used = new Set(this.journal.openPositions().map((p) => p.entryClientOrderId));
    return (
      candidates.find(
        (o) => !used.has(o.clientOrderId) && !positionExists(this.journal.db, o.clientOrderId),
      ) ?? null
    );
  }

  private async recordClose(open: JournalOpenPosition, nowMs: number, recent: Execution[]): Promise<void> {
    const exitSide = open.side === 'LONG' ? 'SELL' : 'BUY';
    let closing = recent.filter(
      (e) =>
        e.symbol === open.symbol && e.side === exitSide && e.closedQty > 0 && e.timeMs >= open.openedAtMs,
    );
    if (closing.length === 0) {
      const history = await this.exchange.getExecutions(open.symbol, open.openedAtMs);
      closing = history.filter((e) => e.side === exitSide && e.closedQty > 0 && e.timeMs >= open.openedAtMs);
    }
    const closedQty = closing.reduce((s, e) => s + e.closedQty, 0);
    const ticker = closing.length === 0 ? await this.exchange.getTicker(open.symbol) : null;
    const exitPrice =
      closedQty > 0
        ? closing.reduce((s, e) => s + e.price * e.closedQty, 0) / closedQty
        : (ticker?.markPrice ?? 0);
    const sign = open.side === 'LONG' ? 1 : -1;
    const feesUsdt = feesBetween(this.journal.db, open.symbol, open.openedAtMs, nowMs);
    const last = closing.at(-1);
    const reason = last ? await this.exitReasonOf(last) : 'RECONCILIATION';
    this.journal.recordPositionClose({
      positionId: open.positionId,
      closedAtMs: last?.timeMs ?? nowMs,
      exitPrice,
      qty: open.qty,
      exitReason: reason,
      grossPnlUsdt: (exitPrice - open.entryPrice) * open.qty * sign,
      feesUsdt,
      exitClientOrderId: last?.clientOrderId || null,
      detail: closing.length === 0 ? { note: 'no closing fill found; exit priced at the mark' } : null,
    });
    this.logger.info(
      { symbol: open.symbol, reason, exitPrice },
      `${open.symbol} ${open.side} closed by ${reason} at ${exitPrice}`,
    );
  }

  private async exitReasonOf(execution: Execution): Promise<ExitReason> {
    if (execution.kind === 'LIQUIDATION') return 'LIQUIDATION';
    const id = execution.clientOrderId ?? '';
    if (/^W[0-9a-z]+-[A-Z0-9]+-X\d*$/.test(id)) return 'DECISION_CLOSE';
    if (/^W[0-9a-z]+-[A-Z0-9]+-P\d*$/.test(id)) return 'KILL_SWITCH';
    const order = await this.exchange.getOrder({ symbol: execution.symbol, orderId: execution.orderId });
    switch (order?.stopKind) {
      case 'STOP_LOSS':
      case 'TRAILING_STOP':
        return 'STOP_LOSS';
      case 'TAKE_PROFIT':
        return 'TAKE_PROFIT';
      default:
        return 'MANUAL';
    }
  }
}
