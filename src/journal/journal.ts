import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type {
  CycleEndRecord,
  CycleStartRecord,
  DecisionRecord,
  EquityRecord,
  EventRecord,
  FillRecord,
  FundingRecord,
  ModelCallRecord,
  OrderEventRecord,
  PositionCloseRecord,
  PositionManagerStateRecord,
  PositionOpenRecord,
  StopMoveRecord,
  TradingStateChangeRecord,
} from '../domain/index.ts';
import { errorMessage } from '../domain/index.ts';
import {
  acquireWriterLock,
  type JournalDurability,
  openReaderConnection,
  openWriterConnection,
  releaseWriterLock,
  type SqliteDatabase,
} from './connection.ts';
import { JournalWriteError } from './errors.ts';
import {
  checkDeciderId,
  type DeciderScope,
  JournalLookups,
  type JournalOpenPosition,
  LEAD_SCOPE,
} from './lookups.ts';
import { applyOrderEvent, type DeciderStamp } from './order-events.ts';
import * as rows from './record-rows.ts';
import { cachePreparedStatements } from './statement-cache.ts';

export interface OpenJournalOptions {
  /** Readers (reports, export, dashboard in another process) never take the writer lock. */
  readOnly?: boolean;
  /** `fast` skips fsync: only for journals that can be re-created (backtests). Default `full`. */
  durability?: JournalDurability;
  /**
   * Keep one prepared statement per SQL text for the connection's life (backtests, where preparing
   * costs more than running a lookup). Default false.
   */
  cacheStatements?: boolean;
  /**
   * SQLite page cache of the writer connection, in KiB. Default: better-sqlite3's 16,000 KiB, which
   * fills as the journal grows; a long-lived `warden run` sets a smaller one (docs/backtest.md).
   */
  pageCacheKiB?: number;
}

/** Writes grouped into long transactions (see `Journal.batch`). */
export interface JournalBatch {
  /** Commits what was written so far and goes on batching. */
  checkpoint(): void;
  /** Commits and ends the batch: writes commit one by one again. */
  end(): void;
}

/**
 * The audit journal (SPEC section 7). One writer per file; every record method is one
 * transaction, committed and fsynced before it returns.
 */
export class Journal extends JournalLookups {
  readonly readOnly: boolean;
  /** Set when this open took over the lock of a writer that died without closing. */
  readonly recoveredFromPid: number | null;
  private readonly lockToken: string | null;
  private readonly statements = new Map<string, Statement>();
  private closed = false;
  /**
   * This process is the only writer (the writer lock), so the open positions change only through
   * the record methods below, which drop this copy. The position manager reads it every base candle.
   */
  private openPositionsCache: JournalOpenPosition[] | null = null;
  private closedTradesChanges = 0;
  /** The account columns every row of this handle carries (migration 007). */
  private stamp: DeciderStamp;

  constructor(
    readonly file: string,
    db: SqliteDatabase,
    readOnly: boolean,
    lockToken: string | null,
    recoveredFromPid: number | null,
    private readonly durability: JournalDurability = 'full',
    readonly scope: DeciderScope = LEAD_SCOPE,
  ) {
    super(db, scope);
    this.readOnly = readOnly;
    this.lockToken = lockToken;
    this.recoveredFromPid = recoveredFromPid;
    this.stamp = { decider: scope.decider, shadow: scope.shadow ? 1 : 0 };
  }

  /**
   * Names the lead, whose orders reach the venue: its id goes on every row written from now on.
   * The lead's rows are read back whatever id wrote them (one venue account).
   */
  nameLead(deciderId: string): void {
    if (this.scope.shadow) throw new JournalWriteError('a shadow journal handle cannot name the lead');
    this.stamp = { decider: checkDeciderId(deciderId), shadow: 0 };
  }

