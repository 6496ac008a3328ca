import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Journal,
  JournalLockedError,
  JournalOpenError,
  JournalVersionError,
  JournalWriteError,
  openJournal,
} from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { migration001 } from '../../../src/journal/migrations/001_initial.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../../src/journal/migrations/index.ts';
import { processIdentity } from '../../../src/journal/writer-lock.ts';
import { MIN, stubs, T0, tempJournalPath } from './stubs.ts';

let temp: ReturnType<typeof tempJournalPath>;
let open: Journal[] = [];

function track(journal: Journal): Journal {
  open.push(journal);
  return journal;
}

beforeEach(() => {
  temp = tempJournalPath();
  open = [];
});

afterEach(() => {
  for (const journal of open) journal.close();
  temp.remove();
});

describe('opening a journal', () => {
  it('creates the file in WAL mode with synchronous=FULL and foreign keys on', () => {
    const journal = track(openJournal(temp.file));
    expect(databaseOf(journal).pragma('journal_mode', { simple: true })).toBe('wal');
    expect(databaseOf(journal).pragma('synchronous', { simple: true })).toBe(2);
    expect(databaseOf(journal).pragma('foreign_keys', { simple: true })).toBe(1);
    expect(databaseOf(journal).pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('applies every migration once and records it in schema_migrations', () => {
    openJournal(temp.file).close();
    const journal = track(openJournal(temp.file));
    const versions = databaseOf(journal)
      .prepare('SELECT version FROM schema_migrations ORDER BY version')
      .pluck()
      .all();
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    expect(versions.at(-1)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('refuses to open a journal written by a newer Warden, for writing and for reading', () => {
    openJournal(temp.file).close();
    const raw = new Database(temp.file);
    raw
      .prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)')
      .run(999, 'f', 1);
    raw.close();
    expect(() => openJournal(temp.file)).toThrow(JournalVersionError);
    expect(() => openJournal(temp.file, { readOnly: true })).toThrow(/newer than this Warden/);
  });

  it('refuses a missing file when opened read-only, naming the path', () => {
    expect(() => openJournal(`${temp.dir}/nope.db`, { readOnly: true })).toThrow(JournalOpenError);
    expect(() => openJournal(`${temp.dir}/nope.db`, { readOnly: true })).toThrow(/nope\.db does not exist/);
  });

  it('refuses a file that is not SQLite and a SQLite file that is not a journal', () => {
    writeFileSync(
      temp.file,
      'this is not a database at all, just some text long enough to look like a header',
    );
    expect(() => openJournal(temp.file)).toThrow(JournalOpenError);
    const other = `${temp.dir}/other.db`;
    const raw = new Database(other);
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    expect(() => openJournal(other)).toThrow(/not a Warden journal/);
    expect(() => openJournal(other, { readOnly: true })).toThrow(/not a Warden journal/);
  });
});

describe('the single-writer rule', () => {
  it('refuses a second writer while the first is open', () => {
    track(openJournal(temp.file));
    expect(() => openJournal(temp.file)).toThrow(JournalLockedError);
  });

  it('lets readers open while the writer runs, and they see committed rows', () => {
    const writer = track(openJournal(temp.file));
    writer.recordCycleStart(stubs.cycle());
    const reader = track(openJournal(temp.file, { readOnly: true }));
    expect(reader.lastCycleId()).toBe('c1');
    writer.recordCycleStart(stubs.cycle({ cycleId: 'c2', startedAtMs: T0 + 15 * MIN }));
    expect(reader.lastCycleId()).toBe('c2');
  });

  it('refuses every write on a read-only journal', () => {
    openJournal(temp.file).close();
    const reader = track(openJournal(temp.file, { readOnly: true }));
    expect(() => reader.recordCycleStart(stubs.cycle())).toThrow(/read-only/);
    expect(() => reader.storeBlob('x')).toThrow(JournalWriteError);
    expect(() => databaseOf(reader).prepare('DELETE FROM writer_lock').run()).toThrow();
  });

  it('takes over the lock of a writer that died, and journals that it did', () => {
    openJournal(temp.file).close();
    const raw = new Database(temp.file);
    // A pid far above pid_max: no such process can be alive.
    raw
      .prepare('INSERT INTO writer_lock (id, pid, host, token, acquired_at_ms) VALUES (1, ?, ?, ?, ?)')
      .run(2 ** 30, hostname(), 'dead', T0);
    raw.close();
    const journal = track(openJournal(temp.file));
    expect(journal.recoveredFromPid).toBe(2 ** 30);
    const event = databaseOf(journal)
      .prepare("SELECT kind, severity FROM events WHERE kind = 'journal.recovered'")
      .get();
    expect(event).toEqual({ kind: 'journal.recovered', severity: 'warn' });
  });

  it('takes over a lock row with this process’s own pid written by an earlier process (a container restart)', () => {
    openJournal(temp.file).close();
    const raw = new Database(temp.file);
    raw
      .prepare(
        'INSERT INTO writer_lock (id, pid, host, token, acquired_at_ms, process_identity) VALUES (1, ?, ?, ?, ?, ?)',
      )
      .run(process.pid, hostname(), 'old', T0, 'another-boot:12345');
    raw.close();
    expect(track(openJournal(temp.file)).recoveredFromPid).toBe(process.pid);
  });

  it('refuses a live holder, but takes over when that pid now belongs to another process', async () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const pid = sleeper.pid ?? 0;
      openJournal(temp.file).close();
      const holdAs = (identity: string | null) => {
        const raw = new Database(temp.file);
        raw.prepare('DELETE FROM writer_lock').run();
        raw
          .prepare(
            'INSERT INTO writer_lock (id, pid, host, token, acquired_at_ms, process_identity) VALUES (1, ?, ?, ?, ?, ?)',
          )
          .run(pid, hostname(), 'other', T0, identity);
        raw.close();
      };
      holdAs(processIdentity(pid));
      expect(() => openJournal(temp.file)).toThrow(new RegExp(`already open for writing by process ${pid}`));
      holdAs(null);
      expect(() => openJournal(temp.file)).toThrow(JournalLockedError);
      holdAs('another-boot:1');
      expect(track(openJournal(temp.file)).recoveredFromPid).toBe(pid);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('releases the lock on close so the next writer can open', () => {
    openJournal(temp.file).close();
    const journal = track(openJournal(temp.file));
    expect(journal.recoveredFromPid).toBeNull();
  });
});

describe('numbered migrations', () => {
  it('upgrades a journal left at an older schema version in place, keeping its rows', () => {
    const raw = new Database(temp.file);
    raw.pragma('journal_mode = WAL');
    raw.transaction(() => {
      raw.exec(migration001.sql);
      raw
        .prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (1, ?, 1)')
        .run(migration001.name);
    })();
    raw
      .prepare(
        "INSERT INTO cycles (id, started_at_ms, mode, prompt_versions_json, symbols_json) VALUES ('old', 1, 'paper', '[]', '[]')",
      )
      .run();
    raw.close();
    expect(() => openJournal(temp.file, { readOnly: true })).toThrow(/open it once with the bot/);
    const journal = track(openJournal(temp.file));
    expect(
      databaseOf(journal).prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all(),
    ).toEqual(MIGRATIONS.map((m) => m.version));
    expect(journal.lastCycleId()).toBe('old');
    const indexes = databaseOf(journal)
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index'")
      .pluck()
      .all();
    expect(indexes).toContain('funding_position');
  });

  it('numbers migrations 1, 2, 3… with no gap', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });
});
