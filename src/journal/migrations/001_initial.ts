/** Tables whose rows are audit records: never updated, never deleted (enforced by triggers). */
export const APPEND_ONLY_TABLES = [
  'schema_migrations',
  'blobs',
  'cycles',
  'cycle_ends',
  'decisions',
  'order_events',
  'fills',
  'position_opens',
  'position_closes',
  'stop_moves',
  'funding_payments',
  'equity_snapshots',
  'trading_state_changes',
  'events',
] as const;

function appendOnlyTriggers(table: string): string {
  return `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only: rows are never updated'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} is append-only: rows are never deleted'); END;`;
}

export const migration001 = {
  version: 1,
  name: 'initial',
  sql: `
CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at_ms INTEGER NOT NULL
);

-- The one writer: a row held while a writer has the journal open (see docs/journal.md).
CREATE TABLE writer_lock (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  pid INTEGER NOT NULL,
  host TEXT NOT NULL,
  token TEXT NOT NULL,
  acquired_at_ms INTEGER NOT NULL
);

-- Prompts and raw responses, stored once, keyed by the SHA-256 of their UTF-8 text.
CREATE TABLE blobs (
  hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
  text TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  first_seen_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE cycles (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  started_at_ms INTEGER NOT NULL,
  mode TEXT NOT NULL,
  prompt_versions_json TEXT NOT NULL,
  symbols_json TEXT NOT NULL,
  candle_open_ms INTEGER
);

CREATE TABLE cycle_ends (
  seq INTEGER PRIMARY KEY,
  cycle_id TEXT NOT NULL UNIQUE REFERENCES cycles(id),
  finished_at_ms INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('completed', 'failed', 'interrupted')),
  detail TEXT
);

CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  cycle_id TEXT NOT NULL REFERENCES cycles(id),
  symbol TEXT NOT NULL,
  proposed_action TEXT NOT NULL CHECK (proposed_action IN ('OPEN_LONG', 'OPEN_SHORT', 'CLOSE', 'HOLD')),
  final_action TEXT NOT NULL CHECK (final_action IN ('OPEN_LONG', 'OPEN_SHORT', 'CLOSE', 'HOLD')),
  confidence REAL,
  effective_confidence REAL,
  proposed_leverage REAL,
  final_leverage REAL,
  size_pct REAL,
  entry_type TEXT CHECK (entry_type IS NULL OR entry_type IN ('LIMIT', 'MARKET')),
  entry_price REAL,
  sl_pct REAL,
  tp_pct REAL,
  rationale TEXT,
  proposal_received_json TEXT NOT NULL,
  input_snapshot_json TEXT NOT NULL,
  prompt_version TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  blocked_by_json TEXT NOT NULL,
  adjustments_json TEXT NOT NULL,
  order_json TEXT,
  detail TEXT,
  regime TEXT,
  pre_score REAL,
  range_score REAL,
  order_ids_json TEXT NOT NULL,
  latency_ms REAL,
  tokens_in INTEGER,
  tokens_out INTEGER,
  cost_usd REAL,
  prompt_hash TEXT REFERENCES blobs(hash),
  response_hash TEXT REFERENCES blobs(hash)
);
CREATE INDEX decisions_at ON decisions(at_ms);
CREATE INDEX decisions_cycle ON decisions(cycle_id, prompt_version);
CREATE INDEX decisions_symbol_at ON decisions(symbol, at_ms);
CREATE INDEX decisions_version_at ON decisions(prompt_version, at_ms);

CREATE TABLE order_events (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  client_order_id TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('INTENT', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED', 'FILLED',
    'CANCELLED', 'EXPIRED', 'REJECTED', 'OUTCOME_UNKNOWN')),
  exchange_order_id TEXT,
  symbol TEXT,
  side TEXT CHECK (side IS NULL OR side IN ('BUY', 'SELL')),
  type TEXT CHECK (type IS NULL OR type IN ('LIMIT', 'MARKET')),
  role TEXT CHECK (role IS NULL OR role IN ('ENTRY', 'CLOSE', 'STOP_LOSS', 'TAKE_PROFIT')),
  qty REAL,
  price REAL,
  stop_loss REAL,
  take_profit REAL,
  reduce_only INTEGER,
  filled_qty REAL,
  avg_fill_price REAL,
  decision_id INTEGER REFERENCES decisions(id),
  cycle_id TEXT,
  position_id TEXT,
  reason TEXT,
  detail_json TEXT
);
CREATE INDEX order_events_client ON order_events(client_order_id, id);

-- Current state of every order, maintained from order_events in the same transaction.
-- A projection, not an audit record: it can be rebuilt from order_events.
CREATE TABLE orders (
  client_order_id TEXT PRIMARY KEY,
  exchange_order_id TEXT,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL,
  type TEXT NOT NULL,
  role TEXT NOT NULL,
  qty REAL NOT NULL,
  price REAL,
  stop_loss REAL,
  take_profit REAL,
  reduce_only INTEGER NOT NULL,
  state TEXT NOT NULL,
  filled_qty REAL NOT NULL,
  avg_fill_price REAL,
  decision_id INTEGER,
  cycle_id TEXT,
  position_id TEXT,
  reason TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  submitted_at_ms INTEGER,
  ever_filled INTEGER NOT NULL,
  last_event_id INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX orders_state ON orders(state);
CREATE INDEX orders_created ON orders(created_at_ms);

CREATE TABLE fills (
  id INTEGER PRIMARY KEY,
  exec_id TEXT NOT NULL UNIQUE,
  at_ms INTEGER NOT NULL,
  client_order_id TEXT,
  exchange_order_id TEXT,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
  price REAL NOT NULL,
  qty REAL NOT NULL,
  fee_usdt REAL NOT NULL,
  is_maker INTEGER NOT NULL,
  closed_qty REAL NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('TRADE', 'LIQUIDATION', 'OTHER')),
  position_id TEXT
);
CREATE INDEX fills_client ON fills(client_order_id);

CREATE TABLE position_opens (
  id INTEGER PRIMARY KEY,
  position_id TEXT NOT NULL UNIQUE,
  opened_at_ms INTEGER NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('LONG', 'SHORT')),
  qty REAL NOT NULL,
  entry_price REAL NOT NULL,
  stop_loss REAL,
  take_profit REAL,
  leverage REAL,
  entry_client_order_id TEXT,
  decision_id INTEGER REFERENCES decisions(id),
  detail_json TEXT
);
CREATE INDEX position_opens_at ON position_opens(opened_at_ms);

CREATE TABLE position_closes (
  id INTEGER PRIMARY KEY,
  position_id TEXT NOT NULL UNIQUE REFERENCES position_opens(position_id),
  closed_at_ms INTEGER NOT NULL,
  exit_price REAL NOT NULL,
  qty REAL NOT NULL,
  exit_reason TEXT NOT NULL CHECK (exit_reason IN ('STOP_LOSS', 'TAKE_PROFIT', 'LIQUIDATION',
    'DECISION_CLOSE', 'MANUAL', 'TIME_EXIT', 'KILL_SWITCH', 'RECONCILIATION')),
  gross_pnl_usdt REAL NOT NULL,
  fees_usdt REAL NOT NULL,
  exit_client_order_id TEXT,
  detail_json TEXT
);
CREATE INDEX position_closes_at ON position_closes(closed_at_ms);

CREATE TABLE stop_moves (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  position_id TEXT NOT NULL,
  symbol TEXT NOT NULL,
  old_stop REAL,
  new_stop REAL NOT NULL,
  rule TEXT NOT NULL,
  reason TEXT NOT NULL,
  mark_price REAL
);
CREATE INDEX stop_moves_symbol ON stop_moves(symbol, at_ms);
CREATE INDEX stop_moves_position ON stop_moves(position_id, id);

-- Not an audit record: the position manager's current memory per position.
CREATE TABLE position_manager_state (
  position_id TEXT PRIMARY KEY,
  symbol TEXT NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  state_json TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE funding_payments (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  symbol TEXT NOT NULL,
  position_id TEXT,
  rate REAL NOT NULL,
  position_value_usdt REAL,
  amount_usdt REAL NOT NULL,
  exec_id TEXT UNIQUE
);
CREATE INDEX funding_at ON funding_payments(at_ms);

CREATE TABLE equity_snapshots (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  equity_usdt REAL NOT NULL,
  wallet_balance_usdt REAL NOT NULL,
  available_usdt REAL NOT NULL,
  unrealised_pnl_usdt REAL NOT NULL
);
CREATE INDEX equity_at ON equity_snapshots(at_ms);

CREATE TABLE trading_state_changes (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  from_state TEXT NOT NULL CHECK (from_state IN ('ACTIVE', 'REDUCING', 'HALTED')),
  to_state TEXT NOT NULL CHECK (to_state IN ('ACTIVE', 'REDUCING', 'HALTED')),
  reason TEXT NOT NULL,
  source TEXT NOT NULL
);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('debug', 'info', 'warn', 'error', 'critical')),
  symbol TEXT,
  message TEXT NOT NULL,
  detail_json TEXT
);
CREATE INDEX events_at ON events(at_ms);
CREATE INDEX events_kind ON events(kind, at_ms);
${APPEND_ONLY_TABLES.map(appendOnlyTriggers).join('\n')}
`,
};
