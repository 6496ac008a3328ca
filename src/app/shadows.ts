import { leadDeciderId } from '../config/checks.ts';
import type { WardenConfig } from '../config/schema.ts';
import { stableHash, validatePromptPlan } from '../decision/index.ts';
import {
  type DeciderSpec,
  deciderIdOf,
  errorMessage,
  type InstrumentRules,
  parseDeciderList,
  type Timeframe,
} from '../domain/index.ts';
import type { EngineShadow } from '../engine/engine.ts';
import { PaperExchange } from '../exchange/paper/index.ts';
import type { Journal } from '../journal/index.ts';
import type { MarketState } from '../market/market-state.ts';
import type { Logger } from './logger.ts';
import { accountParts, configuredDecider } from './seat-parts.ts';

export class ShadowSetupError extends Error {
  override readonly name = 'ShadowSetupError';
}

export interface ShadowAccounts {
  instruments: InstrumentRules[];
  /** Each shadow's paper account starts with this equity: the lead's at the start. */
  startEquityUsdt: number;
  /** The lead's clock (replay or venue time). */
  now: () => number;
  /** The feed's candles, which move each shadow's paper exchange. */
  candleTimeframe: Timeframe;
  market: MarketState;
}

/**
 * The shadows of AI_SHADOW_DECIDERS (issue 19): each its own decider, paper exchange (a virtual
 * sub-account), executor, reconciler, kill switches, position manager and journal handle. None of
 * them is given the venue: a shadow's only exchange is its paper exchange.
 */
export function buildShadows(
  parts: { config: WardenConfig; journal: Journal; logger: Logger },
  accounts: ShadowAccounts,
): EngineShadow[] {
  const { config } = parts;
  if (!config.AI_SHADOW_DECIDERS) return [];
  const specs = parseDeciderList(config.AI_SHADOW_DECIDERS);
  const prefixes = new Map<string, string>();
  const shadows = specs.map((spec) => {
    const id = deciderIdOf(spec, config.PROMPT_VERSION);
    const prefix = clientIdPrefixOf(id);
    const clash = prefixes.get(prefix);
    if (clash)
      throw new ShadowSetupError(
        `shadows ${clash} and ${id} would share the order id prefix ${prefix}: drop one of them from AI_SHADOW_DECIDERS`,
      );
    prefixes.set(prefix, id);
    return buildShadow(parts, accounts, spec, id, prefix);
  });
  parts.logger.info(
    `lead ${leadDeciderId(config)} trades on the venue; shadows in virtual sub-accounts of ${accounts.startEquityUsdt} USDT: ${shadows.map((s) => s.id).join(', ')}`,
  );
  return shadows;
}

/** `S` and four base-36 characters of the id's hash: a shadow's order ids never look like the lead's (`W…`). */
export function clientIdPrefixOf(deciderId: string): string {
  return `S${stableHash(deciderId).toString(36).padStart(4, '0').slice(-4)}`;
}

function buildShadow(
  parts: { config: WardenConfig; journal: Journal; logger: Logger },
  accounts: ShadowAccounts,
  spec: DeciderSpec,
  id: string,
  prefix: string,
): EngineShadow {
  const promptVersion = spec.promptVersion ?? parts.config.PROMPT_VERSION;
  const config = shadowConfig(parts.config, spec, promptVersion);
  let decider: EngineShadow['decider'];
  try {
    validatePromptPlan(promptVersion, null);
    decider = configuredDecider(config);
  } catch (error) {
    throw new ShadowSetupError(`shadow decider ${id} (AI_SHADOW_DECIDERS): ${errorMessage(error)}`);
  }
  const journal = parts.journal.shadow(id);
  const logger = parts.logger.child({ decider: id }, { msgPrefix: `[shadow ${id}] ` });
  const exchange = new PaperExchange({
    instruments: accounts.instruments,
    startBalanceUsdt: accounts.startEquityUsdt,
    slippagePct: config.PAPER_SLIPPAGE_PCT,
    maintenanceMarginRate: config.MAINTENANCE_MARGIN_RATE,
    now: accounts.now,
    candleTimeframe: accounts.candleTimeframe,
    eventDelivery: 'sync',
    // Moved by the feed's closed candles only: a MARKET order fills at the next price (docs/arena.md).
    marketFills: 'next-price',
    idPrefix: `${prefix}-`,
  });
  const instruments = new Map(accounts.instruments.map((i) => [i.symbol, i]));
  const { executor, killSwitches, positionManager, ledger } = accountParts(
    { config, journal, logger },
    exchange,
    instruments,
    (symbol) => accounts.market.atr(symbol),
    prefix,
  );
  return {
    id,
    promptVersion,
    decider,
    exchange,
    journal,
    executor,
    ledger,
    killSwitches,
    logger,
    positionManager,
    venue: {
      onCandle: (symbol, candle, timeframe) => exchange.onCandle(symbol, candle, timeframe),
      applyFunding: (symbol, rate, tsMs) => exchange.applyFunding(symbol, rate, tsMs),
      hasOpenPositions: () => exchange.hasOpenPositions(),
    },
  };
}

/**
 * The configuration a shadow's decider is built from: the run's, with its provider, model and
 * prompt. Price overrides (AI_PRICE_*) are the lead model's and apply only to the same model;
 * another model is priced from the price table.
 */
function shadowConfig(config: WardenConfig, spec: DeciderSpec, promptVersion: string): WardenConfig {
  const sameModel = spec.provider === config.AI_PROVIDER && spec.model === config.AI_MODEL;
  return {
    ...config,
    AI_PROVIDER: spec.provider,
    AI_MODEL: spec.model ?? config.AI_MODEL,
    PROMPT_VERSION: promptVersion,
    PROMPT_AB_SPLIT: undefined,
    ...(sameModel
      ? {}
      : {
          AI_PRICE_INPUT_PER_MTOK: undefined,
          AI_PRICE_OUTPUT_PER_MTOK: undefined,
          AI_PRICE_CACHED_INPUT_PER_MTOK: undefined,
        }),
  };
}
