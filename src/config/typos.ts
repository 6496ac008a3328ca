import { CONFIG_KEYS } from './schema.ts';

/** Environment variables Warden reads outside the schema; never reported as typos. */
const OTHER_WARDEN_VARIABLES = new Set(['WARDEN_DEBUG']);
const MAX_TYPO_DISTANCE = 2;

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(current[j - 1]! + 1, previous[j]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known variable an unknown name most likely meant, or null when it is not close to any. */
export function closestConfigKey(name: string): string | null {
  const upper = name.toUpperCase();
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const key of CONFIG_KEYS) {
    if (Math.abs(key.length - upper.length) > MAX_TYPO_DISTANCE) continue;
    const distance = levenshtein(upper, key);
    if (distance < bestDistance) {
      best = key;
      bestDistance = distance;
    }
  }
  return bestDistance <= MAX_TYPO_DISTANCE ? best : null;
}

export interface UnknownVariable {
  name: string;
  origin: '.env' | 'environment';
  /** The known variable it most likely meant, or null. */
  guess: string | null;
}

/**
 * Variable names that look like Warden's but are not: a typo must not silently leave a safety
 * default in force. Every unknown name in a .env file is reported (that file is Warden's); from
 * the process environment only close misspellings are.
 */
export function unknownVariables(
  environment: Record<string, unknown>,
  dotenv: Record<string, unknown>,
): UnknownVariable[] {
  const known = new Set<string>(CONFIG_KEYS);
  const found: UnknownVariable[] = [];
  const seen = new Set<string>();
  for (const [origin, names] of [
    ['.env', Object.keys(dotenv)],
    ['environment', Object.keys(environment)],
  ] as const) {
    for (const name of names) {
      if (known.has(name) || OTHER_WARDEN_VARIABLES.has(name) || seen.has(name)) continue;
      const guess = closestConfigKey(name);
      if (guess === null && origin !== '.env') continue;
      seen.add(name);
      found.push({ name, origin, guess });
    }
  }
  return found;
}
