import type {
  Action,
  CycleOutcome,
  JournalOpenPosition,
  JournalOrder,
  PositionManagerStateRecord,
  PositionSide,
  TradingState,
  TradingStateChange,
} from '../domain/index.ts';
import type { SqliteDatabase } from './connection.ts';
import { JournalWriteError } from './errors.ts';
import type { OrderStateRow } from './order-events.ts';

export interface JournalCycle {
  cycleId: string;
  startedAtMs: number;
  mode: string;
  promptVersions: string[];
  symbols: string[];
  candleOpenMs: number | null;
  /** null while the cycle has no end row (still running, or the process died in it). */
  finishedAtMs: number | null;
  outcome: CycleOutcome | null;
}

export interface JournalCycleDecision {
  decisionId: number;
  symbol: string;
  promptVersion: string;
  action: Action;
  orderIds: string[];
}

const NON_TERMINAL = "('INTENT', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED', 'OUTCOME_UNKNOWN')";

const handles = new WeakMap<JournalLookups, SqliteDatabase>();
const scopes = new WeakMap<JournalLookups, DeciderScope>();

/**
 * Whose rows a journal handle writes and reads back (docs/arena.md "Decider ids"): the lead's,
 * whose orders reach the venue, or one shadow's virtual sub-account.
 */
export interface DeciderScope {
  decider: string;
  shadow: boolean;
}

/** Rows journaled before migration 007, and a journal whose lead was never named, carry this id. */
export const LEAD_SCOPE: DeciderScope = Object.freeze({ decider: 'lead', shadow: false });

const DECIDER_ID = /^[A-Za-z0-9][A-Za-z0-9:._/@+-]{0,159}$/;

export function checkDeciderId(id: string): string {
  if (typeof id !== 'string' || !DECIDER_ID.test(id)) {
    throw new JournalWriteError(
      `decider id ${JSON.stringify(id)} must be 1-160 of letters, digits and : . _ / @ + -`,
    );
  }
  return id;
}

/**
 * The SQL condition selecting one account's rows (`alias` the table alias, if any). The lead's
 * rows are every non-shadow row, whichever id led: the venue's account is one account.
 */
export function scopeCondition(scope: DeciderScope, alias?: string): string {
  const a = alias ? `${alias}.` : '';
  if (!scope.shadow) return `${a}shadow = 0`;
  return `${a}shadow = 1 AND ${a}decider = '${checkDeciderId(scope.decider)}'`;
}

/** The condition for the rows of the venue's account, which every existing report reads. */
export const leadRows = (alias?: string): string => scopeCondition(LEAD_SCOPE, alias);

/** The scope a journal handle reads and writes. */
export function scopeOf(journal: JournalLookups): DeciderScope {
  return scopes.get(journal) ?? LEAD_SCOPE;
}

/**
 * The SQLite handle behind a journal, for the journal's own query modules (and white-box tests).
 * Not exported from the journal's index: everything else reads through the journal's methods.
 */
export function databaseOf(journal: JournalLookups): SqliteDatabase {
  const db = handles.get(journal);
  if (!db) throw new Error('not a journal opened by openJournal');
  return db;
}

/** What the engine reads back on restart, and the replay decider's source of recorded answers. */
export type { JournalOpenPosition, JournalOrder };

export class JournalLookups {
  protected readonly db: SqliteDatabase;

  constructor(db: SqliteDatabase, scope: DeciderScope = LEAD_SCOPE) {
    this.db = db;
    handles.set(this, db);
    scopes.set(this, scope);
  }

  /** The SQL condition of this handle's rows. */
  protected mine(alias?: string): string {
    return scopeCondition(scopeOf(this), alias);
  }

  /** Orders that can still fill (or whose outcome must be looked up), keyed by client order id. */
  openOrdersByClientId(): Map<string, JournalOrder> {
    const list = this.db
      .prepare(`SELECT * FROM orders WHERE state IN ${NON_TERMINAL} AND ${this.mine()}
         ORDER BY created_at_ms, client_order_id`)
      .all() as OrderStateRow[];
    return new Map(list.map((row) => [row.client_order_id, toJournalOrder(row)]));
  }

  findOrder(clientOrderId: string): JournalOrder | null {
    const row = this.db
      .prepare(`SELECT * FROM orders WHERE client_order_id = ? AND ${this.mine()}`)
      .get(clientOrderId) as OrderStateRow | undefined;
    return row ? toJournalOrder(row) : null;
  }

