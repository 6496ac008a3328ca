import type {
  EventRecord,
  OrderEventRecord,
  PositionManagerStateRecord,
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
