import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { errorMessage } from '../domain/index.ts';
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
  refuseDirectory(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  if (existsSync(file) && !writable(file)) {
    throw new JournalOpenError(
      `journal ${file} is read-only: the bot appends to its journal; make it writable (chmod u+w ${file}) or pass --journal NEW.db (reports read it as it is)`,
    );
  }
  if (!writable(dir)) {
    throw new JournalOpenError(
      `cannot write in ${dir}, the folder of journal ${file}: SQLite creates the journal and its -wal and -shm files there; use a writable folder`,
    );
  }
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
  refuseDirectory(file);
  const db = writable(path.dirname(path.resolve(file))) ? connect(file, true) : snapshotOf(file);
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

function refuseDirectory(file: string): void {
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new JournalOpenError(
      `journal ${file} is a directory: give the journal file, e.g. --journal ${path.join(file, 'warden.db')}`,
    );
  }
}

function writable(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A journal in a folder this process cannot write: SQLite would need to create the -shm file
 * beside it to read a WAL database, so the file is read into memory instead (marked as a
 * rollback-journal database in the copy only). Changes still in an unmerged -wal file cannot be
 * read that way: that case is refused, saying why.
 */
function snapshotOf(file: string): SqliteDatabase {
  const wal = `${file}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new JournalOpenError(
      `journal ${file} is in a folder this user cannot write, and its latest rows are still in ${wal}: ` +
        'SQLite must create a -shm file beside them to read them. Copy the journal and its -wal file to a writable folder, or read it as the user who wrote it',
    );
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new JournalOpenError(`cannot read journal ${file}: ${errorMessage(error)}`);
  }
  // Bytes 18-19 of the SQLite header are the write/read format versions: 2 is WAL, 1 rollback.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  let db: SqliteDatabase;
  try {
    db = new Database(bytes, { readonly: true });
    db.pragma('schema_version', { simple: true });
  } catch (error) {
    throw new JournalOpenError(
      `cannot read journal ${file}: ${errorMessage(error)} (is it a Warden journal?)`,
    );
  }
  return db;
}

function connect(file: string, readOnly: boolean): SqliteDatabase {
  let db: SqliteDatabase;
  try {
    db = new Database(file, { readonly: readOnly, fileMustExist: readOnly });
  } catch (error) {
    throw new JournalOpenError(`cannot open journal ${file}: ${errorMessage(error)}`);
  }
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Reading the schema is the first real I/O: a file that is not SQLite fails here.
    db.pragma('schema_version', { simple: true });
  } catch (error) {
    db.close();
    throw new JournalOpenError(
      `cannot read journal ${file}: ${errorMessage(error)} (is it a Warden journal?)`,
    );
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
