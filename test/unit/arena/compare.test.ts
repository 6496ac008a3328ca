import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  comparePaired,
  levelForPairs,
  MIN_BUCKETS_FOR_VERDICT,
  type PairedSide,
} from '../../../src/arena/compare.ts';
import { type ArenaTrade, pnlPerBucket } from '../../../src/arena/metrics.ts';
import { Random } from '../../../src/domain/random.ts';

const DAY = 86_400_000;
const FROM = Date.UTC(2026, 0, 1);

/** Seeded trades over `days` days, 0–3 a day, each net ~ edge + N(0, 1) USDT. */
function trades(seed: number, days: number, edge: number): ArenaTrade[] {
  const rnd = new Random(seed);
  const out: ArenaTrade[] = [];
  for (let d = 0; d < days; d++) {
    const count = rnd.int(0, 3);
    for (let k = 0; k < count; k++)
      out.push({ closedAtMs: FROM + d * DAY + rnd.int(0, DAY - 1), netPnlUsdt: edge + rnd.normal() });
  }
  return out;
}

function side(name: string, list: ArenaTrade[], days: number): PairedSide {
  return {
    name,
    perBucket: pnlPerBucket(list, { fromMs: FROM, toMs: FROM + days * DAY, bucketMs: DAY }),
    trades: list.length,
  };
}

function duel(seed: number, days: number, edgeA: number) {
  return comparePaired(
    side('A', trades(seed, days, edgeA), days),
    side('B', trades(seed + 10_000, days, 0), days),
    { seed },
  );
}

