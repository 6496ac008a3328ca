import { describe, expect, it } from 'vitest';
import { buildResults } from '../../../src/backtest/results.ts';
import { loadSeries, runBacktest } from '../../../src/backtest/run.ts';
import { loadConfig } from '../../../src/config/index.ts';
import { BaselineDecider } from '../../../src/decision/index.ts';
import { dataFile, hasRealData } from '../../support/data.ts';

describe.skipIf(!hasRealData)('a backtest under an A/B prompt split', () => {
  it('reports every figure per prompt version, and the versions add up to the whole', async () => {
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    const { config } = loadConfig({
      env: { SYMBOLS: symbols.join(','), PROMPT_AB_SPLIT: 'v6_terse:cycle' },
      dotenvPath: null,
    });
    const decider = new BaselineDecider();
    const run = await runBacktest({
      config,
      series: loadSeries(dataFile('bybit-linear'), symbols, 'required'),
      decider,
      toMs: Date.parse('2025-01-20T00:00:00Z'),
    });
    try {
      const r = await buildResults(run, { decider: { provider: decider.provider, model: decider.model } });
      expect(r.byPromptVersion.map((v) => v.promptVersion)).toEqual(['v5_neutral', 'v6_terse']);
      const sum = (pick: (f: (typeof r.byPromptVersion)[number]) => number) =>
        r.byPromptVersion.reduce((s, f) => s + pick(f), 0);
      expect(sum((f) => f.decisions)).toBe(r.figures.decisions);
      expect(sum((f) => f.closedTrades)).toBe(r.figures.closedTrades);
      expect(sum((f) => f.netPnlUsdt)).toBeCloseTo(r.figures.netPnlUsdt, 8);
      for (const version of r.byPromptVersion) {
        expect(version.decisions).toBeGreaterThan(0);
        const trades = r.trades.filter(
          (t) => t.promptVersion === version.promptVersion && t.closedAtMs !== null,
        );
        expect(trades.length).toBe(version.closedTrades);
        expect(version.exitReasons).toEqual(
          trades.reduce<Record<string, number>>((acc, t) => {
            acc[t.exitReason] = (acc[t.exitReason] ?? 0) + 1;
            return acc;
          }, {}),
        );
      }
    } finally {
      run.close();
    }
  }, 120_000);
});
