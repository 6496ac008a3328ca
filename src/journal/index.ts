export type { ArenaDecider, ArenaJournal, ArenaTradeRow } from './arena-records.ts';
export { arenaRecords } from './arena-records.ts';
export type {
  ApprovedOpen,
  ClosedTradeBudget,
  JournalTotals,
  PositionHistoryRow,
  RunCounts,
  StopMoveRow,
  TableRange,
} from './audit-queries.ts';
export type { DecisionView, TimeRange } from './decision-view.ts';
export {
  cycleExists,
  equityPeak,
  journalProgress,
  lastCycleSymbols,
  unfinishedCycleIds,
} from './engine-lookups.ts';
export * from './errors.ts';
export { type ExportedDecision, type ExportOptions, exportDecisions, writeDecisionsJson } from './export.ts';
export type { FollowedTable, JournalRow } from './feed-queries.ts';
export { Journal, type JournalBatch, type OpenJournalOptions, openJournal } from './journal.ts';
export type {
  ClosedTradeView,
  DecisionDetail,
  DecisionFilter,
  EquityPoint,
  EventView,
  OrderEventView,
  OrderFilter,
  Page,
  PageOf,
  StopMoveView,
} from './lists.ts';
export type {
  DeciderScope,
  JournalCycle,
  JournalCycleDecision,
  JournalOpenPosition,
  JournalOrder,
} from './lookups.ts';
export { EXCHANGE_ERROR_EVENT_KINDS, type MetricFigures } from './metric-figures.ts';
export type { LatencyHistogram, ModelCallView, ModelUsage } from './model-calls.ts';
export type { CalibrationBucket, Report, ReportFigures } from './queries.ts';
export { CONFIDENCE_BUCKETS } from './queries.ts';
export { QueryService } from './query-service.ts';
export { renderReportTable } from './report-table.ts';
