import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './data.ts';

/** A Bybit payload from test/fixtures/bybit (documentation examples; `recorded/…` for recordings). */
// biome-ignore lint/suspicious/noExplicitAny: recorded payloads are read loosely by tests
export function bybitFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/bybit', name), 'utf8')) as T;
}

/** A recorded Bybit V5 payload from test/fixtures/bybit/recorded (origin in SOURCES.md there). */
// biome-ignore lint/suspicious/noExplicitAny: recorded payloads are read loosely by tests
export function recorded<T = any>(name: string): T {
  return bybitFixture<T>(`recorded/${name}`);
}

/**
 * How a Bybit value is written: `""`, an integer string (`"1757837580469"`), a plain decimal
 * string (`"0.0679239"`), other text — or a JSON number, boolean, object, array.
 */
export type ValueFormat =
  | 'empty'
  | 'integer-string'
  | 'decimal-string'
  | 'text'
  | 'number'
  | 'boolean'
  | 'object'
  | 'array'
  | 'null';

/** Bybit writes numbers as plain decimals; more than 10 fraction digits is float noise, never Bybit. */
const PLAIN_DECIMAL = /^-?\d+\.\d{1,10}$/;

export function formatOf(value: unknown): ValueFormat {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    case 'string':
      if (value === '') return 'empty';
      if (/^-?\d+$/.test(value)) return 'integer-string';
      if (PLAIN_DECIMAL.test(value)) return 'decimal-string';
      return 'text';
    default:
      return 'text';
  }
}

export interface ShapeOptions {
  /**
   * The recording wrote Bybit's JSON numbers as strings (ccxt's static fixtures do): a recorded
   * integer string then also matches a JSON number.
   */
  numbersWereStringified?: boolean;
}

/** A number string's value may need decimals or not (`"102000"` vs `"123615.9"`): both are numbers. */
function compatible(
  want: ValueFormat,
  got: ValueFormat,
  recordedValue: unknown,
  options: ShapeOptions,
): boolean {
  if (want === got) return true;
  if (want === 'null') return true; // the recording blanked the value: nothing to compare
  const numeric = (f: ValueFormat) => f === 'integer-string' || f === 'decimal-string';
  if (numeric(want) && numeric(got)) {
    // Timestamps, sequence numbers and ids stay integers.
    const longInteger = want === 'integer-string' && String(recordedValue).replace('-', '').length >= 10;
    return !longInteger;
  }
  if (options.numbersWereStringified && want === 'integer-string' && got === 'number') return true;
  return false;
}

/**
 * Differences of `actual` from the recorded payloads of the same endpoint, as readable lines
 * (`path: …`). Keys every recording has must be present; keys no recording has are extra;
 * values must have a recording's format. List items are each compared with the recordings'
 * first item. An empty actual list where a recording has items is a difference (nothing was
 * compared).
 */
export function shapeDifferences(
  recordings: readonly { payload: unknown; options?: ShapeOptions }[],
  actual: unknown,
  at = '$',
): string[] {
  const present = recordings.filter((r) => r.payload !== undefined && r.payload !== null);
  if (present.length === 0) return [];
  const differences: string[] = [];
  const gotFormat = formatOf(actual);
  // Ids (orderId, orderLinkId, execId…) are opaque: a UUID and a numeric id are both Bybit's.
  const textual = (f: ValueFormat) => f === 'text' || f === 'integer-string' || f === 'decimal-string';
  const isId = /Id$/.test(at);
  const formatOk = present.some(
    (r) =>
      compatible(formatOf(r.payload), gotFormat, r.payload, r.options ?? {}) ||
      (isId && textual(formatOf(r.payload)) && textual(gotFormat)),
  );
  if (!formatOk) {
    const wanted = [...new Set(present.map((r) => formatOf(r.payload)))].join(' or ');
    differences.push(`${at}: ${wanted} expected, got ${gotFormat} ${JSON.stringify(actual)}`);
    return differences;
  }
  if (gotFormat === 'array') {
    const items = actual as unknown[];
    const templates = present
      .filter((r) => Array.isArray(r.payload) && (r.payload as unknown[]).length > 0)
      .map((r) => ({ payload: r.payload as unknown[], options: r.options }));
    if (templates.length === 0) return differences;
    if (items.length === 0) {
      differences.push(`${at}: empty list, the recordings have items (nothing compared)`);
      return differences;
    }
    // A row of scalars (a kline row) is compared position by position; objects against item 0.
    const rows = templates.every((t) => t.payload.every((v) => typeof v !== 'object' || v === null));
    items.forEach((item, i) => {
      const perItem = templates.map((t) => ({
        payload: rows ? t.payload[i] : t.payload[0],
        options: t.options,
      }));
      differences.push(...shapeDifferences(perItem, item, `${at}[${i}]`));
    });
    return differences;
  }
  if (gotFormat === 'object') {
    const objects = present.filter((r) => formatOf(r.payload) === 'object') as {
      payload: Record<string, unknown>;
      options?: ShapeOptions;
    }[];
    const got = actual as Record<string, unknown>;
    const everywhere = Object.keys(objects[0]?.payload ?? {}).filter((k) =>
      objects.every((o) => k in o.payload),
    );
    const anywhere = new Set(objects.flatMap((o) => Object.keys(o.payload)));
    for (const key of everywhere) if (!(key in got)) differences.push(`${at}.${key}: missing`);
    for (const key of Object.keys(got)) {
      if (!anywhere.has(key)) {
        differences.push(`${at}.${key}: not in any recording`);
        continue;
      }
      const withKey = objects
        .filter((o) => key in o.payload)
        .map((o) => ({ payload: o.payload[key], options: o.options }));
      differences.push(...shapeDifferences(withKey, got[key], `${at}.${key}`));
    }
  }
  return differences;
}
