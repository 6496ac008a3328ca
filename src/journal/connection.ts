import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { JournalLockedError, JournalOpenError, JournalVersionError } from './errors.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index.ts';

export type SqliteDatabase = Database.Database;

/** How long a statement waits for another connection's lock before failing. */
export const BUSY_TIMEOUT_MS = 5_000;

export interface WriterLock {
  token: string;
  /** Set when a lock left by a dead process was taken over (a crash before). */
  staleLockPid: number | null;
}

/** Opens the file, sets the durability pragmas, applies pending migrations. */
export function openWriterConnection(file: string): SqliteDatabase {
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const db = connect(file, false);
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') {
      throw new JournalOpenError(`journal ${file}: could not switch to WAL mode (got ${String(mode)})`);
    }
    // FULL: every commit is fsynced, so a committed row survives a power cut, not only a crash.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function openReaderConnection(file: string): SqliteDatabase {
  if (!existsSync(file)) {
    throw new JournalOpenError(`journal ${file} does not exist; pass --journal PATH or set JOURNAL_PATH`);
  }
  const db = connect(file, true);
  try {
    const version = schemaVersion(db, file);
    if (version > LATEST_SCHEMA_VERSION) throw tooNew(file, version);
    if (version < LATEST_SCHEMA_VERSION) {
      throw new JournalVersionError(
        `journal ${file} has schema version ${version}, this Warden reads ${LATEST_SCHEMA_VERSION}; ` +
          'open it once with the bot (warden run) to upgrade it',
      );
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function connect(file: string, readOnly: boolean): SqliteDatabase {
  let db: SqliteDatabase;
  try {
    db = new Database(file, { readonly: readOnly, fileMustExist: readOnly });
  } catch (error) {
    throw new JournalOpenError(`cannot open journal ${file}: ${messageOf(error)}`);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Reading the schema is the first real I/O: a file that is not SQLite fails here.
    db.pragma('schema_version', { simple: true });
  } catch (error) {
    db.close();
    throw new JournalOpenError(`cannot read journal ${file}: ${messageOf(error)} (is it a Warden journal?)`);
  }
  return db;
}

/** 0 for an empty file; refuses a SQLite file that has tables but is not a journal. */
function schemaVersion(db: SqliteDatabase, file: string): number {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  if (tables.length === 0) return 0;
  if (!tables.includes('schema_migrations')) {
    throw new JournalOpenError(
      `${file} is a SQLite file but not a Warden journal (no schema_migrations table)`,
    );
  }
  const version = db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get() as number | null;
  return version ?? 0;
}

function migrate(db: SqliteDatabase, file: string): void {
  const current = schemaVersion(db, file);
  if (current > LATEST_SCHEMA_VERSION) throw tooNew(file, current);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
    }).immediate();
  }
}

function tooNew(file: string, version: number): JournalVersionError {
  return new JournalVersionError(
    `journal ${file} has schema version ${version}, newer than this Warden (${LATEST_SCHEMA_VERSION}); ` +
      'upgrade Warden before opening it',
  );
}

/**
 * One writer per file: a row in writer_lock names the holder. A holder that is still alive on
 * this host refuses the open; a dead one (a crash, SIGKILL) is taken over.
 */
export function acquireWriterLock(db: SqliteDatabase, file: string): WriterLock {
  const token = randomUUID();
  const host = hostname();
  return db
    .transaction((): WriterLock => {
      const holder = db.prepare('SELECT pid, host, acquired_at_ms FROM writer_lock WHERE id = 1').get() as
        | { pid: number; host: string; acquired_at_ms: number }
        | undefined;
      let staleLockPid: number | null = null;
      if (holder) {
        const since = new Date(holder.acquired_at_ms).toISOString();
        if (holder.host !== host) {
          throw new JournalLockedError(
            `journal ${file} is held by process ${holder.pid} on host ${holder.host} since ${since}; ` +
              'only one writer may run. Stop it, or if that host is gone remove the writer_lock row',
          );
        }
        if (processIsAlive(holder.pid)) {
          throw new JournalLockedError(
            `journal ${file} is already open for writing by process ${holder.pid} (since ${since}); ` +
              'only one bot may write a journal. Stop that process or use another JOURNAL_PATH',
          );
        }
        staleLockPid = holder.pid;
        db.prepare('DELETE FROM writer_lock WHERE id = 1').run();
      }
      db.prepare('INSERT INTO writer_lock (id, pid, host, token, acquired_at_ms) VALUES (1, ?, ?, ?, ?)').run(
        process.pid,
        host,
        token,
        Date.now(),
      );
      return { token, staleLockPid };
    })
    .immediate();
}

export function releaseWriterLock(db: SqliteDatabase, token: string): void {
  db.prepare('DELETE FROM writer_lock WHERE id = 1 AND token = ?').run(token);
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
