/**
 * Issue 20: prompt caching. Of a call's `tokens_in`, the tokens the provider served from its
 * prompt cache (`tokens_cached_in`, billed at the cached rate) and those it wrote to the cache
 * (`tokens_cache_write`, Anthropic). Calls journaled before this migration had none counted: 0.
 */
export const migration006 = {
  version: 6,
  name: 'cached_tokens',
  sql: `
ALTER TABLE model_calls ADD COLUMN tokens_cached_in INTEGER NOT NULL DEFAULT 0 CHECK (tokens_cached_in >= 0);
ALTER TABLE model_calls ADD COLUMN tokens_cache_write INTEGER NOT NULL DEFAULT 0 CHECK (tokens_cache_write >= 0);
`,
};
