import type {
  EventRecord,
  FillRecord,
  FundingRecord,
  JournalOpenPosition,
  JournalOrder,
  OrderEventRecord,
  PositionCloseRecord,
  PositionManagerStateRecord,
  PositionOpenRecord,
  StopMoveRecord,
} from '../domain/index.ts';

/**
 * What execution writes to and reads from the audit journal. The journal (src/journal) satisfies
 * it; execution never imports the journal itself (DESIGN's import rules).
 */
export interface ExecutionJournal {
  recordOrderEvent(record: OrderEventRecord): void;
  recordStopMove(record: StopMoveRecord): void;
  recordEvent(record: EventRecord): void;
  savePositionManagerState(record: PositionManagerStateRecord): void;
  loadPositionManagerStates(): PositionManagerStateRecord[];
  findOrder(clientOrderId: string): { state: OrderEventRecord['state']; filledQty: number } | null;
}

/** What the reconciler also needs: fills, funding, opens and closes, and the journal's read-backs. */
export interface ReconcilerJournal extends ExecutionJournal {
  recordFill(record: FillRecord): boolean;
  recordFunding(record: FundingRecord): boolean;
  recordPositionOpen(record: PositionOpenRecord): void;
  recordPositionClose(record: PositionCloseRecord): void;
  findOrder(clientOrderId: string): JournalOrder | null;
  openOrdersByClientId(): Map<string, JournalOrder>;
  openPositions(): JournalOpenPosition[];
  positionExists(positionId: string): boolean;
  recentOrders(symbol: string, limit: number): JournalOrder[];
  feesBetween(symbol: string, fromMs: number, toMs: number): number;
  fundingOfPosition(positionId: string): number;
}