  lastCycle(): JournalCycle | null {
    const row = this.db
      .prepare(
        `SELECT c.id, c.started_at_ms, c.mode, c.prompt_versions_json, c.symbols_json, c.candle_open_ms,
           e.finished_at_ms, e.outcome
         FROM cycles c LEFT JOIN cycle_ends e ON e.cycle_id = c.id ORDER BY c.seq DESC LIMIT 1`,
      )
      .get() as CycleRow | undefined;
    return row ? toJournalCycle(row) : null;
  }

  /** What the model calls made at or after `fromMs` cost, USD (the daily AI budget's spend). */
  aiCostSinceUsd(fromMs: number): number {
    return this.db
      .prepare(`SELECT COALESCE(SUM(cost_usd), 0) FROM model_calls WHERE at_ms >= ? AND ${this.mine()}`)
      .pluck()
      .get(fromMs) as number;
  }

  lastCycleId(): string | null {
    return this.lastCycle()?.cycleId ?? null;
  }

  /** Decisions already journaled in a cycle: on a restart inside a cycle, the symbols not to decide again. */
  decisionsInCycle(cycleId: string): JournalCycleDecision[] {
    const list = this.db
      .prepare(
        `SELECT id, symbol, prompt_version, final_action, order_ids_json FROM decisions
         WHERE cycle_id = ? AND ${this.mine()} ORDER BY id`,
      )
      .all(cycleId) as {
      id: number;
      symbol: string;
      prompt_version: string;
      final_action: Action;
      order_ids_json: string;
    }[];
    return list.map((row) => ({
      decisionId: row.id,
      symbol: row.symbol,
      promptVersion: row.prompt_version,
      action: row.final_action,
      orderIds: JSON.parse(row.order_ids_json) as string[],
    }));
  }

  /** The state the last journaled change moved to; null when none was ever journaled. */
  lastTradingState(): (TradingStateChange & { source: string }) | null {
    const row = this.db
      .prepare(
        `SELECT at_ms, from_state, to_state, reason, source FROM trading_state_changes WHERE ${this.mine()}
         ORDER BY id DESC LIMIT 1`,
      )
      .get() as
      | { at_ms: number; from_state: TradingState; to_state: TradingState; reason: string; source: string }
      | undefined;
    if (!row) return null;
    // Same row-to-object shape as paper/state.ts toExchangePosition on purpose: one mapping per source.
    return {
      atMs: row.at_ms,
      from: row.from_state,
      to: row.to_state,
      reason: row.reason,
      source: row.source,
    };
  }

  // Same row-to-view mapping shape as lastTradingStateChange on purpose: one mapping per table.
  /** Positions journaled as open and never as closed. */
  openPositions(): JournalOpenPosition[] {
    const list = this.db
      .prepare(
        `SELECT o.*, (SELECT s.new_stop FROM stop_moves s WHERE s.position_id = o.position_id
           ORDER BY s.id DESC LIMIT 1) AS last_stop
         FROM position_opens o LEFT JOIN position_closes c ON c.position_id = o.position_id
         WHERE c.id IS NULL AND ${this.mine('o')} ORDER BY o.opened_at_ms, o.id`,
      )
      .all() as PositionOpenRow[];
    return list.map((row) => ({
      positionId: row.position_id,
      symbol: row.symbol,
      side: row.side,
      qty: row.qty,
      entryPrice: row.entry_price,
      openedAtMs: row.opened_at_ms,
      stopLoss: row.last_stop ?? row.stop_loss,
      takeProfit: row.take_profit,
      leverage: row.leverage,
      entryClientOrderId: row.entry_client_order_id,
      decisionId: row.decision_id,
    }));
  }

  loadPositionManagerStates(): PositionManagerStateRecord[] {
    const list = this.db
      .prepare(
        `SELECT position_id, symbol, updated_at_ms, state_json FROM position_manager_state WHERE ${this.mine()}
         ORDER BY position_id`,
      )
      .all() as { position_id: string; symbol: string; updated_at_ms: number; state_json: string }[];
    return list.map((row) => ({
      positionId: row.position_id,
      symbol: row.symbol,
      updatedAtMs: row.updated_at_ms,
      state: JSON.parse(row.state_json) as Record<string, unknown>,
    }));
  }

