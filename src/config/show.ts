import { SECRET_KEYS } from './schema.ts';

const MAX_SHOWN_CHARS = 60;

export function isSecretKey(key: string): boolean {
  return (SECRET_KEYS as readonly string[]).includes(key);
}

/** A value as it may appear in a message: secrets never, long values shortened. */
export function showValue(key: string, value: unknown): string {
  if (isSecretKey(key)) return value === undefined ? 'unset' : 'value hidden';
  return shortValue(value);
}

/** A parsed value written back the way it is set in the environment (lists, KEY:value maps, ladders). */
export function envText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    return value
      .map((item) =>
        item !== null && typeof item === 'object' && 'movePct' in item && 'lockPct' in item
          ? `${item.movePct}:${item.lockPct}`
          : envText(item),
      )
      .join(',');
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${k}:${envText(v)}`)
      .join(',');
  }
  return String(value);
}

export function shortValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = JSON.stringify(value);
  else if (value === undefined) text = 'unset';
  else if (value === null) text = 'null';
  else {
    try {
      text = envText(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 1)}…` : text;
}
