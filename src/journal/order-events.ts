import type { Statement } from 'better-sqlite3';
import {
  ENTRY_TYPES,
  ORDER_ROLES,
  ORDER_SIDES,
  ORDER_STATES,
  type OrderEventRecord,
  type OrderState,
} from '../domain/index.ts';
import { JournalWriteError } from './errors.ts';
import { optionalRowId } from './record-rows.ts';
import {
  oneOf,
  optionalNum,
  optionalOneOf,
  optionalStrictJson,
  optionalText,
  text,
  timeMs,
} from './validate.ts';

/** The current-state row of an order, as stored in `orders`. */
export interface OrderStateRow {
  client_order_id: string;
  exchange_order_id: string | null;
  symbol: string;
  side: string;
  type: string;
  role: string;
  qty: number;
  price: number | null;
  stop_loss: number | null;
  take_profit: number | null;
  reduce_only: number;
  state: OrderState;
  filled_qty: number;
  avg_fill_price: number | null;
  decision_id: number | null;
  cycle_id: string | null;
  position_id: string | null;
  reason: string | null;
  created_at_ms: number;
  updated_at_ms: number;
  submitted_at_ms: number | null;
  ever_filled: number;
  last_event_id: number;
  decider: string;
  shadow: number;
}

const INSERT_EVENT = `INSERT INTO order_events (at_ms, client_order_id, state, exchange_order_id, symbol, side, type,
  role, qty, price, stop_loss, take_profit, reduce_only, filled_qty, avg_fill_price, decision_id, cycle_id,
  position_id, reason, detail_json, decider, shadow)
  VALUES (@atMs, @clientOrderId, @state, @exchangeOrderId, @symbol, @side, @type, @role, @qty, @price, @stopLoss,
  @takeProfit, @reduceOnly, @filledQty, @avgFillPrice, @decisionId, @cycleId, @positionId, @reason, @detail,
  @decider, @shadow)`;

const UPSERT_ORDER = `INSERT OR REPLACE INTO orders (client_order_id, exchange_order_id, symbol, side, type, role, qty,
  price, stop_loss, take_profit, reduce_only, state, filled_qty, avg_fill_price, decision_id, cycle_id, position_id,
  reason, created_at_ms, updated_at_ms, submitted_at_ms, ever_filled, last_event_id, decider, shadow)
  VALUES (@client_order_id, @exchange_order_id, @symbol, @side, @type, @role, @qty, @price, @stop_loss, @take_profit,
  @reduce_only, @state, @filled_qty, @avg_fill_price, @decision_id, @cycle_id, @position_id, @reason, @created_at_ms,
  @updated_at_ms, @submitted_at_ms, @ever_filled, @last_event_id, @decider, @shadow)`;

/** The account columns of a row (migration 007): its decider id and 1 for a shadow's. */
export interface DeciderStamp {
  decider: string;
  shadow: 0 | 1;
}

/**
 * Appends the event and folds it into the order's current state. Runs inside the caller's
 * transaction so the event and the state never disagree. `prepare` returns cached statements.
 * Client order ids are unique across accounts (a shadow's carry its own prefix): an id already
 * journaled for another account is refused.
 */
