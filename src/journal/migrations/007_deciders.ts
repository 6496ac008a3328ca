/** Tables whose rows belong to one decider's account (issue 19, docs/arena.md "Decider ids"). */
export const DECIDER_TABLES = [
  'decisions',
  'model_calls',
  'order_events',
  'orders',
  'fills',
  'position_opens',
  'position_closes',
  'stop_moves',
  'position_manager_state',
  'funding_payments',
  'equity_snapshots',
  'trading_state_changes',
  'events',
] as const;

const deciderColumns = (table: string): string => `
ALTER TABLE ${table} ADD COLUMN decider TEXT NOT NULL DEFAULT 'lead';
ALTER TABLE ${table} ADD COLUMN shadow INTEGER NOT NULL DEFAULT 0 CHECK (shadow IN (0, 1));`;

/**
 * Issue 19: several deciders trade one feed. Every row of an account carries the id of the decider
 * it belongs to (`decider`) and whether that decider shadowed the lead in a virtual sub-account
 * (`shadow` = 1) or led, its orders reaching the venue (`shadow` = 0). Reports of the account read
 * `shadow = 0` only. Rows written before this migration were all the lead's: `decider` 'lead',
 * `shadow` 0. Cycles, cycle ends and blobs are shared by every decider of the cycle.
 * The decider indexes lead with `decider`, not `shadow`: an index on `shadow` first would match
 * the lead's `shadow = 0` (nearly every row) and take the place of the time indexes its reports use.
 */
export const migration007 = {
  version: 7,
  name: 'deciders',
  sql: `${DECIDER_TABLES.map(deciderColumns).join('\n')}

DROP INDEX decisions_one_per_symbol_per_cycle;
CREATE UNIQUE INDEX decisions_one_per_symbol_per_cycle ON decisions(cycle_id, symbol, decider);
DROP INDEX model_calls_one_per_decider;
CREATE UNIQUE INDEX model_calls_one_per_decider ON model_calls(cycle_id, prompt_version, provider, model, decider);
CREATE INDEX decisions_decider ON decisions(decider, at_ms);
CREATE INDEX position_opens_decider ON position_opens(decider);
CREATE INDEX equity_decider ON equity_snapshots(decider, at_ms);
CREATE INDEX model_calls_decider ON model_calls(decider, at_ms);
`,
};
