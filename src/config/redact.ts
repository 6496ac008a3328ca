import { SECRET_KEYS, type WardenConfig } from './schema.ts';

export const REDACTED = '***redacted***';

/** A copy safe to print: every secret that is set is replaced by a marker; absent ones stay undefined. */
export function redactConfig(config: WardenConfig): WardenConfig {
  const copy: Record<string, unknown> = { ...config };
  for (const key of SECRET_KEYS) {
    if (copy[key] !== undefined) copy[key] = REDACTED;
  }
  return copy as WardenConfig;
}

/** The secret values that are set, for scrubbing free text (logs, errors, model output). */
export function secretValuesOf(config: WardenConfig): string[] {
  return SECRET_KEYS.map((key) => config[key]).filter(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
}

/** Replaces every occurrence of every secret; longer secrets first so that none is half-replaced. */
export function redactText(text: string, secrets: readonly string[]): string {
  const ordered = [...new Set(secrets.filter((s) => s.length > 0))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of ordered) out = out.split(secret).join(REDACTED);
  return out;
}
