import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './connection.ts';

/**
 * For journals opened with `cacheStatements` (backtests): the journal's lookups prepare their SQL on every call, which costs more than
 * running it when a cycle lasts a few milliseconds. This keeps one prepared statement per SQL
 * text for the life of the connection, reset to plain row mode on every hand-out (a caller's
 * pluck/raw/expand does not leak into the next). Not for connections that iterate a statement
 * while running it again.
 */
export function cachePreparedStatements(db: SqliteDatabase): void {
  const prepare = db.prepare.bind(db) as (sql: string) => Statement;
  const statements = new Map<string, Statement>();
  const cached = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = prepare(sql);
      statements.set(sql, statement);
    }
    if (statement.reader) {
      statement.raw(false);
      statement.pluck(false);
      statement.expand(false);
    }
    return statement;
  };
  (db as unknown as { prepare: typeof cached }).prepare = cached;
}
