import { describe, expect, it } from 'vitest';
import { arenaReport } from '../../../src/arena/report.ts';
import { COIN, EDGE, syntheticDuel } from './synthetic-duel.ts';

describe('arena report over a seeded synthetic market', () => {
  it('finds the decider with a built-in edge once there are enough trades', { timeout: 120_000 }, () => {
    for (const seed of [1, 2, 3]) {
      const report = arenaReport(syntheticDuel(seed, 240, [EDGE, COIN]));
      const pair = report.pairs[0];
      expect(pair?.comparison.verdict, `seed ${seed}`).toBe('A_BEATS_B');
      expect(pair?.comparison.text).toBe('edge beats coin');
      expect(report.deciders[0]?.trades).toBeGreaterThan(600);
      // Both traded the same candles: the edge shows in the per-trade interval of the edge side only.
      expect(report.deciders[0]?.expectancyUsdt?.low).toBeGreaterThan(0);
      expect(report.deciders[1]?.expectancyUsdt?.low).toBeLessThan(0);
    }
  });

  it('says "no evidence" with too few trades, and how many more it would take', () => {
    for (const seed of [1, 2, 3]) {
      for (const days of [5, 30]) {
        const comparison = arenaReport(syntheticDuel(seed, days, [EDGE, COIN])).pairs[0]?.comparison;
        expect(comparison?.verdict, `seed ${seed}, ${days} days`).toBe('NO_EVIDENCE');
        expect(comparison?.text).toMatch(
          /^no evidence of a difference yet \(need (about \d+|over a million) more trades/,
        );
      }
    }
  });

  it('gives no verdict between two coin flips however long they trade', { timeout: 120_000 }, () => {
    const second = { ...COIN, decider: 'coin-2' };
    for (const seed of [1, 2]) {
      const comparison = arenaReport(syntheticDuel(seed, 240, [COIN, second])).pairs[0]?.comparison;
      expect(comparison?.verdict, `seed ${seed}`).toBe('NO_EVIDENCE');
    }
  });
});