describe('paired comparison', () => {
  it('says "no evidence" on two identical series, whatever they hold', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 0, maxLength: 60 }),
        (series) => {
          const result = comparePaired(
            { name: 'A', perBucket: series, trades: 9 },
            { name: 'B', perBucket: series, trades: 9 },
          );
          expect(result.verdict).toBe('NO_EVIDENCE');
          expect(result.text).toMatch(/^no evidence of a difference yet/);
          if (series.length >= MIN_BUCKETS_FOR_VERDICT) expect(result.moreTrades).toBeNull();
        },
      ),
      { numRuns: 100 },
    );
  });

  it('finds a built-in edge of 0.2 USDT a trade with enough trades (2000 days, ~3000 trades each), either way round', () => {
    for (const seed of [1, 2, 3]) {
      const result = duel(seed, 2000, 0.2);
      expect(result.verdict).toBe('A_BEATS_B');
      expect(result.text).toBe('A beats B');
      expect(result.difference?.low).toBeGreaterThan(0);
      const swapped = comparePaired(
        side('B', trades(seed + 10_000, 2000, 0), 2000),
        side('A', trades(seed, 2000, 0.2), 2000),
        { seed },
      );
      expect(swapped.text).toBe('A beats B');
      expect(swapped.verdict).toBe('B_BEATS_A');
    }
  });

  it('says "no evidence … need about N more trades" with too few trades to see the same edge', () => {
    let quiet = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const result = duel(seed, 15, 0.2);
      if (result.verdict !== 'NO_EVIDENCE') continue;
      quiet++;
      if (result.moreTrades !== null)
        expect(result.text).toBe(
          result.moreTrades > 1_000_000
            ? 'no evidence of a difference yet (need over a million more trades: the difference so far is near zero)'
            : `no evidence of a difference yet (need about ${result.moreTrades} more trades)`,
        );
    }
    // An edge of 0.2 against a spread of ~2 a day is invisible in 15 days: detection should be rare.
    expect(quiet).toBeGreaterThanOrEqual(32);
  });

  it('claims a difference between two skill-less deciders rarely, early in a run too (nominal 5 %)', () => {
    for (const days of [12, 120]) {
      let claims = 0;
      for (let seed = 1; seed <= 200; seed++) if (duel(seed, days, 0).verdict !== 'NO_EVIDENCE') claims++;
      expect(claims).toBeGreaterThanOrEqual(2);
      expect(claims).toBeLessThanOrEqual(22);
    }
  });

  it('gives no verdict below the minimum number of buckets, however large the gap', () => {
    const few = comparePaired(
      { name: 'A', perBucket: [5, 6, 5, 7, 6], trades: 10 },
      { name: 'B', perBucket: [0, 0, 0, 0, 0], trades: 10 },
    );
    expect(few.verdict).toBe('NO_EVIDENCE');
    expect(few.difference?.low).toBeGreaterThan(0);
    expect(few.moreBuckets).toBe(MIN_BUCKETS_FOR_VERDICT - 5);
    expect(few.text).toBe('no evidence of a difference yet (need about 10 more trades)');
  });

  it('needs about as many more buckets as it says: the same pattern repeated that often crosses 0', () => {
    const base = [0.9, -0.7, 0.4, 0.1, -0.5, 0.8, -0.2, 0.3, -0.6, 0.7, 0.05, -0.3];
    const compare = (series: number[]) =>
      comparePaired(
        { name: 'A', perBucket: series, trades: series.length },
        { name: 'B', perBucket: series.map(() => 0), trades: series.length },
        { blockLength: 1 },
      );
    const first = compare(base);
    expect(first.verdict).toBe('NO_EVIDENCE');
    const needed = base.length + (first.moreBuckets as number);
    const repeat = (times: number) => Array.from({ length: times }, () => base).flat();
    expect(compare(repeat(Math.floor((needed * 0.8) / base.length))).verdict).toBe('NO_EVIDENCE');
    expect(compare(repeat(Math.ceil((needed * 1.25) / base.length))).verdict).toBe('A_BEATS_B');
    expect(first.moreTrades).toBe(first.moreBuckets);
  });

  it('holds several verdicts together at 95 % by asking more of each pair (Bonferroni)', () => {
    expect(levelForPairs(2)).toBeCloseTo(0.95, 12);
    expect(levelForPairs(4)).toBeCloseTo(1 - 0.05 / 6, 12);
    expect(() => levelForPairs(1)).toThrow(/at least 2 deciders/);
    const a = side('A', trades(9, 120, 0.25), 120);
    const b = side('B', trades(10_009, 120, 0), 120);
    const single = comparePaired(a, b, { seed: 9, resamples: 10_000 }).difference;
    const family = comparePaired(a, b, { seed: 9, resamples: 10_000, level: levelForPairs(4) }).difference;
    expect((family?.high ?? 0) - (family?.low ?? 0)).toBeGreaterThan(
      (single?.high ?? 0) - (single?.low ?? 0),
    );
  });

  it('refuses buckets that do not line up and stays silent below two buckets', () => {
    expect(() =>
      comparePaired({ name: 'A', perBucket: [1, 2], trades: 2 }, { name: 'B', perBucket: [1], trades: 1 }),
    ).toThrow(/same time buckets/);
    expect(
      comparePaired({ name: 'A', perBucket: [5], trades: 1 }, { name: 'B', perBucket: [0], trades: 1 }).text,
    ).toBe('no evidence of a difference yet (1 common time bucket; at least 10 needed)');
  });

  it('does not extrapolate a near-zero difference into an absurd trade count', () => {
    const rnd = new Random(4);
    const noise = Array.from({ length: 30 }, () => rnd.normal());
    const centre = noise.reduce((s, v) => s + v, 0) / noise.length;
    // A − B averages 1e-6 USDT a bucket against a spread of about 1.
    const a = noise.map((v) => v - centre + 1e-6);
    const b = noise.map(() => 0);
    const result = comparePaired(
      { name: 'A', perBucket: a, trades: 60 },
      { name: 'B', perBucket: b, trades: 60 },
    );
    expect(result.verdict).toBe('NO_EVIDENCE');
    expect(result.moreTrades).toBeGreaterThan(1_000_000);
    expect(result.text).toBe(
      'no evidence of a difference yet (need over a million more trades: the difference so far is near zero)',
    );
  });
});