  /** Whether a position with this id was journaled as open (closed or not). */
  positionExists(positionId: string): boolean {
    return (
      this.db
        .prepare(`SELECT 1 FROM position_opens WHERE position_id = ? AND ${this.mine()}`)
        .get(positionId) !== undefined
    );
  }

  /** The symbol's newest orders, newest first. */
  recentOrders(symbol: string, limit: number): JournalOrder[] {
    const rows = this.db
      .prepare(`SELECT * FROM orders WHERE symbol = ? AND ${this.mine()} ORDER BY created_at_ms DESC LIMIT ?`)
      .all(symbol, limit) as OrderStateRow[];
    return rows.map(toJournalOrder);
  }

  /** Fees of every fill on the symbol in [fromMs, toMs]: the entry and exit fees of one position. */
  feesBetween(symbol: string, fromMs: number, toMs: number): number {
    return this.db
      .prepare(
        `SELECT COALESCE(SUM(fee_usdt), 0) FROM fills WHERE symbol = ? AND at_ms >= ? AND at_ms <= ? AND ${this.mine()}`,
      )
      .pluck()
      .get(symbol, fromMs, toMs) as number;
  }

  /** Funding booked on one position (credits positive, payments negative). */
  fundingOfPosition(positionId: string): number {
    return this.db
      .prepare(
        `SELECT COALESCE(SUM(amount_usdt), 0) FROM funding_payments WHERE position_id = ? AND ${this.mine()}`,
      )
      .pluck()
      .get(positionId) as number;
  }

  /** The stored text for a hash from storeBlob, or null. */
  findBlob(hash: string): string | null {
    const text = this.db.prepare('SELECT text FROM blobs WHERE hash = ?').pluck().get(hash) as
      | string
      | undefined;
    return text ?? null;
  }

  /**
   * The raw model response recorded for a cycle and prompt version (one call may cover several
   * symbols: their decisions share it). null when nothing was recorded.
   */
  findRawResponse(cycleId: string, promptVersion: string): string | null {
    const text = this.db
      .prepare(
        `SELECT b.text FROM decisions d JOIN blobs b ON b.hash = d.response_hash
         WHERE d.cycle_id = ? AND d.prompt_version = ? AND ${this.mine('d')} ORDER BY d.id LIMIT 1`,
      )
      .pluck()
      .get(cycleId, promptVersion) as string | undefined;
    return text ?? null;
  }
}

interface CycleRow {
  id: string;
  started_at_ms: number;
  mode: string;
  prompt_versions_json: string;
  symbols_json: string;
  candle_open_ms: number | null;
  finished_at_ms: number | null;
  outcome: CycleOutcome | null;
}

interface PositionOpenRow {
  position_id: string;
  symbol: string;
  side: PositionSide;
  qty: number;
  entry_price: number;
  opened_at_ms: number;
  stop_loss: number | null;
  take_profit: number | null;
  leverage: number | null;
  entry_client_order_id: string | null;
  decision_id: number | null;
  last_stop: number | null;
}

function toJournalCycle(row: CycleRow): JournalCycle {
  return {
    cycleId: row.id,
    startedAtMs: row.started_at_ms,
    mode: row.mode,
    promptVersions: JSON.parse(row.prompt_versions_json) as string[],
    symbols: JSON.parse(row.symbols_json) as string[],
    candleOpenMs: row.candle_open_ms,
    finishedAtMs: row.finished_at_ms,
    outcome: row.outcome,
  };
}

export function toJournalOrder(row: OrderStateRow): JournalOrder {
  return {
    clientOrderId: row.client_order_id,
    exchangeOrderId: row.exchange_order_id,
    symbol: row.symbol,
    side: row.side as JournalOrder['side'],
    type: row.type as JournalOrder['type'],
    role: row.role as JournalOrder['role'],
    qty: row.qty,
    price: row.price,
    stopLoss: row.stop_loss,
    takeProfit: row.take_profit,
    reduceOnly: row.reduce_only === 1,
    state: row.state,
    filledQty: row.filled_qty,
    avgFillPrice: row.avg_fill_price,
    decisionId: row.decision_id,
    cycleId: row.cycle_id,
    positionId: row.position_id,
    reason: row.reason,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
    submittedAtMs: row.submitted_at_ms,
  };
}
