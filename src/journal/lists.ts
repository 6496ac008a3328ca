import {
  type Action,
  type BlockReason,
  EVENT_SEVERITIES,
  type EventSeverity,
  type ExitReason,
  type OrderState,
  type PositionSide,
  type StopMoveRecord,
} from '../domain/index.ts';
import { positionFundingSql } from './closed-trades.ts';
import type { SqliteDatabase } from './connection.ts';
// Same decision-view imports as export.ts on purpose: the list and the export read the same view.
import {
  type DecisionRow,
  type DecisionView,
  rangeParams,
  type TimeRange,
  toDecisionView,
} from './decision-view.ts';
import {
  type DeciderScope,
  type JournalOrder,
  LEAD_SCOPE,
  scopeCondition,
  toJournalOrder,
} from './lookups.ts';
import { ModelCallReader } from './model-calls.ts';
import type { OrderStateRow } from './order-events.ts';

/**
 * The dashboard's lists: newest first, paginated with limit/offset, filters optional. Each reads
 * one account's rows (`scope`): the lead's, the venue's account, unless a shadow's is asked for.
 */

export interface Page {
  limit?: number;
  offset?: number;
}

export interface PageOf<T> {
  total: number;
  items: T[];
}

export const MAX_PAGE_SIZE = 500;

export interface DecisionFilter extends TimeRange, Page {
  symbol?: string;
  /** Final action. */
  action?: Action;
  blockedBy?: BlockReason;
  promptVersion?: string;
}

export function listDecisions(
  db: SqliteDatabase,
  filter: DecisionFilter = {},
  scope: DeciderScope = LEAD_SCOPE,
): PageOf<DecisionView> {
  // Only the filters given become conditions, so SQLite can pick the index that fits them.
  const conditions = [
    scopeCondition(scope, 'd'),
    filter.fromMs != null ? 'd.at_ms >= @fromMs' : null,
    filter.toMs != null ? 'd.at_ms < @toMs' : null,
    filter.symbol !== undefined ? 'd.symbol = @symbol' : null,
    filter.action !== undefined ? 'd.final_action = @action' : null,
    filter.promptVersion !== undefined ? 'd.prompt_version = @promptVersion' : null,
    filter.blockedBy !== undefined
      ? "d.blocked_by_json <> '[]' AND EXISTS (SELECT 1 FROM json_each(d.blocked_by_json) j WHERE j.value = @blockedBy)"
      : null,
  ].filter((c) => c !== null);
  const where = conditions.join(' AND ');
  // Same null-for-absent shape as decision/output.ts on purpose: SQLite parameters, each filter by name.
  const params = {
    fromMs: filter.fromMs ?? null,
    toMs: filter.toMs ?? null,
    symbol: filter.symbol ?? null,
    action: filter.action ?? null,
    promptVersion: filter.promptVersion ?? null,
    blockedBy: filter.blockedBy ?? null,
  };
  const total = db.prepare(`SELECT COUNT(*) FROM decisions d WHERE ${where}`).pluck().get(params) as number;
  const rows = db
    .prepare(`SELECT d.* FROM decisions d WHERE ${where} ORDER BY d.id DESC LIMIT @limit OFFSET @offset`)
    .all({ ...params, ...page(filter) }) as DecisionRow[];
  const calls = new ModelCallReader(db);
  return { total, items: rows.map((row) => toDecisionView(row, calls.forDecision(row))) };
}

export interface DecisionDetail extends DecisionView {
  /** The exact prompt and raw response (null when none was recorded). */
  promptText: string | null;
  rawResponse: string | null;
  /** The orders this decision made, in their current state. */
  orders: JournalOrder[];
}

export function decisionDetail(
  db: SqliteDatabase,
  id: number,
  scope: DeciderScope = LEAD_SCOPE,
): DecisionDetail | null {
  const row = db.prepare(`SELECT * FROM decisions WHERE id = ? AND ${scopeCondition(scope)}`).get(id) as
    | DecisionRow
    | undefined;
  if (!row) return null;
  const blob = db.prepare('SELECT text FROM blobs WHERE hash = ?').pluck();
  const orders = db
    .prepare('SELECT * FROM orders WHERE decision_id = ? ORDER BY created_at_ms, client_order_id')
    .all(id) as OrderStateRow[];
  return {
    ...toDecisionView(row, new ModelCallReader(db).forDecision(row)),
    promptText: row.prompt_hash ? ((blob.get(row.prompt_hash) as string | undefined) ?? null) : null,
    rawResponse: row.response_hash ? ((blob.get(row.response_hash) as string | undefined) ?? null) : null,
    orders: orders.map(toJournalOrder),
  };
}

