import { migration001 } from './001_initial.ts';
import { migration002 } from './002_funding_by_position.ts';
import { migration003 } from './003_one_decision_per_symbol_per_cycle.ts';
import { migration004 } from './004_writer_identity.ts';
import { migration005 } from './005_model_calls.ts';
import { migration006 } from './006_cached_tokens.ts';
import { migration007 } from './007_deciders.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Applied in order, each in its own transaction with its schema_migrations row. Never edit one. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
