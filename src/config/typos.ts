import { CONFIG_KEYS } from './schema.ts';

/** Environment variables Warden reads outside the schema; never reported as typos. */
const OTHER_WARDEN_VARIABLES = new Set(['WARDEN_DEBUG']);
const MAX_TYPO_DISTANCE = 2;

/** Edit distance, giving up (returning limit + 1) as soon as it must exceed `limit`. */
export function levenshtein(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(current[j - 1]! + 1, previous[j]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  const distance = previous[b.length]!;
  return distance > limit ? limit + 1 : distance;
}

const guesses = new Map<string, string | null>();
const MAX_REMEMBERED_GUESSES = 1000;

/** The known variable an unknown name most likely meant, or null when it is not close to any. */
export function closestConfigKey(name: string): string | null {
  const remembered = guesses.get(name);
  if (remembered !== undefined) return remembered;
  const upper = name.toUpperCase();
  let best: string | null = null;
  let bestDistance = MAX_TYPO_DISTANCE + 1;
  for (const key of CONFIG_KEYS) {
    const distance = levenshtein(upper, key, MAX_TYPO_DISTANCE);
    if (distance < bestDistance) {
      best = key;
      bestDistance = distance;
    }
  }
  if (guesses.size < MAX_REMEMBERED_GUESSES) guesses.set(name, best);
  return best;
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
