import { resolve } from 'node:path';
import { runConfigChecks } from './checks.ts';
import { readDotenv } from './dotenv-file.ts';
import { ConfigError, type ConfigProblem } from './errors.ts';
import { readKeyFile } from './key-file.ts';
import { PROFILE_DEFAULTS, type ProfileName } from './profiles.ts';
import { redactText } from './redact.ts';
import { CONFIG_KEYS, type ConfigKey, configShape, SECRET_KEYS, type WardenConfig } from './schema.ts';
import { shortValue, showValue } from './show.ts';
import { closestConfigKey, unknownVariables } from './typos.ts';
import { problemsFromIssues } from './zod-problems.ts';

/** Where an effective value came from, strongest first. */
export type ConfigSource =
  | 'override'
  | 'environment'
  | '.env'
  | 'BYBIT_API_KEY_FILE'
  | 'profile:live'
  | 'profile:testnet'
  | 'default'
  | 'unset';

export interface LoadConfigOptions {
  /** Defaults to process.env, which is only read, never changed. */
  env?: Record<string, string | undefined>;
  /** Defaults to `<cwd>/.env`; null reads no file. A missing file is fine. */
  dotenvPath?: string | null;
  /** Values that beat every other source (e.g. the `config` of a `warden gate` document). */
  overrides?: Record<string, unknown>;
  cwd?: string;
}

export interface LoadedConfig {
  config: WardenConfig;
  profile: ProfileName;
  sources: Record<ConfigKey, ConfigSource>;
  /** Variable names that look like Warden's but are not (likely typos). */
  warnings: string[];
}

interface RawValue {
  value: unknown;
  source: ConfigSource;
}

const present = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/** Bybit keys in a .env others can read are refused; other secrets there get a warning. */
const KEYS_REFUSED_IN_SHARED_DOTENV: readonly ConfigKey[] = ['BYBIT_API_KEY', 'BYBIT_API_SECRET'];

/** The profile in force: PROFILE when valid, else testnet for testnet/demo mode and live otherwise. */
function resolveProfile(raw: Map<ConfigKey, RawValue>): ProfileName {
  const explicit = configShape.PROFILE.safeParse(raw.get('PROFILE')?.value);
  if (explicit.success && explicit.data !== undefined) return explicit.data;
  const mode = configShape.TRADING_MODE.safeParse(raw.get('TRADING_MODE')?.value);
  return mode.success && (mode.data === 'testnet' || mode.data === 'demo') ? 'testnet' : 'live';
}

function collectRaw(
  env: Record<string, string | undefined>,
  dotenv: Record<string, string>,
  overrides: Record<string, unknown>,
): { raw: Map<ConfigKey, RawValue>; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const known = new Set<string>(CONFIG_KEYS);
  for (const name of Object.keys(overrides)) {
    if (known.has(name)) continue;
    const guess = closestConfigKey(name);
    problems.push({
      variable: name,
      message: `${name} is not a configuration variable${guess ? `: did you mean ${guess}?` : ': remove it or fix its name'}`,
    });
  }
  const raw = new Map<ConfigKey, RawValue>();
  for (const key of CONFIG_KEYS) {
    if (Object.hasOwn(overrides, key) && overrides[key] !== undefined) {
      raw.set(key, { value: overrides[key], source: 'override' });
    } else if (present(env[key])) {
      raw.set(key, { value: env[key].trim(), source: 'environment' });
    } else if (present(dotenv[key])) {
      raw.set(key, { value: dotenv[key].trim(), source: '.env' });
    }
  }
  return { raw, problems };
}

/** Credentials from BYBIT_API_KEY_FILE join the raw values, unless the variables are set too. */
function applyKeyFile(raw: Map<ConfigKey, RawValue>, cwd: string): ConfigProblem[] {
  const file = raw.get('BYBIT_API_KEY_FILE');
  if (file === undefined || typeof file.value !== 'string' || file.value.trim() === '') return [];
  if (raw.has('BYBIT_API_KEY') || raw.has('BYBIT_API_SECRET')) {
    return [
      {
        variable: 'BYBIT_API_KEY_FILE',
        message:
          'BYBIT_API_KEY_FILE is set together with BYBIT_API_KEY/BYBIT_API_SECRET: give the credentials in one place only',
      },
    ];
  }
  const result = readKeyFile(file.value, cwd);
  if (!result.ok) return result.problems;
  raw.set('BYBIT_API_KEY', { value: result.apiKey, source: 'BYBIT_API_KEY_FILE' });
  raw.set('BYBIT_API_SECRET', { value: result.apiSecret, source: 'BYBIT_API_KEY_FILE' });
  return [];
}

function defaultText(key: ConfigKey, profile: ProfileName): string | undefined {
  const fromProfile = (PROFILE_DEFAULTS[profile] as Record<string, unknown>)[key];
  if (fromProfile !== undefined) return `${shortValue(fromProfile)} (profile ${profile})`;
  const parsed = configShape[key].safeParse(undefined);
  return parsed.success && parsed.data !== undefined ? shortValue(parsed.data) : undefined;
}

