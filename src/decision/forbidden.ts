import { REGIMES } from '../domain/index.ts';

/**
 * Server-side-only concepts the model must never see (SPEC section 5). Keys are compared after
 * folding camelCase, kebab-case and spaces to snake_case, and a key that merely contains one of
 * these names (`pre_score_min`, `last_regime`) is refused too.
 */
export const FORBIDDEN_PROMPT_KEYS = [
  'regime',
  'pre_score',
  'range_score',
  'prescore',
  'rangescore',
] as const;

export class ForbiddenPromptDataError extends Error {
  override readonly name = 'ForbiddenPromptDataError';
  constructor(readonly path: string) {
    super(
      `prompt data must never reach the model with server-side scores or regime labels, found one at ${path}; ` +
        'pick fields explicitly in buildPromptData',
    );
  }
}

export function normalizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[\s-]+/g, '_')
    .toLowerCase();
}

const keyVerdicts = new Map<string, boolean>();

function isForbiddenKey(key: string): boolean {
  let forbidden = keyVerdicts.get(key);
  if (forbidden === undefined) {
    const normalized = normalizeKey(key);
    forbidden = FORBIDDEN_PROMPT_KEYS.some((name) => normalized.includes(name));
    // Prompt data has a fixed vocabulary of keys (plus symbols): the memo stays small.
    if (keyVerdicts.size < 10_000) keyVerdicts.set(key, forbidden);
  }
  return forbidden;
}

const regimeLabels = new Set<string>(REGIMES);

/** Every path in `value` that holds a forbidden key or a regime label as a value. */
export function findForbiddenPaths(value: unknown, path = '$'): string[] {
  const found: string[] = [];
  collectForbidden(value, [path], found);
  return found;
}

/** Walks `value` with its path as segments, joined only for what is found. */
function collectForbidden(value: unknown, segments: string[], found: string[]): void {
  if (typeof value === 'string') {
    if (regimeLabels.has(value.trim().toUpperCase())) found.push(segments.join(''));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      segments.push(`[${index}]`);
      collectForbidden(value[index], segments, found);
      segments.pop();
    }
    return;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    segments.push(`.${key}`);
    if (isForbiddenKey(key)) found.push(segments.join(''));
    else collectForbidden((value as Record<string, unknown>)[key], segments, found);
    segments.pop();
  }
}

/** Throws if anything server-side-only appears at any depth. */
export function assertNoForbiddenKeys(value: unknown): void {
  const found = findForbiddenPaths(value);
  if (found.length > 0) throw new ForbiddenPromptDataError(found.join(', '));
}
