/**
 * Issue 14: a model call answers for several symbols, so its tokens and cost are recorded once,
 * on a `model_calls` row, and each decision points at the call it came from.
 *
 * Journals written before this migration carried the whole call's usage on every decision row of
 * the call. Those rows are left exactly as they are; instead one `model_calls` row is derived per
 * old call (`legacy = 1`): a cycle's rows of one prompt version came from one call and hold
 * identical copies of its usage, so the copy is taken once. Old decision rows keep
 * `model_call_id` NULL and are matched to their derived call by cycle, prompt version, provider
 * and model.
 */
export const migration005 = {
  version: 5,
  name: 'model_calls',
  sql: `
CREATE TABLE model_calls (
  id INTEGER PRIMARY KEY,
  at_ms INTEGER NOT NULL,
  cycle_id TEXT NOT NULL REFERENCES cycles(id),
  prompt_version TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  symbols_json TEXT NOT NULL,
  latency_ms REAL,
  tokens_in INTEGER NOT NULL CHECK (tokens_in >= 0),
  tokens_out INTEGER NOT NULL CHECK (tokens_out >= 0),
  tokens_estimated INTEGER,
  cost_usd REAL NOT NULL CHECK (cost_usd >= 0),
  attempts INTEGER,
  error TEXT,
  prompt_hash TEXT REFERENCES blobs(hash),
  response_hash TEXT REFERENCES blobs(hash),
  legacy INTEGER NOT NULL DEFAULT 0 CHECK (legacy IN (0, 1))
);
CREATE UNIQUE INDEX model_calls_one_per_decider ON model_calls(cycle_id, prompt_version, provider, model);
CREATE INDEX model_calls_at ON model_calls(at_ms);

INSERT INTO model_calls (at_ms, cycle_id, prompt_version, provider, model, symbols_json, latency_ms,
  tokens_in, tokens_out, tokens_estimated, cost_usd, attempts, error, prompt_hash, response_hash, legacy)
SELECT MIN(at_ms), cycle_id, prompt_version, provider, model, json_group_array(symbol), MAX(latency_ms),
  MAX(tokens_in), MAX(COALESCE(tokens_out, 0)), NULL, MAX(COALESCE(cost_usd, 0)), NULL, NULL,
  MAX(prompt_hash), MAX(response_hash), 1
FROM (SELECT * FROM decisions WHERE tokens_in IS NOT NULL ORDER BY id)
GROUP BY cycle_id, prompt_version, provider, model;

ALTER TABLE decisions ADD COLUMN model_call_id INTEGER REFERENCES model_calls(id);
CREATE INDEX decisions_model_call ON decisions(model_call_id);

CREATE TRIGGER model_calls_no_update BEFORE UPDATE ON model_calls
BEGIN SELECT RAISE(ABORT, 'model_calls is append-only: rows are never updated'); END;
CREATE TRIGGER model_calls_no_delete BEFORE DELETE ON model_calls
BEGIN SELECT RAISE(ABORT, 'model_calls is append-only: rows are never deleted'); END;
`,
};
