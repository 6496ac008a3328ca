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

function isForbiddenKey(key: string): boolean {
  const normalized = normalizeKey(key);
  return FORBIDDEN_PROMPT_KEYS.some((forbidden) => normalized.includes(forbidden));
}

const regimeLabels = new Set<string>(REGIMES);

/** Every path in `value` that holds a forbidden key or a regime label as a value. */
export function findForbiddenPaths(value: unknown, path = '$'): string[] {
  if (typeof value === 'string') {
    return regimeLabels.has(value.trim().toUpperCase()) ? [path] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findForbiddenPaths(item, `${path}[${index}]`));
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => {
      const childPath = `${path}.${key}`;
      return isForbiddenKey(key) ? [childPath] : findForbiddenPaths(child, childPath);
    });
  }
  return [];
}

/** Throws if anything server-side-only appears at any depth. */
export function assertNoForbiddenKeys(value: unknown): void {
  const found = findForbiddenPaths(value);
  if (found.length > 0) throw new ForbiddenPromptDataError(found.join(', '));
}
