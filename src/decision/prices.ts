import type { ModelPrices } from './usage.ts';

/**
 * Default prices, USD per million tokens, for the models the docs name. Each row says where the
 * price was read and when; providers change prices, so AI_PRICE_* always win over this table.
 * `cachedInputPerMTok` is the prompt-cache read rate, `cacheWritePerMTok` Anthropic's 5-minute
 * cache write rate; a rate not known for sure is left out, so those tokens are billed at the full
 * input rate (never under-counted).
 */
export interface PriceRow extends ModelPrices {
  /** Matched against AI_MODEL: exact name, or a dated/suffixed variant of it (`name-…`). */
  model: string;
  provider: 'openai' | 'anthropic';
  source: string;
  checked: string;
}

export const PRICE_TABLE: readonly PriceRow[] = [
  // https://api-docs.deepseek.com/quick_start/pricing-details-usd (read 2026-12-06)
  {
    provider: 'openai',
    model: 'deepseek-chat',
    inputPerMTok: 0.27,
    cachedInputPerMTok: 0.07,
    outputPerMTok: 1.1,
    source: 'api-docs.deepseek.com/quick_start/pricing-details-usd',
    checked: '2026-12-06',
  },
  {
    provider: 'openai',
    model: 'deepseek-reasoner',
    inputPerMTok: 0.55,
    cachedInputPerMTok: 0.14,
    outputPerMTok: 2.19,
    source: 'api-docs.deepseek.com/quick_start/pricing-details-usd',
    checked: '2026-12-06',
  },
  // https://openai.com/api/pricing: OpenAI's list prices as published in 2025; the page itself was
  // not reachable from the machine this was written on (2026-12-06), where copies of it from 2026
  // agree on gpt-4o-mini and gpt-4o. The gpt-5 cached rate differs between those copies: left out.
  {
    provider: 'openai',
    model: 'gpt-4o-mini',
    inputPerMTok: 0.15,
    cachedInputPerMTok: 0.075,
    outputPerMTok: 0.6,
    source: 'openai.com/api/pricing',
    checked: '2025 list price',
  },
  {
    provider: 'openai',
    model: 'gpt-4o',
    inputPerMTok: 2.5,
    cachedInputPerMTok: 1.25,
    outputPerMTok: 10,
    source: 'openai.com/api/pricing',
    checked: '2025 list price',
  },
  {
    provider: 'openai',
    model: 'gpt-5-mini',
    inputPerMTok: 0.25,
    outputPerMTok: 2,
    source: 'openai.com/api/pricing',
    checked: '2025 list price',
  },
  {
    provider: 'openai',
    model: 'gpt-5',
    inputPerMTok: 1.25,
    outputPerMTok: 10,
    source: 'openai.com/api/pricing',
    checked: '2025 list price',
  },
  // https://docs.anthropic.com/en/docs/about-claude/pricing (read 2026-12-06): cache hits 0.1×,
  // 5-minute cache writes 1.25× the input rate.
  {
    provider: 'anthropic',
    model: 'claude-sonnet-4',
    inputPerMTok: 3,
    cachedInputPerMTok: 0.3,
    cacheWritePerMTok: 3.75,
    outputPerMTok: 15,
    source: 'docs.anthropic.com/en/docs/about-claude/pricing',
    checked: '2026-12-06',
  },
  {
    provider: 'anthropic',
    model: 'claude-3-5-haiku',
    inputPerMTok: 0.8,
    cachedInputPerMTok: 0.08,
    cacheWritePerMTok: 1,
    outputPerMTok: 4,
    source: 'docs.anthropic.com/en/docs/about-claude/pricing',
    checked: '2026-12-06',
  },
];

/** The table row for a model: exact name first, else the longest name it extends (`gpt-4o-mini-2024-07-18`). */
export function tablePrices(provider: string, model: string | undefined): PriceRow | null {
  if (!model) return null;
  const name = model.toLowerCase();
  const rows = PRICE_TABLE.filter((r) => r.provider === provider);
  const exact = rows.find((r) => r.model === name);
  if (exact) return exact;
  const prefixed = rows
    .filter((r) => name.startsWith(`${r.model}-`) || name.startsWith(`${r.model}.`))
    .sort((a, b) => b.model.length - a.model.length);
  return prefixed[0] ?? null;
}

export interface PriceSettings {
  AI_PROVIDER: string;
  AI_MODEL?: string | undefined;
  AI_PRICE_INPUT_PER_MTOK?: number | undefined;
  AI_PRICE_OUTPUT_PER_MTOK?: number | undefined;
  AI_PRICE_CACHED_INPUT_PER_MTOK?: number | undefined;
}

export interface ResolvedPrices {
  prices: ModelPrices;
  /** Where the figures came from, for `warden run` and the docs: config, table or none. */
  origin: 'config' | 'table' | 'none';
  note: string;
}

/**
 * The prices a call is billed at: each AI_PRICE_* set wins; what is unset comes from the table row
 * of the model. A paid provider with neither is priced 0 and says so (the note is printed at start).
 */
export function resolvePrices(settings: PriceSettings): ResolvedPrices {
  const paid = settings.AI_PROVIDER === 'openai' || settings.AI_PROVIDER === 'anthropic';
  const row = paid ? tablePrices(settings.AI_PROVIDER, settings.AI_MODEL) : null;
  const input = settings.AI_PRICE_INPUT_PER_MTOK ?? row?.inputPerMTok;
  const output = settings.AI_PRICE_OUTPUT_PER_MTOK ?? row?.outputPerMTok;
  const anySet =
    settings.AI_PRICE_INPUT_PER_MTOK !== undefined ||
    settings.AI_PRICE_OUTPUT_PER_MTOK !== undefined ||
    settings.AI_PRICE_CACHED_INPUT_PER_MTOK !== undefined;
  const cached =
    settings.AI_PRICE_CACHED_INPUT_PER_MTOK ??
    (settings.AI_PRICE_INPUT_PER_MTOK === undefined ? row?.cachedInputPerMTok : undefined);
  const write = settings.AI_PRICE_INPUT_PER_MTOK === undefined ? row?.cacheWritePerMTok : undefined;
  const prices: ModelPrices = {
    inputPerMTok: input ?? 0,
    outputPerMTok: output ?? 0,
    ...(cached !== undefined ? { cachedInputPerMTok: cached } : {}),
    ...(write !== undefined ? { cacheWritePerMTok: write } : {}),
  };
  if (!paid) return { prices, origin: 'config', note: `${settings.AI_PROVIDER} decider: no tokens billed` };
  if (row === null && (input === undefined || output === undefined)) {
    return {
      prices,
      origin: 'none',
      note: `no price known for ${settings.AI_PROVIDER} model ${settings.AI_MODEL ?? '(unset)'}: cost is counted as 0 until AI_PRICE_INPUT_PER_MTOK and AI_PRICE_OUTPUT_PER_MTOK are set`,
    };
  }
  const from = row ? `${row.model} price table (${row.source}, ${row.checked})` : 'AI_PRICE_*';
  return {
    prices,
    origin: anySet ? 'config' : 'table',
    note: anySet && row ? `AI_PRICE_* over the ${from}` : from,
  };
}
