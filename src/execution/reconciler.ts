import { formatPrice, formatSignedUsdt } from '../domain/format.ts';
import type {
  ExitReason,
  JournalOpenPosition,
  JournalOrder,
  OrderState,
  PositionSide,
} from '../domain/index.ts';
import type { Logger } from '../domain/logger.ts';
import { OrderNotFoundError } from '../exchange/errors.ts';
import type { ExchangeOrder, ExchangePort, ExchangePosition, Execution } from '../exchange/port.ts';
import type { Executor } from './executor.ts';
import type { ReconcilerJournal } from './journal-port.ts';
import { journaledClose, journalOrderStep } from './journaled-orders.ts';

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
      // A partial fill then a cancel stays CANCELLED; the filled quantity is journaled with it.
      return 'CANCELLED';
    case 'REJECTED':
      return 'REJECTED';
  }
}

export interface LedgerOptions {
  /** UNKNOWN_POSITION_POLICY: adopt (and protect) or close a position the journal does not know. */
  unknownPositionPolicy?: 'adopt' | 'close';
  /** Needed to close unknown positions under the `close` policy. */
  executor?: Executor;
  /** Tick size per symbol, so logged prices show the instrument's precision. */
  tickSizes?: ReadonlyMap<string, number>;
}

/**
 * The reconciler. Keeps the journal in step with the exchange: order states (through the
 * lifecycle's legal steps), fills, funding, positions that opened or closed on the venue (fills,
 * stops, take-profits, liquidations, hands on the account), and leftover conditional orders of
 * closed positions, which it cancels. The exchange is the truth; every difference becomes a
 * journal row with its reason. Runs at start, every cycle, after a stream reconnect and when the
 * position manager sees the venue's positions change.
 */
export class Reconciler {
  private fillsSyncedToMs: number | null = null;
  private readonly policy: 'adopt' | 'close';

  constructor(
    private readonly exchange: ExchangePort,
    private readonly journal: ReconcilerJournal,
    private readonly symbols: readonly string[],
    private readonly logger: Logger,
    private readonly options: LedgerOptions = {},
  ) {
    this.policy = options.unknownPositionPolicy ?? 'adopt';
  }

  async sync(nowMs: number): Promise<void> {
    await this.syncOrders(nowMs);
    const fills = await this.syncFills(nowMs);
    await this.syncPositions(nowMs, fills);
    await this.cancelOrphanStops(nowMs);
  }

  /** A full reconciliation with a reason (start, reconnect), journaled as an event. */
  async reconcile(nowMs: number, trigger: string): Promise<void> {
    await this.sync(nowMs);
    this.journal.recordEvent({
      atMs: nowMs,
      kind: 'reconcile.done',
      severity: 'info',
      message: `reconciled the journal with the exchange (${trigger})`,
      detail: { trigger, openPositions: this.journal.openPositions().length },
    });
  }

  /** Conditional orders (stops, take-profits) left on a symbol that has no position are cancelled. */
  private async cancelOrphanStops(nowMs: number): Promise<void> {
    const orders = await this.exchange.getOpenOrders();
    // Only exits (reduce-only stops, take-profits, trailing stops): a conditional entry is the operator's.
    const conditional = orders.filter(
      (o) =>
        o.reduceOnly &&
        (o.stopKind === 'STOP_LOSS' || o.stopKind === 'TAKE_PROFIT' || o.stopKind === 'TRAILING_STOP') &&
        o.status === 'UNTRIGGERED',
    );
    if (conditional.length === 0) return;
    const positions = await this.exchange.getPositions();
    for (const order of conditional) {
      if (positions.some((p) => p.symbol === order.symbol && p.qty > 0)) continue;
      try {
        await this.exchange.cancelOrder({ symbol: order.symbol, orderId: order.orderId });
      } catch (error) {
        if (!(error instanceof OrderNotFoundError)) throw error;
      }
      this.journal.recordEvent({
        atMs: nowMs,
        kind: 'reconcile.orphan-cancelled',
        severity: 'warn',
        symbol: order.symbol,
        message: `${order.symbol}: cancelled a leftover ${order.stopKind} order ${order.orderId} (trigger ${order.triggerPrice}) of a closed position`,
        detail: { orderId: order.orderId, clientOrderId: order.clientOrderId, stopKind: order.stopKind },
      });
    }
  }

