import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blankProposal } from '../../../src/domain/index.ts';
import { accountSchema, instrumentSchema, marketSchema, proposalSchema } from '../../../src/risk/input.ts';
import { fastAccount, fastInstrument, fastMarket, fastProposal } from '../../../src/risk/input-fast.ts';
import { gateInputArb } from './arbitraries.ts';

/** The same value, the same keys present (an absent key is not an undefined one) in the same order. */
function expectIdentical(fast: unknown, zod: unknown) {
  expect(fast).toStrictEqual(zod);
  const order = (v: unknown): unknown =>
    v !== null && typeof v === 'object'
      ? Array.isArray(v)
        ? v.map(order)
        : Object.entries(v).map(([k, x]) => [k, order(x)])
      : Object.is(v, -0)
        ? '-0'
        : v;
  expect(order(fast)).toEqual(order(zod));
}

const PARTS = {
  proposal: { schema: proposalSchema, fast: fastProposal },
  account: { schema: accountSchema, fast: fastAccount },
  instrument: { schema: instrumentSchema, fast: fastInstrument },
  market: { schema: marketSchema, fast: fastMarket },
} as const;
type Part = keyof typeof PARTS;

/** What the fast path said about a value, held to what the zod schema says. Returns whether it answered. */
function check(part: Part, value: unknown): boolean {
  const { schema, fast } = PARTS[part];
  const parsed = schema.safeParse(value);
  const accepted = fast(value);
  if (accepted === undefined) return false;
  expect(parsed.success, `${part}: the fast path accepted what zod refuses`).toBe(true);
  expectIdentical(accepted, parsed.data);
  return true;
}

const ODD_VALUES: unknown[] = [
  undefined,
  null,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  -1,
  1,
  0.5,
  1.5,
  0.01,
  -0.01,
  0.0099,
  1e-300,
  2e9,
  '',
  'x',
  'LONG',
  'LIMIT',
  'HOLD',
  'ACTIVE',
  '1',
  true,
  [],
  {},
  [1],
  Object.create(null),
  new Date(0),
  { takerFee: 0.001, makerFee: 0.0002 },
  { ETHUSDT: 0.5 },
  { ETHUSDT: 2 },
];

/** Where in a part a value can be replaced or removed: every path down to the leaves. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((k) => paths((value as Record<string | number, unknown>)[k], [...prefix, k])),
  ];
}

type Edit =
  | { kind: 'set'; value: unknown }
  | { kind: 'delete' }
  | { kind: 'extra'; key: string; value: unknown };

/** A deep copy with one edit at `path`; the input is never changed. */
function edited(value: unknown, path: (string | number)[], edit: Edit): unknown {
  if (path.length === 0) {
    if (edit.kind === 'set') return edit.value;
    if (edit.kind === 'extra' && value !== null && typeof value === 'object' && !Array.isArray(value))
      return { ...value, [edit.key]: edit.value };
    return value;
  }
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  if (rest.length === 0 && edit.kind === 'delete') delete copy[head];
  else copy[head] = edited(copy[head], rest, edit);
  return copy;
}

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.constantFrom(...ODD_VALUES).map((value) => ({ kind: 'set' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc
    .tuple(fc.constantFrom('extra', '__proto__', 'symbol', '0'), fc.constantFrom(...ODD_VALUES))
    .map(([key, value]) => ({ kind: 'extra' as const, key, value })),
);

describe('the hand-written common case of the gate input schemas', () => {
  it('accepts every well-formed input and returns exactly what the zod schema returns', () => {
    fc.assert(
      fc.property(gateInputArb, (input) => {
        for (const part of Object.keys(PARTS) as Part[]) {
          expect(check(part, input[part]), `${part} took the slow path`).toBe(true);
        }
        expect(check('proposal', blankProposal('BTCUSDT', 'HOLD'))).toBe(true);
      }),
      { numRuns: Number(process.env.INPUT_FAST_RUNS ?? 300) },
    );
  });

  it('never accepts what zod refuses, and never returns anything but what zod returns, on broken inputs', () => {
    let answered = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        gateInputArb,
        fc.constantFrom(...(Object.keys(PARTS) as Part[])),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(editArb, { minLength: 1, maxLength: 3 }),
        (input, part, at, edits) => {
          let value: unknown = input[part];
          for (const [i, edit] of edits.entries()) {
            const where = paths(value);
            value = edited(value, where[(at + i * 7) % where.length] as (string | number)[], edit);
          }
          runs += 1;
          if (check(part, value)) answered += 1;
        },
      ),
      { numRuns: Number(process.env.INPUT_FAST_RUNS ?? 4000) },
    );
    // Some edits leave a valid input (a value replaced by one of the same kind): the fast path still answers those.
    expect(answered).toBeGreaterThan(runs / 20);
    expect(answered).toBeLessThan(runs);
  });

  it('leaves odd objects to zod: a getter, a symbol key, a record with a __proto__ key', () => {
    const [input] = fc.sample(gateInputArb, { numRuns: 1, seed: 3 });
    if (!input) throw new Error('no sample');
    const withGetter = Object.defineProperty({ ...input.market }, 'markPrice', {
      get: () => 5,
      enumerable: true,
    });
    check('market', withGetter);
    const protoKey = JSON.parse('{"__proto__": {"ETHUSDT": 0.5}}') as unknown;
    expect(fastMarket({ ...input.market, correlations: protoKey })).toBeUndefined();
    const symbolKey = { [Symbol('s')]: { takerFee: 0, makerFee: 0 } };
    expect(fastAccount({ ...input.account, feeRates: symbolKey })).toBeUndefined();
    check('account', { ...input.account, feeRates: symbolKey });
  });
});
