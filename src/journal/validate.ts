import { JournalWriteError } from './errors.ts';

/** Field checks for records: a bad value is refused with its name, never stored as NULL or NaN. */

export function text(what: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new JournalWriteError(`${what}: ${field} must be a non-empty string (got ${describe(value)})`);
  }
  return value;
}

export function optionalText(what: string, field: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') {
    throw new JournalWriteError(`${what}: ${field} must be a string or null (got ${describe(value)})`);
  }
  return value;
}

export function num(what: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new JournalWriteError(`${what}: ${field} must be a finite number (got ${describe(value)})`);
  }
  return value;
}

export function optionalNum(what: string, field: string, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  return num(what, field, value);
}

export function timeMs(what: string, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new JournalWriteError(`${what}: ${field} must be a time in whole ms UTC (got ${describe(value)})`);
  }
  return value;
}

export function oneOf<T extends string>(
  what: string,
  field: string,
  value: unknown,
  allowed: readonly T[],
): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new JournalWriteError(
      `${what}: ${field} must be one of ${allowed.join(', ')} (got ${describe(value)})`,
    );
  }
  return value as T;
}

export function optionalOneOf<T extends string>(
  what: string,
  field: string,
  value: unknown,
  allowed: readonly T[],
): T | null {
  if (value === null || value === undefined) return null;
  return oneOf(what, field, value, allowed);
}

/**
 * Whether JSON.stringify meets only plain objects, arrays, strings, booleans, null, undefined and
 * finite numbers in `value`: then a replacer that passes those through changes nothing, and the
 * plain (much faster) JSON.stringify gives the same text. Anything else takes the replacer.
 */
function plainFiniteTree(value: unknown, depth = 0): boolean {
  if (value === null || value === undefined) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (depth > 32 || 'toJSON' in value) return false;
      if (Array.isArray(value)) {
        for (const item of value) if (!plainFiniteTree(item, depth + 1)) return false;
        return true;
      }
      const prototype = Object.getPrototypeOf(value);
      if (prototype !== Object.prototype && prototype !== null) return false;
      for (const key in value) {
        if (!plainFiniteTree((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** JSON for our own records: a non-finite number is a bug upstream and is refused. */
export function strictJson(what: string, field: string, value: unknown): string {
  if (plainFiniteTree(value)) return JSON.stringify(value);
  return JSON.stringify(value, (key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      throw new JournalWriteError(
        `${what}: ${field}${key ? `.${key}` : ''} is ${v}; only finite numbers are journaled`,
      );
    }
    return v;
  });
}

/** JSON for what an outside party sent: kept as faithfully as JSON allows (NaN becomes "NaN"). */
export function lenientJson(value: unknown): string {
  if (plainFiniteTree(value)) return JSON.stringify(value === undefined ? null : value);
  const json = JSON.stringify(value === undefined ? null : value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (typeof v === 'bigint') return v.toString();
    return v;
  });
  return json ?? 'null';
}

export function optionalStrictJson(what: string, field: string, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return strictJson(what, field, value);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value)?.slice(0, 60) ?? typeof value;
}