function rawSecretValues(raw: Map<ConfigKey, RawValue>): string[] {
  return SECRET_KEYS.map((key) => raw.get(key)?.value).filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
}

/**
 * Resolves the effective configuration: overrides, then the environment, then .env, then the
 * profile, then schema defaults. Every value is validated and every cross-field check runs;
 * all problems are thrown together as one ConfigError.
 */
export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const dotenvPath =
    options.dotenvPath === undefined
      ? resolve(cwd, '.env')
      : options.dotenvPath && resolve(cwd, options.dotenvPath);
  const dotenvFile = dotenvPath ? readDotenv(dotenvPath) : null;
  const dotenv = dotenvFile?.values ?? {};

  const { raw, problems } = collectRaw(env, dotenv, options.overrides ?? {});
  const sharedSecrets = dotenvFile?.readableByOthers
    ? SECRET_KEYS.filter((key) => raw.get(key)?.source === '.env')
    : [];
  for (const key of sharedSecrets.filter((k) => KEYS_REFUSED_IN_SHARED_DOTENV.includes(k))) {
    problems.push({
      variable: key,
      message: `${key} is in ${dotenvFile?.path}, which others can read: run chmod 600 on it, or use BYBIT_API_KEY_FILE`,
    });
  }
  const profile = resolveProfile(raw);
  problems.push(...applyKeyFile(raw, cwd));

  const values: Record<string, unknown> = {};
  const sources = {} as Record<ConfigKey, ConfigSource>;
  const invalidKeys = new Set<string>();
  for (const key of CONFIG_KEYS) {
    const profileValue = (PROFILE_DEFAULTS[profile] as Record<string, unknown>)[key];
    let input = raw.get(key);
    if (input === undefined && key === 'PROFILE') input = { value: profile, source: 'default' };
    if (input === undefined && profileValue !== undefined) {
      input = { value: profileValue, source: `profile:${profile}` };
    }
    const schema = configShape[key];
    const parsed = schema.safeParse(input?.value);
    if (!parsed.success) {
      invalidKeys.add(key);
      problems.push(
        ...problemsFromIssues(key, input?.value, parsed.error.issues, {
          description: schema.description,
          defaultText: defaultText(key, profile),
        }),
      );
      continue;
    }
    values[key] = parsed.data;
    sources[key] = input?.source ?? (parsed.data === undefined ? 'unset' : 'default');
  }

  const config = values as WardenConfig;
  problems.push(...runConfigChecks(config, invalidKeys));

  const warnings = sharedSecrets
    .filter((k) => !KEYS_REFUSED_IN_SHARED_DOTENV.includes(k))
    .map((key) => `${key} is in ${dotenvFile?.path}, which others can read: run chmod 600 on it`);
  const ignoredAi = (['AI_BASE_URL', 'AI_MODEL'] as const).filter((key) => raw.has(key));
  // A shadow decider may be the model AI_BASE_URL serves (AI_SHADOW_DECIDERS).
  if (values.AI_PROVIDER === 'baseline' && ignoredAi.length > 0 && !values.AI_SHADOW_DECIDERS) {
    warnings.push(
      `${ignoredAi.join(' and ')} ${ignoredAi.length > 1 ? 'are' : 'is'} set but AI_PROVIDER is baseline (${sources.AI_PROVIDER}): ` +
        'no model is called and the rule-based baseline decides; set AI_PROVIDER=openai (any OpenAI-compatible endpoint) or AI_PROVIDER=anthropic',
    );
  }
  const unknown = unknownVariables(env, dotenv);
  // Real money: a misspelt variable would leave a default in force that the operator meant to change.
  if (config.TRADING_MODE === 'live') {
    for (const { name, origin, guess } of unknown.filter((u) => u.guess !== null)) {
      problems.push({
        variable: name,
        message: `${name} (${origin}) is not a Warden variable; did you mean ${guess}? Live mode refuses to start with a misspelt variable: fix its name or remove it`,
      });
    }
  }
  warnings.push(
    ...unknown.map(({ name, origin, guess }) => {
      if (guess === null)
        return `${name} (${origin}) is not a Warden variable and is ignored: remove it or fix its name`;
      const effective = invalidKeys.has(guess)
        ? 'is invalid'
        : `stays ${showValue(guess, values[guess])} (${sources[guess as ConfigKey]})`;
      return `${name} (${origin}) is not a Warden variable and is ignored; did you mean ${guess}? ${guess} ${effective}`;
    }),
  );

  if (problems.length > 0) {
    const error = new ConfigError(problems, 'Invalid configuration', warnings);
    const secrets = rawSecretValues(raw);
    if (secrets.length === 0) throw error;
    throw new ConfigError(
      problems.map((p) => ({ variable: p.variable, message: redactText(p.message, secrets) })),
      'Invalid configuration',
      warnings.map((w) => redactText(w, secrets)),
    );
  }
  return { config, profile, sources, warnings };
}