  private async syncOrders(nowMs: number): Promise<void> {
    for (const order of this.journal.openOrdersByClientId().values()) {
      const venue = await this.exchange.getOrder({
        symbol: order.symbol,
        clientOrderId: order.clientOrderId,
      });
      if (venue === null) {
        if (nowMs - order.createdAtMs > UNKNOWN_ORDER_GRACE_MS) {
          journalOrderStep(this.journal, {
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
      journalOrderStep(this.journal, {
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
      if (position.qty <= 0) continue;
      const known = stillOpen.find((p) => p.symbol === position.symbol);
      if (known) {
        if (Math.abs(known.qty - position.qty) > 1e-12) this.qtyDiffers(known, position, nowMs);
        continue;
      }
      const positionId = this.recordOpen(position, nowMs);
      if (positionId !== null) await this.closeUnknown(position, positionId, nowMs);
    }
    await this.recordRoundTrips(nowMs, fills);
  }

  /**
   * An entry that filled and was closed again between two syncs (filled and stopped inside one
   * candle, say) never shows as a venue position: its opening fills are found here, and the
   * position is journaled opened and closed, so no trade is missing from the journal.
   */
  private async recordRoundTrips(nowMs: number, fills: Execution[]): Promise<void> {
    const opening = new Map<string, Execution[]>();
    for (const fill of fills) {
      if (fill.kind !== 'TRADE' || fill.closedQty > 0 || !fill.clientOrderId) continue;
      opening.set(fill.clientOrderId, [...(opening.get(fill.clientOrderId) ?? []), fill]);
    }
    for (const [clientOrderId, entryFills] of opening) {
      const order = this.journal.findOrder(clientOrderId);
      if (order?.role !== 'ENTRY' || this.journal.positionExists(clientOrderId)) continue;
      const qty = entryFills.reduce((sum, f) => sum + f.qty, 0);
      const first = entryFills[0] as Execution;
      const side: PositionSide = order.side === 'BUY' ? 'LONG' : 'SHORT';
      this.journal.recordPositionOpen({
        positionId: clientOrderId,
        openedAtMs: first.timeMs,
        symbol: order.symbol,
        side,
        qty,
        entryPrice: entryFills.reduce((sum, f) => sum + f.price * f.qty, 0) / qty,
        stopLoss: order.stopLoss,
        takeProfit: order.takeProfit,
        leverage: null,
        entryClientOrderId: clientOrderId,
        decisionId: order.decisionId,
        detail: { note: 'opened and closed between two reconciliations' },
      });
      const open = this.journal.openPositions().find((p) => p.positionId === clientOrderId);
      if (open) await this.recordClose(open, nowMs, fills);
    }
  }

  private qtyDiffers(known: JournalOpenPosition, position: ExchangePosition, nowMs: number): void {
    const last = this.reportedQty.get(known.positionId);
    if (last === position.qty) return;
    this.reportedQty.set(known.positionId, position.qty);
    this.journal.recordEvent({
      atMs: nowMs,
      kind: 'reconcile.qty-differs',
      severity: 'info',
      symbol: position.symbol,
      message: `${position.symbol}: the exchange holds ${position.qty}, the journal opened ${known.qty} (partial fill or partial close)`,
      detail: { positionId: known.positionId, journalQty: known.qty, exchangeQty: position.qty },
    });
  }

  private readonly reportedQty = new Map<string, number>();

  /** UNKNOWN_POSITION_POLICY=close: an adopted position is closed at once, reduce-only. */
  private async closeUnknown(position: ExchangePosition, positionId: string, nowMs: number): Promise<void> {
    if (this.policy !== 'close') return;
    if (!this.options.executor) throw new Error('the close policy for unknown positions needs an executor');
    const report = await journaledClose(this.options.executor, this.journal, {
      symbol: position.symbol,
      side: position.side,
      qty: position.qty,
      keyMs: nowMs,
      purpose: 'protect-close',
      reason: 'UNKNOWN_POSITION_POLICY=close: a position the journal did not know',
      positionId,
    });
    this.journal.recordEvent({
      atMs: nowMs,
      kind: 'reconcile.unknown-closed',
      severity: 'warn',
      symbol: position.symbol,
      message: `${position.symbol}: closing a ${position.side} ${position.qty} the journal did not know (${report.status})`,
      detail: { positionId, clientOrderId: report.clientOrderId },
    });
  }

  /** Returns the id of an adopted position (null when it came from a Warden entry). */
  private recordOpen(position: ExchangePosition, nowMs: number): string | null {
    const entry = this.entryOrderFor(position.symbol, position.side);
    const positionId = entry?.clientOrderId ?? `adopted-${position.symbol}-${nowMs}`;
    this.journal.recordPositionOpen({
      positionId,
      openedAtMs: position.updatedAtMs || nowMs,
      symbol: position.symbol,
      side: position.side,
      qty: position.qty,
      entryPrice: position.entryPrice,
      // The stop Warden planned when the venue shows none (the protection restores it).
      stopLoss: position.stopLoss ?? entry?.stopLoss ?? null,
      takeProfit: position.takeProfit ?? entry?.takeProfit ?? null,
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
      return positionId;
    }
    return null;
  }

  private entryOrderFor(symbol: string, side: PositionSide): JournalOrder | null {
    const wanted = side === 'LONG' ? 'BUY' : 'SELL';
    const candidates = this.journal
      .recentOrders(symbol, 20)
      .filter((o) => o.role === 'ENTRY' && o.side === wanted && o.filledQty > 0);
    const used = new Set(this.journal.openPositions().map((p) => p.entryClientOrderId));
    return (
      candidates.find((o) => !used.has(o.clientOrderId) && !this.journal.positionExists(o.clientOrderId)) ??
      null
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
    const feesUsdt = this.journal.feesBetween(open.symbol, open.openedAtMs, nowMs);
    const last = closing.at(-1);
    const reason = last ? await this.exitReasonOf(last) : 'RECONCILIATION';
    const grossPnlUsdt = (exitPrice - open.entryPrice) * open.qty * sign;
    this.journal.recordPositionClose({
      positionId: open.positionId,
      closedAtMs: last?.timeMs ?? nowMs,
      exitPrice,
      qty: open.qty,
      exitReason: reason,
      grossPnlUsdt,
      feesUsdt,
      exitClientOrderId: last?.clientOrderId || null,
      detail: closing.length === 0 ? { note: 'no closing fill found; exit priced at the mark' } : null,
    });
    const fundingUsdt = this.journal.fundingOfPosition(open.positionId);
    const netPnlUsdt = grossPnlUsdt - feesUsdt + fundingUsdt;
    this.logger.info(
      { symbol: open.symbol, exitReason: reason, exitPrice, pnlUsdt: netPnlUsdt },
      `${open.symbol} ${open.side} closed by ${reason} at ${formatPrice(exitPrice, this.options.tickSizes?.get(open.symbol))}: ` +
        `PnL ${formatSignedUsdt(netPnlUsdt)} USDT net (gross ${formatSignedUsdt(grossPnlUsdt)}, fees ${formatSignedUsdt(-feesUsdt)}, funding ${formatSignedUsdt(fundingUsdt)})`,
    );
  }

  private async exitReasonOf(execution: Execution): Promise<ExitReason> {
    if (execution.kind === 'LIQUIDATION') return 'LIQUIDATION';
    const id = execution.clientOrderId ?? '';
    if (/^W[0-9a-z]+-[A-Z0-9]+-X\d*$/.test(id)) return 'DECISION_CLOSE';
    if (/^W[0-9a-z]+-[A-Z0-9]+-P\d*$/.test(id)) return 'KILL_SWITCH';
    if (/^W[0-9a-z]+-[A-Z0-9]+-T\d*$/.test(id)) return 'TIME_EXIT';
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
