/** Decimals kept in JSON output: enough for prices and USDT, and free of float noise. */
export const JSON_DECIMALS = 8;

function roundNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  const scale = 10 ** JSON_DECIMALS;
  const rounded = Math.round(value * scale) / scale;
  return Object.is(rounded, -0) ? 0 : rounded;
}

function normalise(value: unknown): unknown {
  if (typeof value === 'number') return roundNumber(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

/**
 * Byte-identical output for identical inputs: keys sorted, numbers rounded to JSON_DECIMALS
 * (non-finite numbers become null), two-space indentation, a final newline.
 */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(normalise(value), null, 2)}\n`;
}
