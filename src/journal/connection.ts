import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { JournalOpenError, JournalVersionError } from './errors.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations/index.ts';

export type SqliteDatabase = Database.Database;

/** How long a statement waits for another connection's lock before failing. */
export const BUSY_TIMEOUT_MS = 5_000;

export { acquireWriterLock, releaseWriterLock, type WriterLock } from './writer-lock.ts';

/**
 * `full`: every commit is fsynced (live and paper journals). `fast`: no fsync at all, for a
 * journal that can always be re-created (backtests); a power cut may lose or corrupt it.
 */
export type JournalDurability = 'full' | 'fast';

/** Opens the file, sets the durability pragmas, applies pending migrations. */
export function openWriterConnection(file: string, durability: JournalDurability = 'full'): SqliteDatabase {
  const dir = path.dirname(path.resolve(file));
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const db = connect(file, false);
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') {
      throw new JournalOpenError(`journal ${file}: could not switch to WAL mode (got ${String(mode)})`);
    }
    // FULL: every commit is fsynced, so a committed row survives a power cut, not only a crash.
    db.pragma(durability === 'fast' ? 'synchronous = OFF' : 'synchronous = FULL');
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