  /**
   * A handle on the same file for one shadow decider's virtual sub-account: it writes rows marked
   * as that shadow's and reads back only those. It shares this handle's connection and writer
   * lock; closing it does nothing (close this one).
   */
  shadow(deciderId: string): Journal {
    this.assertWritable();
    if (this.scope.shadow) throw new JournalWriteError('a shadow journal handle cannot open another shadow');
    const scope = { decider: checkDeciderId(deciderId), shadow: true };
    if (deciderId === 'lead')
      throw new JournalWriteError("'lead' names the rows of old journals, not a shadow");
    return new Journal(this.file, this.db, false, null, null, this.durability, scope);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /**
   * Grows whenever a write may change a closed trade or its net PnL (closes, funding on a position
   * that is not open, a rolled-back transaction): readers that keep recent closes know when to read
   * them again.
   */
  get closedTradesVersion(): number {
    return this.closedTradesChanges;
  }

  override openPositions(): JournalOpenPosition[] {
    if (this.readOnly) return super.openPositions();
    this.openPositionsCache ??= super.openPositions();
    return this.openPositionsCache.map((position) => ({ ...position }));
  }

  /** Stores a prompt or raw response once; returns its SHA-256 (hex) for decision rows. */
  storeBlob(text: string, atMs: number = Date.now()): string {
    if (typeof text !== 'string') throw new JournalWriteError('blob: text must be a string');
    const hash = createHash('sha256').update(text, 'utf8').digest('hex');
    this.write('blob', 'INSERT OR IGNORE INTO blobs (hash, text, bytes, first_seen_ms) VALUES (?, ?, ?, ?)', [
      hash,
      text,
      Buffer.byteLength(text, 'utf8'),
      atMs,
    ]);
    return hash;
  }

  recordCycleStart(record: CycleStartRecord): void {
    this.write('cycle start', rows.CYCLE_START_SQL, rows.cycleStartRow(record));
  }

  recordCycleEnd(record: CycleEndRecord): void {
    this.write('cycle end', rows.CYCLE_END_SQL, rows.cycleEndRow(record));
  }

  /** Returns the call's id, for the decision rows it answered (`modelCallId`). */
  recordModelCall(record: ModelCallRecord): number {
    const what = `model call of cycle ${String(record?.cycleId)} (${String(record?.promptVersion)})`;
    return Number(
      this.write(what, rows.MODEL_CALL_SQL, this.stamped(rows.modelCallRow(record))).lastInsertRowid,
    );
  }

  /** Returns the decision id, for order events and position opens. */
  recordDecision(record: DecisionRecord): number {
    const what = `decision for ${String(record?.symbol)} in cycle ${String(record?.cycleId)}`;
    return Number(
      this.write(what, rows.DECISION_SQL, this.stamped(rows.decisionRow(record))).lastInsertRowid,
    );
  }

  recordOrderEvent(record: OrderEventRecord): void {
    this.assertWritable();
    this.guard(`order event ${String(record?.clientOrderId)}`, () =>
      this.db
        .transaction(() => applyOrderEvent((sql) => this.statement(sql), record, this.stamp))
        .immediate(),
    );
  }

  /** Returns false when this execution id was already journaled (reconciliation sees fills twice). */
  recordFill(record: FillRecord): boolean {
    const what = `fill ${String(record?.execId)}`;
    return this.write(what, rows.FILL_SQL, this.stamped(rows.fillRow(record))).changes === 1;
  }

  recordPositionOpen(record: PositionOpenRecord): void {
    this.openPositionsCache = null;
    this.write(
      `position open ${String(record?.positionId)}`,
      rows.POSITION_OPEN_SQL,
      this.stamped(rows.positionOpenRow(record)),
    );
  }

  recordPositionClose(record: PositionCloseRecord): void {
    const what = `position close ${String(record?.positionId)}`;
    this.assertWritable();
    this.openPositionsCache = null;
    this.closedTradesChanges += 1;
    this.guard(what, () =>
      this.db
        .transaction(() => {
          const opened = this.statement('SELECT 1 FROM position_opens WHERE position_id = ?').get(
            record?.positionId,
          );
          if (!opened) throw new JournalWriteError(`${what}: no position with that id was journaled as open`);
          this.statement(rows.POSITION_CLOSE_SQL).run(this.stamped(rows.positionCloseRow(record)));
          this.statement('DELETE FROM position_manager_state WHERE position_id = ?').run(record.positionId);
        })
        .immediate(),
    );
  }

  recordStopMove(record: StopMoveRecord): void {
    this.openPositionsCache = null;
    this.write('stop move', rows.STOP_MOVE_SQL, this.stamped(rows.stopMoveRow(record)));
  }

  /** Upserts the position manager's memory for a position (not an audit row). */
  savePositionManagerState(record: PositionManagerStateRecord): void {
    this.write('position manager state', rows.PM_STATE_SQL, this.stamped(rows.pmStateRow(record)));
  }

  deletePositionManagerState(positionId: string): void {
    this.write('position manager state', 'DELETE FROM position_manager_state WHERE position_id = ?', [
      positionId,
    ]);
  }

  /** Returns false when this funding execution id was already journaled. */
  recordFunding(record: FundingRecord): boolean {
    const written =
      this.write('funding payment', rows.FUNDING_SQL, this.stamped(rows.fundingRow(record))).changes === 1;
    // A payment on a position still open changes no closed trade: its net PnL counts it once it closes.
    if (written && !this.isOpenPosition(record.positionId)) this.closedTradesChanges += 1;
    return written;
  }

  /** Journaled as opened and not (yet) as closed; false for no id. */
  private isOpenPosition(positionId: string | null): boolean {
    if (positionId === null) return false;
    const opened = this.statement('SELECT 1 FROM position_opens WHERE position_id = ?').get(positionId);
    const closed = this.statement('SELECT 1 FROM position_closes WHERE position_id = ?').get(positionId);
    return opened !== undefined && closed === undefined;
  }

  recordEquity(record: EquityRecord): void {
    this.write('equity snapshot', rows.EQUITY_SQL, this.stamped(rows.equityRow(record)));
  }

  recordTradingStateChange(record: TradingStateChangeRecord): void {
    this.write('trading state change', rows.STATE_CHANGE_SQL, this.stamped(rows.stateChangeRow(record)));
  }

  recordEvent(record: EventRecord): void {
    this.write('event', rows.EVENT_SQL, this.stamped(rows.eventRow(record)));
  }

  /**
   * Runs `fn` as one transaction: every record written inside commits together or not at all
   * (e.g. a decision with its order intent). Record methods nest inside it as savepoints.
   */
  atomically<T>(fn: () => T): T {
    this.assertWritable();
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      // The rollback may have taken back a position open, close or funding read in between; a
      // commit needs nothing here, as each record method inside already dropped what it changed.
      this.openPositionsCache = null;
      this.closedTradesChanges += 1;
      throw error;
    }
  }

