import { TIMEFRAME_MS } from '../domain/candle.ts';
import { deciderIdOf, parseDeciderList } from '../domain/decider-spec.ts';
import type { ConfigProblem } from './errors.ts';
import { isLoopbackHost, isLoopbackUrl } from './loopback.ts';
import type { ConfigKey, WardenConfig } from './schema.ts';

/** A named rule over several variables; it runs only when each of its variables is valid alone. */
export interface ConfigCheck {
  name: string;
  keys: readonly ConfigKey[];
  check: (config: WardenConfig) => ConfigProblem[];
}

const problem = (variable: ConfigKey, message: string): ConfigProblem => ({ variable, message });

/** `lower` must be below `upper` (or at most, when `orEqual`). */
function ordered(lower: ConfigKey, upper: ConfigKey, orEqual: boolean): ConfigCheck {
  return {
    name: `${lower} ${orEqual ? '<=' : '<'} ${upper}`,
    keys: [lower, upper],
    check: (config) => {
      const low = config[lower] as number;
      const high = config[upper] as number;
      if (orEqual ? low <= high : low < high) return [];
      const relation = orEqual ? 'must not exceed' : 'must be below';
      return [
        problem(lower, `${lower} (${low}) ${relation} ${upper} (${high}): lower ${lower} or raise ${upper}`),
      ];
    },
  };
}

/** Two variables that only work as a pair: either one alone names the other as missing, with its fix. */
function setTogether(
  name: string,
  [first, second]: readonly [ConfigKey, ConfigKey],
  fixWithoutSecond: string,
  fixWithoutFirst: string,
): ConfigCheck {
  return requires(name, [first, second], (c) => {
    if (c[first] !== undefined && c[second] === undefined) {
      return problem(second, `${second} is required with ${first}: ${fixWithoutSecond}`);
    }
    if (c[first] === undefined && c[second] !== undefined) {
      return problem(first, `${first} is required with ${second}: ${fixWithoutFirst}`);
    }
    return null;
  });
}

function requires(
  name: string,
  keys: readonly ConfigKey[],
  check: (config: WardenConfig) => ConfigProblem | ConfigProblem[] | null,
): ConfigCheck {
  return {
    name,
    keys,
    check: (config) => {
      const result = check(config);
      return result === null ? [] : Array.isArray(result) ? result : [result];
    },
  };
}

