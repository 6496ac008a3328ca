import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Journal, JournalWriteError, openJournal, QueryService } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { DECIDER_TABLES } from '../../../src/journal/migrations/007_deciders.ts';
import { MIGRATIONS } from '../../../src/journal/migrations/index.ts';
import { MIN, stubs, T0, tempJournalPath } from './stubs.ts';

let temp: ReturnType<typeof tempJournalPath>;
let journal: Journal | null = null;

beforeEach(() => {
  temp = tempJournalPath();
});

afterEach(() => {
  journal?.close();
  journal = null;
  temp.remove();
});

/** A journal at schema 6 (before deciders) with one row in each account table the test fills. */
function writeV6Journal(file: string): void {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  for (const m of MIGRATIONS.filter((m) => m.version <= 6)) {
    raw.transaction(() => {
      raw.exec(m.sql);
      raw
        .prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, 1)')
        .run(m.version, m.name);
    })();
  }
  raw.exec(`
    INSERT INTO equity_snapshots (at_ms, equity_usdt, wallet_balance_usdt, available_usdt, unrealised_pnl_usdt)
      VALUES (${T0}, 100, 100, 100, 0);
    INSERT INTO events (at_ms, kind, severity, message) VALUES (${T0}, 'test', 'info', 'old row');
    INSERT INTO position_opens (position_id, opened_at_ms, symbol, side, qty, entry_price)
      VALUES ('old-1', ${T0}, 'BTCUSDT', 'LONG', 0.001, 50000);`);
  raw.close();
}

describe('migration 007: the decider of every account row', () => {
  it("gives every row of an old journal the lead's marks: decider 'lead', not a shadow", () => {
    writeV6Journal(temp.file);
    journal = openJournal(temp.file);
    const db = databaseOf(journal);
    for (const table of DECIDER_TABLES) {
      const columns = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
      expect(
        columns.map((c) => c.name),
        table,
      ).toEqual(expect.arrayContaining(['decider', 'shadow']));
    }
    for (const table of ['equity_snapshots', 'events', 'position_opens']) {
      expect(db.prepare(`SELECT decider, shadow FROM ${table}`).all(), table).toEqual([
        { decider: 'lead', shadow: 0 },
      ]);
    }
    // The old open position is still the lead's, and the lead's reports still see it.
    expect(journal.openPositions().map((p) => p.positionId)).toEqual(['old-1']);
    expect(new QueryService(journal).equityCurve()).toHaveLength(1);
  });
});

describe('shadow journal handles', () => {
  it("write rows marked as the shadow's and read back only their own account", () => {
    journal = openJournal(temp.file);
    journal.nameLead('baseline');
    const shadow = journal.shadow('chaos');
    journal.recordCycleStart(stubs.cycle());
    journal.recordDecision(stubs.decision());
    shadow.recordDecision(stubs.decision());
    journal.recordPositionOpen(stubs.positionOpen({ positionId: 'lead-1' }));
    shadow.recordPositionOpen(stubs.positionOpen({ positionId: 'shadow-1' }));
    shadow.recordPositionClose(stubs.positionClose({ positionId: 'shadow-1' }));
    shadow.recordEquity({
      atMs: T0 + MIN,
      equityUsdt: 101,
      walletBalanceUsdt: 101,
      availableUsdt: 101,
      unrealisedPnlUsdt: 0,
    });

    const rows = databaseOf(journal).prepare('SELECT decider, shadow FROM decisions ORDER BY id').all();
    expect(rows).toEqual([
      { decider: 'baseline', shadow: 0 },
      { decider: 'chaos', shadow: 1 },
    ]);
    expect(journal.openPositions().map((p) => p.positionId)).toEqual(['lead-1']);
    expect(shadow.openPositions()).toEqual([]);
    const lead = new QueryService(journal);
    expect(lead.closedTrades().total).toBe(0);
    expect(lead.equityCurve()).toEqual([]);
    expect(lead.report().overall.decisions).toBe(1);
    expect(new QueryService(shadow).closedTrades().items.map((t) => t.positionId)).toEqual(['shadow-1']);
    expect(new QueryService(shadow).equityCurve()).toHaveLength(1);
  });

  it("refuses an order event for an id another account's order already holds", () => {
    journal = openJournal(temp.file);
    const shadow = journal.shadow('chaos');
    journal.recordOrderEvent(stubs.orderEvent());
    expect(() => shadow.recordOrderEvent(stubs.orderEvent({ state: 'SUBMITTED' }))).toThrow(
      /belongs to decider lead, not chaos/,
    );
    expect(shadow.findOrder('c1-BTCUSDT-entry')).toBeNull();
  });

  it('leave the file open when a shadow handle is closed, and refuse odd ids', () => {
    journal = openJournal(temp.file);
    const shadow = journal.shadow('openai:gpt-4o-mini@v5_neutral');
    shadow.close();
    expect(journal.isOpen).toBe(true);
    journal.recordEvent({ atMs: T0, kind: 'test', severity: 'info', message: 'still writable' });
    expect(() => journal?.shadow("x'; DROP TABLE decisions; --")).toThrow(/decider id/);
    expect(() => journal?.shadow('lead')).toThrow(JournalWriteError);
    expect(() => shadow.shadow('chaos')).toThrow(/cannot open another shadow/);
  });
});
