import { describe, expect, it } from 'vitest';
import { renderArenaHtmlPage, renderArenaHtmlSection } from '../../../src/arena/render-html.ts';
import { renderArenaJson, renderArenaText } from '../../../src/arena/render-text.ts';
import { type ArenaDeciderInput, arenaReport, MAX_EQUITY_POINTS } from '../../../src/arena/report.ts';
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

describe('arena report figures and renderings', () => {
  const input = syntheticDuel(7, 40, [
    EDGE,
    COIN,
    { ...COIN, decider: 'openai:m@v5', aiCostPerCallUsd: 0.002 },
  ]);
  const report = arenaReport(input, { resamples: 500 });

  it('gives every decider its figures with intervals, costs, tokens, latency, blocked-by mix and calibration', () => {
    expect(report.deciders.map((d) => d.decider)).toEqual(['edge', 'coin', 'openai:m@v5']);
    for (const d of report.deciders) {
      for (const i of [
        d.expectancyUsdt,
        d.winRate,
        d.profitFactor,
        d.maxDrawdownUsdt,
        d.dailySharpe,
        d.invalidOutputRate,
        d.latencyMedianMs,
        d.latencyP95Ms,
        d.calibration.brier,
      ]) {
        expect(i).not.toBeNull();
        expect(i?.low).toBeLessThanOrEqual(i?.estimate as number);
        expect(i?.high).toBeGreaterThanOrEqual(i?.estimate as number);
      }
      expect(d.blockedBy[0]?.rate.method).toBe('wilson');
      expect(d.calibration.reliability.reduce((s, b) => s + b.trades, 0)).toBe(d.trades);
      expect(d.netPnlAfterAiCostUsdt).toBeCloseTo(d.netPnlUsdt - d.aiCostUsd, 9);
    }
    expect(report.deciders[2]?.aiCostUsd).toBeCloseTo(0.002 * 6 * 40, 9);
  });

  it('holds all three pairwise verdicts together at 95 % (Bonferroni: each pair at 98.3 %)', () => {
    expect(report.pairs.map((p) => `${p.a}/${p.b}`)).toEqual([
      'edge/coin',
      'edge/openai:m@v5',
      'coin/openai:m@v5',
    ]);
    expect(report.pairLevel).toBeCloseTo(1 - 0.05 / 3, 12);
    expect(report.pairs[0]?.comparison.difference?.level).toBeCloseTo(1 - 0.05 / 3, 12);
  });

  it('refuses deciders over different days, a repeated id and impossible counts, saying what is wrong', () => {
    const [a, b] = input.deciders as [ArenaDeciderInput, ArenaDeciderInput];
    expect(() =>
      arenaReport({ ...input, deciders: [a, { ...b, dailyPnlUsdt: b.dailyPnlUsdt.slice(1) }] }),
    ).toThrow(/each of the 40 days: coin has 39/);
    expect(() => arenaReport({ ...input, deciders: [a, a] })).toThrow(/edge appears twice/);
    expect(() =>
      arenaReport({ ...input, deciders: [{ ...a, blockedBy: { SL_TOO_WIDE: a.decisions + 1 } }] }),
    ).toThrow(/blocked by SL_TOO_WIDE is not a count/);
    expect(() => arenaReport({ ...input, deciders: [] })).toThrow(/at least one decider/);
  });

  it('keeps at most 1000 equity points per decider, the last one always', () => {
    const long = Array.from({ length: 2500 }, (_, i) => ({ atMs: i, equityUsdt: 100 + i }));
    const [a] = input.deciders as [ArenaDeciderInput];
    const thinned = arenaReport({ ...input, deciders: [{ ...a, equityCurve: long }] }, { resamples: 200 })
      .deciders[0]?.equity;
    expect(thinned?.length).toBeLessThanOrEqual(MAX_EQUITY_POINTS + 1);
    expect(thinned?.at(-1)).toEqual(long.at(-1));
  });

  it('prints a terminal table with intervals, the blocked-by mix, calibration counts and the verdicts', () => {
    const text = renderArenaText(report, 'arena.db');
    expect(text).toMatch(/expectancy per trade \(USDT\)\s+[+-]?\d+\.\d+ \[[+-]?\d+\.\d+, [+-]?\d+\.\d+\]/);
    expect(text).toMatch(/MAX_TOTAL_RISK\s+24 · 10\.0% \[/);
    expect(text).toMatch(/60–70%: 65\.0% stated, \d+\.\d+% \[\d+\.\d+%, \d+\.\d+%\] realised on \d+ trades/);
    expect(text).toContain('each pair at 98.3% so that all hold together at 95 %');
    for (const p of report.pairs) expect(text).toContain(`${p.a} − ${p.b}: `);
    expect(text).toContain(report.pairs[0]?.comparison.text);
  });

  it('writes JSON for scripts with an infinite profit factor as "Infinity", not null', () => {
    const [a] = input.deciders as [ArenaDeciderInput];
    const winsOnly = arenaReport(
      { ...input, deciders: [{ ...a, tradeNetsUsdt: [1, 2, 0.5], forecasts: [] }] },
      { resamples: 200 },
    );
    const json = JSON.parse(renderArenaJson(winsOnly, { journal: 'x.db' }));
    expect(json.journal).toBe('x.db');
    expect(json.deciders[0].profitFactor.estimate).toBe('Infinity');
    expect(json.deciders[0].calibration).toEqual({
      forecasts: 0,
      brier: null,
      decomposition: null,
      reliability: [],
    });
  });

  it('renders an HTML section with one equity line and one calibration chart per decider, intervals as whiskers', () => {
    const html = renderArenaHtmlPage(report, 'arena.db');
    expect(html.match(/<polyline/g)?.length).toBe(3);
    expect(html.match(/aria-label="calibration, /g)?.length).toBe(3);
    const used = report.deciders.flatMap((d) => d.calibration.reliability).filter((b) => b.trades > 0).length;
    expect(html.match(/class="interval"/g)?.length).toBe(used);
    expect(html).toContain(escapeOnce(report.pairs[0]?.comparison.text as string));
    expect(renderArenaHtmlSection(report)).not.toContain('<script');
  });
});

function escapeOnce(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