  /**
   * Backtests only: groups the following writes into one transaction until `checkpoint()` or
   * `end()`, instead of one commit per record. Refused on a fully durable journal: live trading
   * keeps its commit (and fsync) per record.
   */
  batch(): JournalBatch {
    this.assertWritable();
    if (this.durability === 'full') {
      throw new JournalWriteError(
        `journal ${this.file} is fully durable: batching is only for re-creatable journals (durability 'fast')`,
      );
    }
    if (this.db.inTransaction) throw new JournalWriteError(`journal ${this.file}: a batch is already open`);
    this.db.exec('BEGIN');
    return {
      checkpoint: () => {
        if (!this.db.inTransaction) return;
        this.db.exec('COMMIT');
        this.db.exec('BEGIN');
      },
      end: () => {
        if (this.isOpen && this.db.inTransaction) this.db.exec('COMMIT');
      },
    };
  }

  /** Releases the writer lock and closes the file (the WAL is checkpointed into it). */
  close(): void {
    if (this.closed || this.scope.shadow) return;
    this.closed = true;
    try {
      if (this.lockToken) releaseWriterLock(this.db, this.lockToken);
    } finally {
      this.db.close();
    }
  }

  /** A row of this handle's account. */
  private stamped(row: object): Record<string, unknown> {
    return { ...row, ...this.stamp };
  }

  private write(
    what: string,
    sql: string,
    params: unknown[] | Record<string, unknown>,
  ): { changes: number; lastInsertRowid: number | bigint } {
    this.assertWritable();
    // An array binds positional parameters, an object named ones.
    return this.guard(what, () => this.statement(sql).run(params));
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private assertWritable(): void {
    if (this.closed) throw new JournalWriteError(`journal ${this.file} is closed`);
    if (this.readOnly) throw new JournalWriteError(`journal ${this.file} was opened read-only`);
  }

  private guard<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof JournalWriteError) throw error;
      const message = errorMessage(error);
      throw new JournalWriteError(`could not record ${what} in ${this.file}: ${explain(message)}`);
    }
  }
}

function explain(message: string): string {
  if (message.includes('decisions.cycle_id, decisions.symbol')) {
    return 'a decision for this symbol is already journaled in this cycle (one per symbol per cycle)';
  }
  if (message.includes('model_calls.cycle_id')) {
    return 'a call of this decider and prompt version is already journaled in this cycle (one per cycle)';
  }
  if (message.includes('FOREIGN KEY')) {
    return `${message} (a referenced cycle, decision, blob or position was not journaled first)`;
  }
  return message;
}

/** Opens (creating and migrating when needed) a journal; `readOnly` opens never write. */
export function openJournal(file: string, options: OpenJournalOptions = {}): Journal {
  if (typeof file !== 'string' || file.length === 0) {
    throw new JournalWriteError('journal path must be a non-empty string');
  }
  if (options.readOnly) {
    const db = openReaderConnection(file);
    db.pragma('query_only = ON');
    return new Journal(file, db, true, null, null);
  }
  const durability = options.durability ?? 'full';
  const db = openWriterConnection(file, durability);
  try {
    const lock = acquireWriterLock(db, file);
    if (options.cacheStatements) cachePreparedStatements(db);
    if (options.pageCacheKiB !== undefined)
      db.pragma(`cache_size = -${Math.max(1, Math.round(options.pageCacheKiB))}`);
    const journal = new Journal(file, db, false, lock.token, lock.staleLockPid, durability);
    if (lock.staleLockPid !== null) {
      journal.recordEvent({
        atMs: Date.now(),
        kind: 'journal.recovered',
        severity: 'warn',
        message: `took over the writer lock of process ${lock.staleLockPid}, which ended without closing the journal`,
        detail: { previousPid: lock.staleLockPid },
      });
    }
    return journal;
  } catch (error) {
    db.close();
    throw error;
  }
}
