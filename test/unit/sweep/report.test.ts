import { describe, expect, it } from 'vitest';
import { probabilisticSharpe, sharpeSample } from '../../../src/arena/deflated-sharpe.ts';
import { walkForwardFolds } from '../../../src/arena/walk-forward.ts';
import { Random } from '../../../src/domain/random.ts';
import type { Setting } from '../../../src/sweep/grid.ts';
import { buildSweepReport, sweepJobs, verdictOf } from '../../../src/sweep/report.ts';
import { dailySeries, type RunFigures } from '../../../src/sweep/run-job.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);

describe('daily series of a run', () => {
  it('takes the last equity at or before each day end, carries it over idle days, and ends at the last snapshot', () => {
    const series = dailySeries(
      [
        { atMs: T0 + 3_600_000, equityUsdt: 101 },
        { atMs: T0 + DAY, equityUsdt: 102 },
        { atMs: T0 + DAY + 1, equityUsdt: 99 },
        { atMs: T0 + 4 * DAY, equityUsdt: 103.95 },
      ],
      { fromMs: T0, toMs: T0 + 4 * DAY, startEquityUsdt: 100 },
    );
    const expected = [2, -3, 0, 4.95];
    for (const [i, v] of expected.entries()) expect(series.dailyPnlUsdt[i]).toBeCloseTo(v, 12);
    expect(series.dailyPnlUsdt).toHaveLength(4);
    expect(series.dailyReturns[0]).toBeCloseTo(0.02, 12);
    expect(series.dailyReturns[1]).toBeCloseTo(-3 / 102, 12);
    expect(series.dailyReturns[2]).toBe(0);
    expect(series.dailyReturns[3]).toBeCloseTo(4.95 / 99, 12);
  });
});

function setting(index: number, label: string): Setting {
  return { index, label, values: { X: index }, config: {} as Setting['config'] };
}

/** A run with daily returns drawn around `drift`: the sweep only reads the figures. */
function run(
  s: number,
  fold: number,
  sample: 'in' | 'out',
  span: { fromMs: number; toMs: number },
  drift: number,
  seed: number,
): RunFigures {
  const rnd = new Random(seed);
  const days = (span.toMs - span.fromMs) / DAY;
  let equity = 100;
  const dailyPnlUsdt: number[] = [];
  const dailyReturns: number[] = [];
  for (let d = 0; d < days; d++) {
    const r = drift + 0.01 * rnd.normal();
    dailyReturns.push(r);
    dailyPnlUsdt.push(equity * r);
    equity *= 1 + r;
  }
  return {
    id: 0,
    setting: s,
    fold,
    sample,
    ...span,
    startEquityUsdt: 100,
    endEquityUsdt: equity,
    netPnlUsdt: equity - 100,
    dailyPnlUsdt,
    dailyReturns,
    closedTrades: days,
    feesUsdt: 0.1,
    fundingUsdt: 0,
    maxDrawdownPct: 0.01,
    cycles: days * 24,
    unanswered: 0,
  };
}

