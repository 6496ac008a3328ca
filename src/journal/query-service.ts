import type { EventSeverity } from '../domain/index.ts';
import type { TimeRange } from './decision-view.ts';
import type { Journal } from './journal.ts';
import * as lists from './lists.ts';
import type { JournalOpenPosition } from './lookups.ts';
import { type MetricFigures, readMetricFigures } from './metric-figures.ts';
import { buildReport, type Report } from './queries.ts';

/** The one query service behind the CLI reports and the dashboard (a read-only journal is enough). */
export class QueryService {
  constructor(private readonly journal: Journal) {}

  report(range: TimeRange = {}): Report {
    return buildReport(this.journal.db, range);
  }

  /** What /metrics serves from the journal; latency buckets are upper bounds in ms. */
  metricFigures(latencyBoundsMs: readonly number[]): MetricFigures {
    return readMetricFigures(this.journal.db, latencyBoundsMs);
  }

  decisions(filter: lists.DecisionFilter = {}) {
    return lists.listDecisions(this.journal.db, filter);
  }

  decision(id: number): lists.DecisionDetail | null {
    return lists.decisionDetail(this.journal.db, id);
  }

  openPositions(): JournalOpenPosition[] {
    return this.journal.openPositions();
  }

  orders(filter: lists.OrderFilter = {}) {
    return lists.listOrders(this.journal.db, filter);
  }

  orderTimeline(clientOrderId: string): lists.OrderEventView[] {
    return lists.orderTimeline(this.journal.db, clientOrderId);
  }

  closedTrades(filter: lists.ClosedTradeFilter = {}) {
    return lists.listClosedTrades(this.journal.db, filter);
  }

  equityCurve(range: TimeRange & { maxPoints?: number } = {}): lists.EquityPoint[] {
    return lists.equityCurve(this.journal.db, range);
  }

  stopMoves(filter: TimeRange & lists.Page & { symbol?: string; positionId?: string } = {}) {
    return lists.listStopMoves(this.journal.db, filter);
  }

  events(filter: TimeRange & lists.Page & { kind?: string; minSeverity?: EventSeverity } = {}) {
    return lists.listEvents(this.journal.db, filter);
  }
}
