import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildResults } from '../../../src/backtest/results.ts';
import { loadSeries, runBacktest } from '../../../src/backtest/run.ts';
import { loadConfig } from '../../../src/config/index.ts';
import { BaselineDecider } from '../../../src/decision/index.ts';
import type { SweepReport } from '../../../src/sweep/report.ts';
import { sweepWarmupCandles } from '../../../src/sweep/run-job.ts';
import { dataFile, hasRealData, repoRoot } from '../../support/data.ts';

const run = promisify(execFile);
const warden = path.join(repoRoot, 'bin', 'warden.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'warden-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]) {
  return run(process.execPath, [warden, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

// Small enough to trade on 1000 USDT with the baseline; the sweep varies the risk per trade and trailing.
const base = {
  DECISION_TIMEFRAME: '1h',
  CONTEXT_TIMEFRAMES: '4h,1d',
  SCORE_GATE_ENABLED: 'false',
  PAPER_START_BALANCE_USDT: '1000',
  MAX_TOTAL_RISK_USDT: '10',
  MAX_NOTIONAL_USDT: '1000',
};
const grid = { MAX_LOSS_USDT_PER_TRADE: ['2', '5'] };
const varied = 'TRAILING_ENABLED=true,false';

/** Runs the sweep through the CLI (2 workers) and checks it against backtests run here directly. */
async function sweepAndCheck(name: string, dataDir: string, symbols: string[], from: string, to: string) {
  const gridFile = path.join(dir, `${name}-grid.json`);
  writeFileSync(gridFile, JSON.stringify({ base: { ...base, SYMBOLS: symbols.join(',') }, grid }));
  const html = path.join(dir, `${name}.html`);
  const { stdout } = await cli(
    'sweep',
    '--data',
    dataDir,
    '--grid',
    gridFile,
    '--set',
    varied,
    '--from',
    from,
    '--to',
    to,
    '--in-sample',
    '4',
    '--out-of-sample',
    '2',
    '--workers',
    '2',
    '--json',
    '--html',
    html,
  );
  const report = JSON.parse(stdout) as SweepReport;
  expect(report.settings.map((s) => s.label)).toEqual([
    'MAX_LOSS_USDT_PER_TRADE=2 TRAILING_ENABLED=true',
    'MAX_LOSS_USDT_PER_TRADE=2 TRAILING_ENABLED=false',
    'MAX_LOSS_USDT_PER_TRADE=5 TRAILING_ENABLED=true',
    'MAX_LOSS_USDT_PER_TRADE=5 TRAILING_ENABLED=false',
  ]);
  expect(report.folds).toHaveLength(3);
  expect(report.walkForward.chosen).toHaveLength(3);
  expect(report.walkForward.gap).toBeCloseTo(
    report.walkForward.meanInSample - report.walkForward.meanOutOfSample,
    6,
  );
  expect(report.winner.verdict).toMatch(/survive|no edge|no trade/);
  let trades = 0;
  for (const s of report.settings)
    for (const f of s.folds)
      for (const span of [f.inSample, f.outOfSample]) {
        trades += span.closedTrades;
        expect(span.dailyPnlUsdt.reduce((a, b) => a + b, 0)).toBeCloseTo(span.netPnlUsdt, 6);
        expect(Number.isFinite(span.score)).toBe(true);
      }
  expect(trades).toBeGreaterThan(0);

  // The same runs, backtested here one by one, give the same figures as the workers did.
  const series = loadSeries(dataDir, symbols, 'required');
  for (const [settingIndex, foldIndex, sample] of [
    [1, 2, 'out'],
    [2, 0, 'in'],
  ] as const) {
    const setting = report.settings[settingIndex] as SweepReport['settings'][number];
    const fold = setting.folds[foldIndex] as SweepReport['settings'][number]['folds'][number];
    const span = sample === 'in' ? fold.inSample : fold.outOfSample;
    const { config } = loadConfig({
      env: {},
      dotenvPath: null,
      overrides: { ...base, SYMBOLS: symbols.join(','), ...setting.values, TRADING_MODE: 'backtest' },
    });
    const direct = await runBacktest({
      config,
      series,
      decider: new BaselineDecider(),
      warmupCandles: sweepWarmupCandles(config),
      fromMs: Date.parse(span.from),
      toMs: Date.parse(span.to),
    });
    try {
      const r = await buildResults(direct, { decider: { provider: 'baseline', model: 'direct' } });
      expect(span.netPnlUsdt).toBeCloseTo(r.account.endEquityUsdt - r.account.startBalanceUsdt, 6);
      expect(span.closedTrades).toBe(r.figures.closedTrades);
      expect(span.feesUsdt).toBeCloseTo(r.account.feesUsdt, 6);
    } finally {
      direct.close();
    }
  }

  expect(existsSync(html)).toBe(true);
  const page = readFileSync(html, 'utf8');
  expect(page).toContain('<!doctype html>');
  for (const s of report.settings) expect(page).toContain(s.label);
  expect(page).toContain('Winner');
  return report;
}

describe('warden sweep', () => {
  it('runs a 2 × 2 grid over 3 folds of a synthetic market, consistent with direct backtests', async () => {
    const data = path.join(dir, 'synthetic');
    await cli(
      'data',
      'synthetic',
      '--out',
      data,
      '--symbols',
      'BTCUSDT,ETHUSDT',
      '--candles',
      '6000',
      '--seed',
      '2',
    );
    await sweepAndCheck('synthetic', data, ['BTCUSDT', 'ETHUSDT'], '2025-01-10', '2025-01-20');
  }, 240_000);

  it.skipIf(!hasRealData)(
    'runs the same grid on the shared Bybit data, consistent with direct backtests',
    async () => {
      await sweepAndCheck(
        'bybit',
        dataFile('bybit-linear'),
        ['BTCUSDT', 'ETHUSDT'],
        '2025-01-10',
        '2025-01-20',
      );
    },
    240_000,
  );

  it('re-gates a recorded session per prompt version with the replay decider, flagging cycles it has no reply for', async () => {
    const data = path.join(dir, 'replay-data');
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    await cli(
      'data',
      'synthetic',
      '--out',
      data,
      '--symbols',
      symbols.join(','),
      '--candles',
      '6000',
      '--seed',
      '2',
    );
    const series = loadSeries(data, symbols, 'required');
    const settings = {
      ...base,
      SYMBOLS: symbols.join(','),
      MAX_LOSS_USDT_PER_TRADE: '5',
      TRADING_MODE: 'backtest',
    };
    const { config } = loadConfig({ env: {}, dotenvPath: null, overrides: settings });
    const backtest = (toMs: number, journalPath?: string) =>
      runBacktest({
        config,
        series,
        decider: new BaselineDecider(),
        warmupCandles: sweepWarmupCandles(config),
        fromMs: Date.parse('2025-01-10'),
        toMs,
        ...(journalPath ? { journalPath } : {}),
      });
    // The recorded session: the baseline's replies over the whole span, kept in a journal.
    const recording = path.join(dir, 'recorded.db');
    (await backtest(Date.parse('2025-01-20'), recording)).close();
    const gridFile = path.join(dir, 'replay-grid.json');
    const { TRADING_MODE: _, ...fixed } = settings;
    writeFileSync(
      gridFile,
      JSON.stringify({
        base: { ...fixed, AI_PROVIDER: 'replay', AI_REPLAY_JOURNAL: recording },
        grid: { PROMPT_VERSION: ['v5_neutral', 'v6_terse'] },
      }),
    );
    const { stdout } = await cli(
      'sweep',
      '--data',
      data,
      '--grid',
      gridFile,
      '--from',
      '2025-01-10',
      '--to',
      '2025-01-20',
      '--in-sample',
      '4',
      '--out-of-sample',
      '2',
      '--json',
      '--html',
      path.join(dir, 'replay.html'),
    );
    const report = JSON.parse(stdout) as SweepReport;
    const [recorded, other] = report.settings as [
      SweepReport['settings'][number],
      SweepReport['settings'][number],
    ];
    // The first in-sample span starts where the recording did, in the same state: every reply is there.
    const first = recorded.folds[0]?.inSample as SweepReport['settings'][number]['folds'][number]['inSample'];
    expect(first.unanswered).toBe(0);
    const direct = await backtest(Date.parse(first.to));
    try {
      const r = await buildResults(direct, { decider: { provider: 'baseline', model: 'direct' } });
      expect(first.netPnlUsdt).toBeCloseTo(r.account.endEquityUsdt - r.account.startBalanceUsdt, 6);
      expect(first.closedTrades).toBe(r.figures.closedTrades);
    } finally {
      direct.close();
    }
    // The session never answered under v6_terse: no new call is made, the gap is shown, not filled.
    for (const f of other.folds) expect(f.inSample.unanswered + f.outOfSample.unanswered).toBeGreaterThan(0);
    expect(report.warnings.some((w) => w.startsWith('setting 2 (PROMPT_VERSION=v6_terse)'))).toBe(true);
  }, 240_000);

  it('refuses a start without room to warm the indicators up, naming the date that works', async () => {
    const gridFile = path.join(dir, 'early-grid.json');
    writeFileSync(gridFile, JSON.stringify({ base: { ...base, SYMBOLS: 'BTCUSDT' }, grid }));
    const data = path.join(dir, 'early');
    await cli('data', 'synthetic', '--out', data, '--symbols', 'BTCUSDT', '--candles', '4000', '--seed', '2');
    const result = cli(
      'sweep',
      '--data',
      data,
      '--grid',
      gridFile,
      '--from',
      '2025-01-03',
      '--to',
      '2025-01-09',
      '--in-sample',
      '4',
      '--out-of-sample',
      '2',
    );
    await expect(result).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /needs 2520 5m candles before it .* start --from at or after 2025-01-09T18:00/,
      ),
    });
  }, 60_000);

  it('says what to fix for a bad grid, before running anything', async () => {
    const bad = path.join(dir, 'bad-grid.json');
    writeFileSync(bad, JSON.stringify({ grid: { MAX_LOSS_USDT_PER_TRAD: [1, 2] } }));
    const result = cli(
      'sweep',
      '--data',
      dir,
      '--grid',
      bad,
      '--from',
      '2025-01-06',
      '--to',
      '2025-01-16',
      '--in-sample',
      '4',
      '--out-of-sample',
      '2',
    );
    await expect(result).rejects.toMatchObject({
      stderr: expect.stringMatching(
        /grid\.MAX_LOSS_USDT_PER_TRAD is not a configuration variable: did you mean MAX_LOSS_USDT_PER_TRADE/,
      ),
    });
  }, 60_000);
});