export interface OrderFilter extends TimeRange, Page {
  symbol?: string;
  state?: OrderState;
  /** Only orders that can still fill or whose outcome is unknown. */
  openOnly?: boolean;
}

export function listOrders(
  db: SqliteDatabase,
  filter: OrderFilter = {},
  scope: DeciderScope = LEAD_SCOPE,
): PageOf<JournalOrder> {
  const where = [
    scopeCondition(scope),
    'created_at_ms >= @fromMs AND created_at_ms < @toMs',
    '(@symbol IS NULL OR symbol = @symbol)',
    '(@state IS NULL OR state = @state)',
    "(@openOnly = 0 OR state IN ('INTENT', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED', 'OUTCOME_UNKNOWN'))",
  ].join(' AND ');
  const params = {
    ...rangeParams(filter),
    symbol: filter.symbol ?? null,
    state: filter.state ?? null,
    openOnly: filter.openOnly ? 1 : 0,
  };
  const total = db.prepare(`SELECT COUNT(*) FROM orders WHERE ${where}`).pluck().get(params) as number;
  const rows = db
    .prepare(
      `SELECT * FROM orders WHERE ${where} ORDER BY created_at_ms DESC, client_order_id LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, ...page(filter) }) as OrderStateRow[];
  return { total, items: rows.map(toJournalOrder) };
}

export interface OrderEventView {
  id: number;
  atMs: number;
  state: OrderState;
  exchangeOrderId: string | null;
  filledQty: number | null;
  avgFillPrice: number | null;
  reason: string | null;
}

/** An order's lifecycle, oldest first. */
export function orderTimeline(
  db: SqliteDatabase,
  clientOrderId: string,
  scope: DeciderScope = LEAD_SCOPE,
): OrderEventView[] {
  return db
    .prepare(
      `SELECT id, at_ms AS atMs, state, exchange_order_id AS exchangeOrderId, filled_qty AS filledQty,
         avg_fill_price AS avgFillPrice, reason FROM order_events WHERE client_order_id = ? AND ${scopeCondition(scope)}
         ORDER BY id`,
    )
    .all(clientOrderId) as OrderEventView[];
}

export interface EquityPoint {
  atMs: number;
  equityUsdt: number;
  walletBalanceUsdt: number;
  availableUsdt: number;
  unrealisedPnlUsdt: number;
}

/** Oldest first; with maxPoints, the last snapshot of each of maxPoints equal time buckets. */
export function equityCurve(
  db: SqliteDatabase,
  range: TimeRange & { maxPoints?: number } = {},
  scope: DeciderScope = LEAD_SCOPE,
): EquityPoint[] {
  const params = rangeParams(range);
  const mine = scopeCondition(scope);
  const columns = `at_ms AS atMs, equity_usdt AS equityUsdt, wallet_balance_usdt AS walletBalanceUsdt,
    available_usdt AS availableUsdt, unrealised_pnl_usdt AS unrealisedPnlUsdt`;
  const maxPoints = range.maxPoints;
  if (maxPoints === undefined) {
    return db
      .prepare(
        `SELECT ${columns} FROM equity_snapshots WHERE at_ms >= @fromMs AND at_ms < @toMs AND ${mine}
         ORDER BY at_ms, id`,
      )
      .all(params) as EquityPoint[];
  }
  const span = db
    .prepare(
      `SELECT MIN(at_ms) AS lo, MAX(at_ms) AS hi FROM equity_snapshots
       WHERE at_ms >= @fromMs AND at_ms < @toMs AND ${mine}`,
    )
    .get(params) as { lo: number | null; hi: number | null };
  if (span.lo === null || span.hi === null) return [];
  const width = Math.max(1, Math.ceil((span.hi - span.lo + 1) / Math.max(1, Math.floor(maxPoints))));
  return db
    .prepare(
      `SELECT ${columns} FROM equity_snapshots WHERE id IN (
         SELECT MAX(id) FROM equity_snapshots WHERE at_ms >= @fromMs AND at_ms < @toMs AND ${mine}
         GROUP BY CAST((at_ms - @lo) / @width AS INTEGER)) ORDER BY at_ms, id`,
    )
    .all({ ...params, lo: span.lo, width }) as EquityPoint[];
}

export interface StopMoveView extends Omit<StopMoveRecord, 'markPrice'> {
  id: number;
  markPrice: number | null;
}

export function listStopMoves(
  db: SqliteDatabase,
  filter: TimeRange & Page & { symbol?: string; positionId?: string } = {},
  scope: DeciderScope = LEAD_SCOPE,
): PageOf<StopMoveView> {
  const where = `at_ms >= @fromMs AND at_ms < @toMs AND (@symbol IS NULL OR symbol = @symbol)
    AND (@positionId IS NULL OR position_id = @positionId) AND ${scopeCondition(scope)}`;
  const params = {
    ...rangeParams(filter),
    symbol: filter.symbol ?? null,
    positionId: filter.positionId ?? null,
  };
  const total = db.prepare(`SELECT COUNT(*) FROM stop_moves WHERE ${where}`).pluck().get(params) as number;
  const items = db
    .prepare(
      `SELECT id, at_ms AS atMs, position_id AS positionId, symbol, old_stop AS oldStop, new_stop AS newStop, rule,
         reason, mark_price AS markPrice FROM stop_moves WHERE ${where} ORDER BY id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, ...page(filter) }) as StopMoveView[];
  return { total, items };
}

