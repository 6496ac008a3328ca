import type { EventSeverity } from '../domain/index.ts';
import { type ArenaJournal, arenaRecords } from './arena-records.ts';
import * as audit from './audit-queries.ts';
import type { SqliteDatabase } from './connection.ts';
import type { TimeRange } from './decision-view.ts';
import { type FollowedTable, type JournalRow, latestRowId, rowsAfter } from './feed-queries.ts';
import type { Journal } from './journal.ts';
import * as lists from './lists.ts';
import { type DeciderScope, databaseOf, type JournalOpenPosition, scopeOf } from './lookups.ts';
import { type MetricFigures, readMetricFigures } from './metric-figures.ts';
import { buildReport, type Report } from './queries.ts';

/**
 * The one query service behind the CLI reports and the dashboard (a read-only journal is enough).
 * It reads the account of the journal handle it is given: the lead's (the venue's) for every
 * journal opened with `openJournal`; a shadow's for `journal.shadow(id)`. The audit and /metrics
 * figures are always the lead's.
 */
export class QueryService {
  private readonly db: SqliteDatabase;
  private readonly scope: DeciderScope;

  constructor(private readonly journal: Journal) {
    this.db = databaseOf(journal);
    this.scope = scopeOf(journal);
  }

  report(range: TimeRange = {}): Report {
    return buildReport(this.db, range, this.scope);
  }

  /** Every decider's figures for `warden arena` (docs/arena.md "Journal interface"). */
  arena(range: TimeRange = {}): ArenaJournal {
    return arenaRecords(this.journal, range);
  }

  /** What /metrics serves from the journal; latency buckets are upper bounds in ms. */
  metricFigures(latencyBoundsMs: readonly number[]): MetricFigures {
    return readMetricFigures(this.db, latencyBoundsMs);
  }

  decisions(filter: lists.DecisionFilter = {}) {
    return lists.listDecisions(this.db, filter, this.scope);
  }

  decision(id: number): lists.DecisionDetail | null {
    return lists.decisionDetail(this.db, id, this.scope);
  }

  openPositions(): JournalOpenPosition[] {
    return this.journal.openPositions();
  }

  orders(filter: lists.OrderFilter = {}) {
    return lists.listOrders(this.db, filter, this.scope);
  }

  orderTimeline(clientOrderId: string): lists.OrderEventView[] {
    return lists.orderTimeline(this.db, clientOrderId, this.scope);
  }

  closedTrades(filter: lists.ClosedTradeFilter = {}) {
    return lists.listClosedTrades(this.db, filter, this.scope);
  }

  equityCurve(range: TimeRange & { maxPoints?: number } = {}): lists.EquityPoint[] {
    return lists.equityCurve(this.db, range, this.scope);
  }

  stopMoves(filter: TimeRange & lists.Page & { symbol?: string; positionId?: string } = {}) {
    return lists.listStopMoves(this.db, filter, this.scope);
  }

  events(filter: TimeRange & lists.Page & { kind?: string; minSeverity?: EventSeverity } = {}) {
    return lists.listEvents(this.db, filter, this.scope);
  }

  /** The newest row id of a followed table (0 when empty): where the stream and the alerts start. */
  latestRowId(table: FollowedTable): number {
    return latestRowId(this.db, table);
  }

  /** Rows of a followed table after `afterId` (closes with their funding, events only errors). */
  rowsAfter(table: FollowedTable, afterId: number): JournalRow[] {
    return rowsAfter(this.db, table, afterId);
  }

  /** Every position with its close and decision, oldest first (the backtest's trade list). */
  positionHistory(): audit.PositionHistoryRow[] {
    return audit.positionHistory(this.db);
  }

  allStopMoves(): audit.StopMoveRow[] {
    return audit.allStopMoves(this.db);
  }

  /** Fees, funding and unattributed closing fills, to reconcile against the exchange's books. */
  totals(): audit.JournalTotals {
    return audit.journalTotals(this.db);
  }

  runCounts(): audit.RunCounts {
    return audit.runCounts(this.db);
  }

  closedTradeBudgets(): audit.ClosedTradeBudget[] {
    return audit.closedTradeBudgets(this.db);
  }

  appendOnlyRanges(): audit.TableRange[] {
    return audit.appendOnlyRanges(this.db);
  }

  approvedOpensAfter(decisionId: number): audit.ApprovedOpen[] {
    return audit.approvedOpensAfter(this.db, decisionId);
  }
}