export function applyOrderEvent(
  prepare: (sql: string) => Statement,
  r: OrderEventRecord,
  stamp: DeciderStamp,
): void {
  const what = `order event ${String(r?.clientOrderId)}`;
  if (r === null || typeof r !== 'object') throw new JournalWriteError(`${what}: record is missing`);
  const reduceOnly = r.reduceOnly == null ? null : r.reduceOnly ? 1 : 0;
  const event = {
    atMs: timeMs(what, 'atMs', r.atMs),
    clientOrderId: text(what, 'clientOrderId', r.clientOrderId),
    state: oneOf(what, 'state', r.state, ORDER_STATES),
    exchangeOrderId: optionalText(what, 'exchangeOrderId', r.exchangeOrderId),
    symbol: optionalText(what, 'symbol', r.symbol),
    side: optionalOneOf(what, 'side', r.side, ORDER_SIDES),
    type: optionalOneOf(what, 'type', r.type, ENTRY_TYPES),
    role: optionalOneOf(what, 'role', r.role, ORDER_ROLES),
    qty: optionalNum(what, 'qty', r.qty),
    price: optionalNum(what, 'price', r.price),
    stopLoss: optionalNum(what, 'stopLoss', r.stopLoss),
    takeProfit: optionalNum(what, 'takeProfit', r.takeProfit),
    reduceOnly,
    filledQty: optionalNum(what, 'filledQty', r.filledQty),
    avgFillPrice: optionalNum(what, 'avgFillPrice', r.avgFillPrice),
    decisionId: optionalRowId(what, 'decisionId', r.decisionId),
    cycleId: optionalText(what, 'cycleId', r.cycleId),
    positionId: optionalText(what, 'positionId', r.positionId),
    reason: optionalText(what, 'reason', r.reason),
    detail: optionalStrictJson(what, 'detail', r.detail),
  };
  const current = prepare('SELECT * FROM orders WHERE client_order_id = ?').get(event.clientOrderId) as
    | OrderStateRow
    | undefined;
  if (!current) {
    const missing = (['symbol', 'side', 'type', 'role', 'qty'] as const).filter((f) => event[f] === null);
    if (missing.length > 0) {
      throw new JournalWriteError(
        `${what}: the first event of an order must say what it is; missing ${missing.join(', ')}`,
      );
    }
  } else if (current.decider !== stamp.decider || current.shadow !== stamp.shadow) {
    throw new JournalWriteError(
      `${what}: the order belongs to decider ${current.decider}, not ${stamp.decider}`,
    );
  } else if (event.symbol !== null && event.symbol !== current.symbol) {
    throw new JournalWriteError(`${what}: symbol ${event.symbol} differs from the order's ${current.symbol}`);
  }
  const eventId = Number(prepare(INSERT_EVENT).run({ ...event, ...stamp }).lastInsertRowid);
  const filledQty = event.filledQty ?? current?.filled_qty ?? 0;
  const next: OrderStateRow = {
    client_order_id: event.clientOrderId,
    exchange_order_id: event.exchangeOrderId ?? current?.exchange_order_id ?? null,
    symbol: event.symbol ?? current?.symbol ?? '',
    side: event.side ?? current?.side ?? '',
    type: event.type ?? current?.type ?? '',
    role: event.role ?? current?.role ?? '',
    qty: event.qty ?? current?.qty ?? 0,
    price: event.price ?? current?.price ?? null,
    stop_loss: event.stopLoss ?? current?.stop_loss ?? null,
    take_profit: event.takeProfit ?? current?.take_profit ?? null,
    reduce_only: event.reduceOnly ?? current?.reduce_only ?? 0,
    state: event.state,
    filled_qty: filledQty,
    avg_fill_price: event.avgFillPrice ?? current?.avg_fill_price ?? null,
    decision_id: event.decisionId ?? current?.decision_id ?? null,
    cycle_id: event.cycleId ?? current?.cycle_id ?? null,
    position_id: event.positionId ?? current?.position_id ?? null,
    reason: event.reason ?? (event.state === current?.state ? current.reason : null),
    created_at_ms: current?.created_at_ms ?? event.atMs,
    updated_at_ms: event.atMs,
    submitted_at_ms: current?.submitted_at_ms ?? (event.state === 'INTENT' ? null : event.atMs),
    ever_filled:
      current?.ever_filled === 1 ||
      event.state === 'FILLED' ||
      event.state === 'PARTIALLY_FILLED' ||
      filledQty > 0
        ? 1
        : 0,
    last_event_id: eventId,
    ...stamp,
  };
  prepare(UPSERT_ORDER).run(next);
}
