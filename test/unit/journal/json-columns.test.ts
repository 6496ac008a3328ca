import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JournalWriteError } from '../../../src/journal/errors.ts';
import { lenientJson, strictJson } from '../../../src/journal/validate.ts';

/** The replacer forms: what the JSON columns always were, without the plain-tree shortcut. */
function strictReference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new JournalWriteError('not finite');
    return v;
  });
}

function lenientReference(value: unknown): string {
  const json = JSON.stringify(value === undefined ? null : value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (typeof v === 'bigint') return v.toString();
    return v;
  });
  return json ?? 'null';
}

function outcome(f: () => string): string {
  try {
    return `ok ${f()}`;
  } catch (error) {
    return error instanceof JournalWriteError ? 'refused' : `threw ${String(error)}`;
  }
}

const values = fc.anything({
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withBoxedValues: true,
  maxDepth: 4,
});

describe('JSON columns: the plain-tree shortcut writes the same text as the checking replacer', () => {
  it('strictJson refuses exactly what the replacer refuses and otherwise writes the same text', () => {
    fc.assert(
      fc.property(values, (value) => {
        expect(outcome(() => strictJson('test', 'field', value))).toBe(outcome(() => strictReference(value)));
      }),
      { numRuns: 3000 },
    );
  });

  it('lenientJson writes the same text as its replacer', () => {
    fc.assert(
      fc.property(values, (value) => {
        expect(outcome(() => lenientJson(value))).toBe(outcome(() => lenientReference(value)));
      }),
      { numRuns: 3000 },
    );
  });

  it('still names a non-finite number, also inside a value with a toJSON', () => {
    expect(() => strictJson('decision', 'inputSnapshot', { a: [1, Number.NaN] })).toThrow(/inputSnapshot/);
    const withToJson = { toJSON: () => ({ x: Number.POSITIVE_INFINITY }) };
    expect(() => strictJson('decision', 'order', withToJson)).toThrow(JournalWriteError);
    expect(lenientJson({ a: Number.NaN, b: 2n })).toBe('{"a":"NaN","b":"2"}');
  });
});