describe('sweep report', () => {
  const folds = walkForwardFolds({
    fromMs: T0,
    toMs: T0 + 60 * DAY,
    inSampleMs: 20 * DAY,
    outOfSampleMs: 10 * DAY,
    anchored: false,
  });
  const settings = [setting(0, 'lucky in sample'), setting(1, 'steady'), setting(2, 'flat')];
  // Setting 0 shines in sample and loses out of sample; setting 1 earns a little everywhere.
  const drift = (s: number, sample: 'in' | 'out') =>
    s === 0 ? (sample === 'in' ? 0.01 : -0.004) : s === 1 ? 0.002 : 0;
  const runs = settings.flatMap((s) =>
    folds.flatMap((f) =>
      (['in', 'out'] as const).map((sample) =>
        run(
          s.index,
          f.index,
          sample,
          sample === 'in' ? f.inSample : f.outOfSample,
          drift(s.index, sample),
          100 * s.index + 10 * f.index + (sample === 'in' ? 1 : 2),
        ),
      ),
    ),
  );

  it('chooses on in-sample Sharpe, reports out of sample and shows the gap as computed by hand', () => {
    const report = buildSweepReport({ score: 'sharpe', settings, folds, anchored: false, runs });
    const sharpe = (r: number[]) => {
      const m = r.reduce((a, b) => a + b, 0) / r.length;
      return m / Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / (r.length - 1));
    };
    const byKey = (s: number, f: number, sample: 'in' | 'out') =>
      runs.find((r) => r.setting === s && r.fold === f && r.sample === sample) as RunFigures;
    const expected = folds.map((f) => {
      const best = [0, 1, 2].reduce((a, b) =>
        sharpe(byKey(b, f.index, 'in').dailyReturns) > sharpe(byKey(a, f.index, 'in').dailyReturns) ? b : a,
      );
      return {
        best,
        is: sharpe(byKey(best, f.index, 'in').dailyReturns),
        oos: sharpe(byKey(best, f.index, 'out').dailyReturns),
      };
    });
    expect(report.walkForward.chosen.map((c) => c.setting)).toEqual(expected.map((e) => e.best));
    const meanIs = expected.reduce((a, e) => a + e.is, 0) / expected.length;
    const meanOos = expected.reduce((a, e) => a + e.oos, 0) / expected.length;
    expect(report.walkForward.gap).toBeCloseTo(meanIs - meanOos, 12);
    expect(report.walkForward.gap).toBeGreaterThan(0.5);
    expect(report.winner.setting).toBe(0);
    expect(report.winner.survives).toBe(false);
    expect(report.winner.verdict).toMatch(/no edge|does not survive/);
    expect(report.warnings).toEqual([]);
    const steady = report.settings[1] as (typeof report.settings)[number];
    expect(steady.gap).toBeCloseTo(steady.meanInSample - steady.meanOutOfSample, 12);
    expect(steady.outOfSample.days).toBe(folds.length * 10);
    expect(report.settings[2]?.chosenInFolds).toEqual([]);
    expect(report.walkForward.track.days).toBe(folds.length * 10);
    expect(report.walkForward.track.netPnlUsdt).toBeCloseTo(
      expected.reduce((a, e, f) => a + byKey(e.best, f, 'out').netPnlUsdt, 0),
      10,
    );
  });

  it('ranks by net PnL per day when asked', () => {
    const report = buildSweepReport({ score: 'net-pnl', settings, folds, anchored: false, runs });
    const first = report.settings[0]?.folds[0];
    expect(first?.inSample.score).toBeCloseTo((first?.inSample.netPnlUsdt ?? 0) / 20, 12);
  });

  it('lists one in- and one out-of-sample run per setting and fold', () => {
    const jobs = sweepJobs({ settings, folds, dataDir: '/data', funding: 'required' });
    expect(jobs).toHaveLength(settings.length * folds.length * 2);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
    expect(jobs.every((j) => j.journalPath === null)).toBe(true);
  });
});

describe('verdict of a chosen return series', () => {
  it('is the probabilistic Sharpe against 0 for one setting, and harder to pass with more settings tried', () => {
    const rnd = new Random(3);
    const returns = Array.from({ length: 120 }, () => 0.004 + 0.01 * rnd.normal());
    const one = verdictOf(returns, [0.4]);
    expect(one.deflatedSharpe).toBeCloseTo(probabilisticSharpe(sharpeSample(returns), 0), 12);
    expect(one.survives).toBe(true);
    expect(one.text).toMatch(/edge survives/);
    const many = verdictOf(
      returns,
      Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? 0.3 : -0.3)),
    );
    expect(many.deflatedSharpe as number).toBeLessThan(one.deflatedSharpe as number);
    expect(many.survives).toBe(false);
    expect(many.text).toMatch(/does not survive the multiple-testing correction .* over 200 configurations/);
  });

  it('says why when there is nothing to judge', () => {
    expect(verdictOf([0, 0, 0], [0, 0]).text).toMatch(/no trade/);
    expect(verdictOf([0.01], [0]).text).toMatch(/too few days/);
    expect(verdictOf([-0.01, 0.002, -0.004], [0]).text).toMatch(/no edge: daily Sharpe/);
  });
});
