import { z } from 'zod';
import {
  CONFIG_KEYS,
  closestConfigKey,
  type LoadConfigOptions,
  loadConfig,
  SECRET_KEYS,
  type WardenConfig,
} from '../config/index.ts';
import { errorMessage } from '../domain/index.ts';

export class SweepInputError extends Error {
  override readonly name = 'SweepInputError';
}

/** One value of a grid variable, as the environment or a JSON list would give it. */
const gridValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.unknown())]);

/** The grid file: fixed overrides for every run, and the variables to vary with their values. */
const gridFileSchema = z
  .object({
    base: z.record(z.string(), gridValue).optional(),
    grid: z.record(z.string(), z.array(gridValue).min(1, 'give at least one value')),
  })
  .strict();

export interface GridSpec {
  base: Record<string, unknown>;
  /** Variable → values, in the order given; the product of the lists is the set of settings. */
  grid: Record<string, unknown[]>;
}

/** One point of the grid: its varied values and the whole configuration a run uses. */
export interface Setting {
  index: number;
  /** `KEY=value KEY=value`, the name a trader reads in the tables. */
  label: string;
  values: Record<string, unknown>;
  config: WardenConfig;
}

/** Decisions a sweep can repeat for free: a live model would be called once per setting and fold. */
const SWEEP_PROVIDERS = ['baseline', 'chaos', 'replay'];
const FIXED_KEYS: readonly string[] = ['TRADING_MODE', ...SECRET_KEYS];

function zodProblems(error: z.ZodError): string {
  return error.issues
    .map((i) => `  - ${i.path.length > 0 ? i.path.join('.') : '(top level)'}: ${i.message}`)
    .join('\n');
}

/** Parses and checks a grid file's JSON text; every problem is named by its key. */
export function parseGridFile(text: string, file: string): GridSpec {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SweepInputError(`${file} is not JSON: ${errorMessage(error)}`);
  }
  const parsed = gridFileSchema.safeParse(json);
  if (!parsed.success)
    throw new SweepInputError(
      `${file} is not a sweep grid ({"base": {...}, "grid": {"KEY": [v1, v2]}}):\n${zodProblems(parsed.error)}`,
    );
  return { base: parsed.data.base ?? {}, grid: parsed.data.grid };
}

/** `KEY=v1,v2` → one grid variable (values with a comma of their own belong in a grid file). */
export function parseSetFlag(flag: string): [string, string[]] {
  const match = /^([A-Z0-9_]+)=(.+)$/.exec(flag.trim());
  if (!match)
    throw new SweepInputError(
      `--set ${flag}: write KEY=value1,value2 (e.g. --set MAX_SL_DISTANCE_PCT=0.02,0.04)`,
    );
  const values = (match[2] as string).split(',').map((v) => v.trim());
  if (values.some((v) => v === '')) throw new SweepInputError(`--set ${flag}: an empty value between commas`);
  return [match[1] as string, values];
}

/** The grid file and the --set flags together; a variable given twice is refused. */
export function mergeGrid(file: GridSpec | null, sets: readonly string[]): GridSpec {
  const spec: GridSpec = { base: { ...(file?.base ?? {}) }, grid: { ...(file?.grid ?? {}) } };
  for (const flag of sets) {
    const [key, values] = parseSetFlag(flag);
    if (Object.hasOwn(spec.grid, key)) throw new SweepInputError(`${key} is varied twice: give it once`);
    spec.grid[key] = values;
  }
  return spec;
}

function checkKeys(spec: GridSpec): void {
  const known = new Set<string>(CONFIG_KEYS);
  const problems: string[] = [];
  for (const [where, keys] of [
    ['base', Object.keys(spec.base)],
    ['grid', Object.keys(spec.grid)],
  ] as const) {
    for (const key of keys) {
      if (!known.has(key)) {
        const guess = closestConfigKey(key);
        problems.push(
          `${where}.${key} is not a configuration variable${guess ? `: did you mean ${guess}?` : ''}`,
        );
      } else if (FIXED_KEYS.includes(key)) {
        problems.push(`${where}.${key} cannot be swept: a sweep always backtests and never needs a secret`);
      }
    }
  }
  for (const key of Object.keys(spec.grid)) {
    if (Object.hasOwn(spec.base, key)) problems.push(`${key} is in both base and grid: keep one`);
    const values = spec.grid[key] as unknown[];
    const seen = new Set(values.map((v) => JSON.stringify(v)));
    if (seen.size < values.length) problems.push(`grid.${key} lists a value twice`);
  }
  if (Object.keys(spec.grid).length === 0)
    problems.push('nothing to vary: give a grid file (--grid) or --set KEY=v1,v2');
  if (problems.length > 0)
    throw new SweepInputError(
      `the sweep grid has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`,
    );
}

function cartesian(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  let out: Record<string, unknown>[] = [{}];
  for (const [key, values] of Object.entries(grid))
    out = out.flatMap((partial) => values.map((v) => ({ ...partial, [key]: v })));
  return out;
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * Every combination of the grid, each validated through the same configuration schema and checks
 * as `warden run` (base values, then the environment and .env as `loadOptions` say).
 */
export function expandGrid(
  spec: GridSpec,
  loadOptions: Omit<LoadConfigOptions, 'overrides'> = {},
): { settings: Setting[]; warnings: string[] } {
  checkKeys(spec);
  const warnings = new Set<string>();
  const settings = cartesian(spec.grid).map((values, index) => {
    const label = Object.entries(values)
      .map(([k, v]) => `${k}=${show(v)}`)
      .join(' ');
    let config: WardenConfig;
    try {
      const loaded = loadConfig({
        ...loadOptions,
        overrides: { ...spec.base, ...values, TRADING_MODE: 'backtest' },
      });
      for (const w of loaded.warnings) warnings.add(w);
      config = loaded.config;
    } catch (error) {
      throw new SweepInputError(`setting ${label}: ${errorMessage(error)}`);
    }
    if (!SWEEP_PROVIDERS.includes(config.AI_PROVIDER))
      throw new SweepInputError(
        `setting ${label}: AI_PROVIDER=${config.AI_PROVIDER} would call the model once per setting and fold; ` +
          `a sweep runs ${SWEEP_PROVIDERS.join(', ')}: record a session, then sweep prompt versions with AI_PROVIDER=replay and AI_REPLAY_JOURNAL`,
      );
    if (config.AI_PROVIDER === 'replay' && !config.AI_REPLAY_JOURNAL)
      throw new SweepInputError(
        `setting ${label}: AI_PROVIDER=replay needs AI_REPLAY_JOURNAL, the journal of the session to re-gate`,
      );
    return { index, label, values, config };
  });
  const symbolSets = new Set(settings.map((s) => s.config.SYMBOLS.join(',')));
  if (symbolSets.size > 1 && Object.hasOwn(spec.grid, 'SYMBOLS'))
    warnings.add(
      'SYMBOLS is varied: the settings trade different markets, so their scores are not like for like',
    );
  return { settings, warnings: [...warnings] };
}
