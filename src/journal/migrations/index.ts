import { migration001 } from './001_initial.ts';
import { migration002 } from './002_funding_by_position.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applied in order, each in its own transaction with its schema_migrations row. Never edit one. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
