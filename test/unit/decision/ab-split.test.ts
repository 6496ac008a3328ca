import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assignPromptVersions,
  PromptPlanError,
  parseAbSplit,
  stableHash,
  UnknownPromptVersionError,
  validatePromptPlan,
} from '../../../src/decision/index.ts';

describe('PROMPT_AB_SPLIT', () => {
  it('parses VERSION:symbol and VERSION:cycle, and nothing when unset', () => {
    expect(parseAbSplit('v4_terse:symbol')).toEqual({ version: 'v4_terse', unit: 'symbol' });
    expect(parseAbSplit('v4_terse:cycle')).toEqual({ version: 'v4_terse', unit: 'cycle' });
    expect(parseAbSplit(undefined)).toBeNull();
    expect(parseAbSplit('')).toBeNull();
  });

  it('refuses any other shape with an example of the right one', () => {
    expect(() => parseAbSplit('v4_terse')).toThrow(/VERSION:symbol or VERSION:cycle/);
    expect(() => parseAbSplit('v4_terse:day')).toThrow(PromptPlanError);
  });

  it('refuses an unknown version or a split against the same version before the first cycle', () => {
    expect(() => validatePromptPlan('v3_neutral', { version: 'v7_missing', unit: 'cycle' })).toThrow(
      UnknownPromptVersionError,
    );
    expect(() => validatePromptPlan('v3_neutral', { version: 'v3_neutral', unit: 'cycle' })).toThrow(
      /different/,
    );
    expect(() => validatePromptPlan('v3_neutral', { version: 'v4_terse', unit: 'symbol' })).not.toThrow();
  });
});

describe('assignPromptVersions', () => {
  const symbols = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'];

  it('sends everything to the configured version when there is no split', () => {
    expect(assignPromptVersions('c1', symbols, 'v3_neutral', null)).toEqual([
      { promptVersion: 'v3_neutral', symbols },
    ]);
  });

  it('keeps the hash stable across releases (changing it would reshuffle recorded A/B arms)', () => {
    expect(stableHash('2025-03-01T12:15:00.000Z')).toBe(67604431);
    expect(stableHash('BTCUSDT')).toBe(118853083);
  });

  it('puts a whole cycle on one version, the same one every time, about half the cycles each', () => {
    const split = { version: 'v4_terse', unit: 'cycle' } as const;
    let second = 0;
    for (let i = 0; i < 1000; i++) {
      const cycleId = new Date(Date.UTC(2025, 0, 1) + i * 900_000).toISOString();
      const plan = assignPromptVersions(cycleId, symbols, 'v3_neutral', split);
      expect(plan).toHaveLength(1);
      expect(plan[0]!.symbols).toEqual(symbols);
      expect(assignPromptVersions(cycleId, symbols, 'v3_neutral', split)).toEqual(plan);
      if (plan[0]!.promptVersion === 'v4_terse') second++;
    }
    expect(second / 1000).toBeGreaterThan(0.44);
    expect(second / 1000).toBeLessThan(0.56);
  });

  it("splits each cycle's symbols into one call per version, every symbol exactly once", () => {
    const split = { version: 'v4_terse', unit: 'symbol' } as const;
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.uniqueArray(fc.stringMatching(/^[A-Z]{2,6}USDT$/), { minLength: 1, maxLength: 10 }),
        (cycleId, syms) => {
          const plan = assignPromptVersions(cycleId, syms, 'v3_neutral', split);
          expect(plan.flatMap((p) => p.symbols).sort()).toEqual([...syms].sort());
          expect(plan.every((p) => p.symbols.length > 0)).toBe(true);
          expect(new Set(plan.map((p) => p.promptVersion)).size).toBe(plan.length);
          expect(assignPromptVersions(cycleId, syms, 'v3_neutral', split)).toEqual(plan);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives every symbol both versions over time under a symbol split', () => {
    const split = { version: 'v4_terse', unit: 'symbol' } as const;
    const seen = new Map<string, Set<string>>();
    for (let i = 0; i < 50; i++) {
      for (const a of assignPromptVersions(`cycle-${i}`, symbols, 'v3_neutral', split)) {
        for (const s of a.symbols) seen.set(s, (seen.get(s) ?? new Set()).add(a.promptVersion));
      }
    }
    for (const s of symbols) expect(seen.get(s)?.size).toBe(2);
  });
});