export const CONFIG_CHECKS: readonly ConfigCheck[] = [
  ordered('MIN_SL_DISTANCE_PCT', 'MAX_SL_DISTANCE_PCT', false),
  ordered('MIN_LEVERAGE', 'MAX_LEVERAGE_OPEN', true),
  ordered('LEVERAGE_CAP_CONFIDENCE_LOW', 'LEVERAGE_CAP_CONFIDENCE_MED', false),
  ordered('MIN_LEVERAGE', 'LEVERAGE_MAX_CONFIDENCE_LOW', true),
  ordered('LEVERAGE_MAX_CONFIDENCE_LOW', 'LEVERAGE_MAX_CONFIDENCE_MED', true),
  ordered('LEVERAGE_MAX_CONFIDENCE_MED', 'MAX_LEVERAGE_OPEN', true),
  ordered('MAX_LOSS_USDT_PER_TRADE', 'MAX_TOTAL_RISK_USDT', true),
  ordered('CORRELATION_CLUSTER_RISK_USDT', 'MAX_TOTAL_RISK_USDT', true),
  ordered('DYNAMIC_RISK_PER_TRADE_FLOOR_USDT', 'DYNAMIC_RISK_PER_TRADE_CEILING_USDT', false),
  ordered('DYNAMIC_TOTAL_RISK_FLOOR_USDT', 'DYNAMIC_TOTAL_RISK_CEILING_USDT', false),
  ordered('DYNAMIC_RISK_PER_TRADE_PCT', 'DYNAMIC_TOTAL_RISK_PCT', true),
  ordered('DYNAMIC_RISK_PER_TRADE_CEILING_USDT', 'DYNAMIC_TOTAL_RISK_CEILING_USDT', true),
  ordered('TRAILING_MIN_DISTANCE_PCT', 'TRAILING_MAX_DISTANCE_PCT', true),
  ordered('BREAK_EVEN_OFFSET_PCT', 'BREAK_EVEN_TRIGGER_PCT', false),

  requires('one-way mode', ['BYBIT_HEDGE_MODE'], (c) =>
    c.BYBIT_HEDGE_MODE
      ? problem(
          'BYBIT_HEDGE_MODE',
          'BYBIT_HEDGE_MODE (true) is not supported: Warden trades one-way mode only; set BYBIT_HEDGE_MODE=false or remove it',
        )
      : null,
  ),
  requires('live mode needs the live profile', ['TRADING_MODE', 'PROFILE'], (c) =>
    c.TRADING_MODE === 'live' && c.PROFILE === 'testnet'
      ? problem(
          'PROFILE',
          'PROFILE (testnet) cannot be used with TRADING_MODE=live: its limits are for play money; remove PROFILE or set PROFILE=live (single limits can still be overridden)',
        )
      : null,
  ),
  requires('recovery sizing in live', ['ENABLE_RECOVERY_SIZING', 'ALLOW_RECOVERY_IN_LIVE', 'PROFILE'], (c) =>
    c.ENABLE_RECOVERY_SIZING && c.PROFILE === 'live' && !c.ALLOW_RECOVERY_IN_LIVE
      ? problem(
          'ENABLE_RECOVERY_SIZING',
          'ENABLE_RECOVERY_SIZING (true) with the live profile grows the budget after losses: set ENABLE_RECOVERY_SIZING=false, or ALLOW_RECOVERY_IN_LIVE=true if you really mean it',
        )
      : null,
  ),
  requires('symbol risk caps', ['SYMBOL_RISK_CAPS_USDT', 'SYMBOLS'], (c) =>
    Object.entries(c.SYMBOL_RISK_CAPS_USDT).flatMap(([symbol, cap]) => {
      const out: ConfigProblem[] = [];
      if (!c.SYMBOLS.includes(symbol)) {
        out.push(
          problem(
            'SYMBOL_RISK_CAPS_USDT',
            `SYMBOL_RISK_CAPS_USDT names ${symbol}, which is not in SYMBOLS (${c.SYMBOLS.join(',')}): fix the symbol or add it to SYMBOLS`,
          ),
        );
      }
      if (!(cap > 0)) {
        out.push(
          problem(
            'SYMBOL_RISK_CAPS_USDT',
            `SYMBOL_RISK_CAPS_USDT cap for ${symbol} (${cap}) must be a positive USDT amount: raise it, or remove ${symbol} from SYMBOLS to stop trading it`,
          ),
        );
      }
      return out;
    }),
  ),
  requires('unique symbols', ['SYMBOLS'], (c) => {
    const duplicates = c.SYMBOLS.filter((s, i) => c.SYMBOLS.indexOf(s) !== i);
    return duplicates.length === 0
      ? null
      : problem(
          'SYMBOLS',
          `SYMBOLS lists ${[...new Set(duplicates)].join(', ')} twice: list each symbol once`,
        );
  }),
  requires(
    'context timeframes above the decision timeframe',
    ['CONTEXT_TIMEFRAMES', 'DECISION_TIMEFRAME'],
    (c) => {
      const tooShort = c.CONTEXT_TIMEFRAMES.filter(
        (tf) => TIMEFRAME_MS[tf] <= TIMEFRAME_MS[c.DECISION_TIMEFRAME],
      );
      return tooShort.length === 0
        ? null
        : problem(
            'CONTEXT_TIMEFRAMES',
            `CONTEXT_TIMEFRAMES (${c.CONTEXT_TIMEFRAMES.join(',')}) must all be longer than DECISION_TIMEFRAME (${c.DECISION_TIMEFRAME}): remove ${tooShort.join(', ')}`,
          );
    },
  ),
  requires('profit-lock ladder', ['PROFIT_LOCK_LADDER'], (c) =>
    c.PROFIT_LOCK_LADDER.flatMap((rung, i, ladder) => {
      const out: ConfigProblem[] = [];
      const label = `PROFIT_LOCK_LADDER rung ${i + 1} (${rung.movePct}:${rung.lockPct})`;
      if (rung.lockPct >= rung.movePct) {
        out.push(problem('PROFIT_LOCK_LADDER', `${label} must lock less than its move: lower the lock`));
      }
      const previous = ladder[i - 1];
      if (previous && rung.movePct <= previous.movePct) {
        out.push(
          problem(
            'PROFIT_LOCK_LADDER',
            `${label} must have a larger move than the rung before: sort the rungs`,
          ),
        );
      }
      return out;
    }),
  ),
  requires('prompt A/B split', ['PROMPT_AB_SPLIT', 'PROMPT_VERSION'], (c) => {
    if (c.PROMPT_AB_SPLIT === undefined) return null;
    const [version] = c.PROMPT_AB_SPLIT.split(':');
    return version === c.PROMPT_VERSION
      ? problem(
          'PROMPT_AB_SPLIT',
          `PROMPT_AB_SPLIT (${c.PROMPT_AB_SPLIT}) compares PROMPT_VERSION (${c.PROMPT_VERSION}) with itself: name another version or remove PROMPT_AB_SPLIT`,
        )
      : null;
  }),
  requires(
    'shadow deciders',
    ['AI_SHADOW_DECIDERS', 'AI_PROVIDER', 'AI_MODEL', 'PROMPT_VERSION', 'PROMPT_AB_SPLIT'],
    (c) => {
      if (c.AI_SHADOW_DECIDERS === undefined) return null;
      const shadows = parseDeciderList(c.AI_SHADOW_DECIDERS);
      const lead = leadDeciderId(c);
      const seen = new Set([lead]);
      for (const spec of shadows) {
        const id = deciderIdOf(spec, c.PROMPT_VERSION);
        if (seen.has(id))
          return problem(
            'AI_SHADOW_DECIDERS',
            `AI_SHADOW_DECIDERS lists ${id} ${id === lead ? 'which already leads (AI_PROVIDER, AI_MODEL, PROMPT_VERSION)' : 'twice'}: each decider trades once; remove the repeat`,
          );
        seen.add(id);
      }
      const hosted = new Set(
        [c.AI_PROVIDER, ...shadows.map((s) => s.provider)].filter((p) => p === 'openai' || p === 'anthropic'),
      );
      return hosted.size > 1
        ? problem(
            'AI_SHADOW_DECIDERS',
            'AI_SHADOW_DECIDERS: the deciders use both openai and anthropic, but AI_BASE_URL and AI_API_KEY configure one endpoint: run the two providers in separate runs',
          )
        : null;
    },
  ),
  requires('hosted AI provider', ['AI_PROVIDER', 'AI_MODEL', 'AI_API_KEY', 'AI_BASE_URL'], (c) => {
    if (c.AI_PROVIDER !== 'openai' && c.AI_PROVIDER !== 'anthropic') return null;
    const out: ConfigProblem[] = [];
    if (c.AI_MODEL === undefined) {
      out.push(
        problem('AI_MODEL', `AI_MODEL is required with AI_PROVIDER=${c.AI_PROVIDER}: set the model name`),
      );
    }
    const local = c.AI_BASE_URL !== undefined && isLoopbackUrl(c.AI_BASE_URL);
    if (c.AI_API_KEY === undefined && !local) {
      out.push(
        problem(
          'AI_API_KEY',
          `AI_API_KEY is required with AI_PROVIDER=${c.AI_PROVIDER}: set the key, or point AI_BASE_URL at a local server (127.0.0.1) that needs none`,
        ),
      );
    }
    return out;
  }),
  requires('replay provider', ['AI_PROVIDER', 'AI_REPLAY_JOURNAL'], (c) =>
    c.AI_PROVIDER === 'replay' && c.AI_REPLAY_JOURNAL === undefined
      ? problem(
          'AI_REPLAY_JOURNAL',
          'AI_REPLAY_JOURNAL is required with AI_PROVIDER=replay: set the journal file whose responses to replay',
        )
      : null,
  ),
  requires('remote dashboard', ['WEB_ENABLED', 'WEB_HOST', 'WEB_ALLOW_REMOTE', 'WEB_TOKEN'], (c) => {
    if (!c.WEB_ENABLED || isLoopbackHost(c.WEB_HOST)) return null;
    const out: ConfigProblem[] = [];
    if (!c.WEB_ALLOW_REMOTE) {
      out.push(
        problem(
          'WEB_ALLOW_REMOTE',
          `WEB_HOST (${c.WEB_HOST}) is not a loopback address: set WEB_ALLOW_REMOTE=true to expose the dashboard, or WEB_HOST=127.0.0.1`,
        ),
      );
    }
    if (c.WEB_TOKEN === undefined) {
      out.push(
        problem(
          'WEB_TOKEN',
          `WEB_HOST (${c.WEB_HOST}) is not a loopback address: set WEB_TOKEN so that state-changing requests need it`,
        ),
      );
    }
    return out;
  }),
  setTogether(
    'telegram alerts',
    ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_CHAT_ID'],
    'set the chat that receives alerts',
    'set the bot token, or remove TELEGRAM_CHAT_ID',
  ),
  setTogether(
    'bybit key pair',
    ['BYBIT_API_KEY', 'BYBIT_API_SECRET'],
    'set both or neither',
    'set both or neither',
  ),
];

/** Runs every check whose variables are all valid on their own; returns every problem found. */
export function runConfigChecks(config: WardenConfig, invalidKeys: ReadonlySet<string>): ConfigProblem[] {
  return CONFIG_CHECKS.filter((c) => c.keys.every((k) => !invalidKeys.has(k))).flatMap((c) =>
    c.check(config),
  );
}

/** The lead's journal id (docs/arena.md): the configured provider, model and prompt plan. */
export function leadDeciderId(
  c: Pick<WardenConfig, 'AI_PROVIDER' | 'AI_MODEL' | 'PROMPT_VERSION' | 'PROMPT_AB_SPLIT'>,
): string {
  const hosted = c.AI_PROVIDER === 'openai' || c.AI_PROVIDER === 'anthropic';
  const prompt = c.PROMPT_AB_SPLIT ? `${c.PROMPT_VERSION}/${c.PROMPT_AB_SPLIT}` : c.PROMPT_VERSION;
  return deciderIdOf(
    { provider: c.AI_PROVIDER, model: hosted ? (c.AI_MODEL ?? '') : null, promptVersion: null },
    prompt,
  );
}