export interface EventView {
  id: number;
  atMs: number;
  kind: string;
  severity: EventSeverity;
  symbol: string | null;
  message: string;
  detail: Record<string, unknown> | null;
}

export function listEvents(
  db: SqliteDatabase,
  filter: TimeRange & Page & { kind?: string; minSeverity?: EventSeverity } = {},
  scope: DeciderScope = LEAD_SCOPE,
): PageOf<EventView> {
  const severities = EVENT_SEVERITIES.slice(EVENT_SEVERITIES.indexOf(filter.minSeverity ?? 'debug'));
  const where = `at_ms >= @fromMs AND at_ms < @toMs AND (@kind IS NULL OR kind = @kind) AND ${scopeCondition(scope)}
    AND severity IN (SELECT value FROM json_each(@severities))`;
  const params = {
    ...rangeParams(filter),
    kind: filter.kind ?? null,
    severities: JSON.stringify(severities),
  };
  const total = db.prepare(`SELECT COUNT(*) FROM events WHERE ${where}`).pluck().get(params) as number;
  const rows = db
    .prepare(
      `SELECT id, at_ms AS atMs, kind, severity, symbol, message, detail_json FROM events WHERE ${where}
       ORDER BY id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, ...page(filter) }) as (Omit<EventView, 'detail'> & { detail_json: string | null })[];
  return {
    total,
    items: rows.map(({ detail_json, ...rest }) => ({
      ...rest,
      detail: detail_json === null ? null : (JSON.parse(detail_json) as Record<string, unknown>),
    })),
  };
}

export interface ClosedTradeView {
  positionId: string;
  symbol: string;
  side: PositionSide;
  qty: number;
  entryPrice: number;
  exitPrice: number;
  openedAtMs: number;
  closedAtMs: number;
  exitReason: ExitReason;
  grossPnlUsdt: number;
  feesUsdt: number;
  fundingUsdt: number;
  netPnlUsdt: number;
  decisionId: number | null;
  promptVersion: string | null;
  confidence: number | null;
  /** The gate's planned loss at the stop (fees included); null for a position no decision opened. */
  plannedRiskUsdt: number | null;
  /** Net PnL in units of the planned risk. */
  rMultiple: number | null;
  /** The initial stop, then every move, oldest first. */
  stops: { atMs: number; stop: number; rule: string }[];
}

export interface ClosedTradeFilter extends TimeRange, Page {
  symbol?: string;
  side?: PositionSide;
  exitReason?: ExitReason;
  /** win: net PnL above zero; loss: zero or below. */
  outcome?: 'win' | 'loss';
}

const NET_PNL_SQL = `(c.gross_pnl_usdt - c.fees_usdt +
  ${positionFundingSql('c')})`;

export function listClosedTrades(
  db: SqliteDatabase,
  filter: ClosedTradeFilter = {},
  scope: DeciderScope = LEAD_SCOPE,
): PageOf<ClosedTradeView> {
  const where = `${scopeCondition(scope, 'o')} AND c.closed_at_ms >= @fromMs AND c.closed_at_ms < @toMs AND (@symbol IS NULL OR o.symbol = @symbol)
    AND (@side IS NULL OR o.side = @side) AND (@exitReason IS NULL OR c.exit_reason = @exitReason)
    AND (@outcome IS NULL OR (@outcome = 'win') = (${NET_PNL_SQL} > 0))`;
  const from = `position_closes c JOIN position_opens o ON o.position_id = c.position_id
    LEFT JOIN decisions d ON d.id = o.decision_id`;
  const params = {
    ...rangeParams(filter),
    symbol: filter.symbol ?? null,
    side: filter.side ?? null,
    exitReason: filter.exitReason ?? null,
    outcome: filter.outcome ?? null,
  };
  const total = db.prepare(`SELECT COUNT(*) FROM ${from} WHERE ${where}`).pluck().get(params) as number;
  const items = db
    .prepare(
      `SELECT o.position_id AS positionId, o.symbol, o.side, c.qty, o.entry_price AS entryPrice,
         c.exit_price AS exitPrice, o.opened_at_ms AS openedAtMs, c.closed_at_ms AS closedAtMs,
         c.exit_reason AS exitReason, c.gross_pnl_usdt AS grossPnlUsdt, c.fees_usdt AS feesUsdt,
         ${positionFundingSql('c')}
           AS fundingUsdt,
         o.decision_id AS decisionId, d.prompt_version AS promptVersion, d.confidence,
         json_extract(d.order_json, '$.riskUsdt') AS plannedRiskUsdt, o.stop_loss AS initialStop
       FROM ${from} WHERE ${where} ORDER BY c.closed_at_ms DESC, c.id DESC LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, ...page(filter) }) as (Omit<ClosedTradeView, 'netPnlUsdt' | 'rMultiple' | 'stops'> & {
    initialStop: number | null;
  })[];
  const moves = stopMovesOf(
    db,
    items.map((t) => t.positionId),
  );
  return {
    total,
    items: items.map(({ initialStop, ...t }) => {
      const netPnlUsdt = t.grossPnlUsdt - t.feesUsdt + t.fundingUsdt;
      const risk = t.plannedRiskUsdt;
      return {
        ...t,
        netPnlUsdt,
        rMultiple: risk !== null && risk > 0 ? netPnlUsdt / risk : null,
        stops: [
          ...(initialStop !== null && initialStop > 0
            ? [{ atMs: t.openedAtMs, stop: initialStop, rule: 'INITIAL' }]
            : []),
          ...(moves.get(t.positionId) ?? []),
        ],
      };
    }),
  };
}

function stopMovesOf(db: SqliteDatabase, positionIds: string[]): Map<string, ClosedTradeView['stops']> {
  const out = new Map<string, ClosedTradeView['stops']>();
  if (positionIds.length === 0) return out;
  const rows = db
    .prepare(
      `SELECT position_id AS positionId, at_ms AS atMs, new_stop AS stop, rule FROM stop_moves
       WHERE position_id IN (${positionIds.map(() => '?').join(',')}) ORDER BY position_id, id`,
    )
    .all(...positionIds) as ({ positionId: string } & ClosedTradeView['stops'][number])[];
  for (const { positionId, ...move } of rows) {
    const list = out.get(positionId) ?? [];
    list.push(move);
    out.set(positionId, list);
  }
  return out;
}

function page(p: Page): { limit: number; offset: number } {
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(p.limit ?? 50)));
  const offset = Math.max(0, Math.floor(p.offset ?? 0));
  return { limit, offset };
}
