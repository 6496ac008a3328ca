import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildResults } from '../../../src/backtest/results.ts';
import { BacktestInputError, loadSeries, runBacktest } from '../../../src/backtest/run.ts';
import { backtestCommand } from '../../../src/cli/commands/backtest.ts';
import { loadConfig } from '../../../src/config/index.ts';
import { BaselineDecider } from '../../../src/decision/index.ts';
import type { Candle, FundingRate, Timeframe } from '../../../src/domain/index.ts';
import { TIMEFRAME_MS } from '../../../src/domain/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { CandleAggregator } from '../../../src/market/candles/aggregate.ts';
import { formatCandleCsv, formatFundingCsv } from '../../../src/market/feeds/csv-write.ts';
import type { SymbolSeries } from '../../../src/market/feeds/series-feed.ts';
import { generateSyntheticMarket } from '../../../src/market/synthetic/generator.ts';
import { dataDir, dataFile } from '../../support/data.ts';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const hasHourlyData = existsSync(path.join(dataDir, 'binance-usdm', 'BTCUSDT-1h.csv'));

function configFor(decision: Timeframe, contexts: string) {
  return loadConfig({
    env: { SYMBOLS: SYMBOLS.join(','), DECISION_TIMEFRAME: decision, CONTEXT_TIMEFRAMES: contexts },
    dotenvPath: null,
  }).config;
}

function synthetic(timeframe: Timeframe, candles: number): SymbolSeries[] {
  return SYMBOLS.map((symbol, i) => {
    const market = generateSyntheticMarket({
      seed: 11 + i,
      symbol,
      timeframe,
      candles,
      startPrice: symbol === 'BTCUSDT' ? 95_000 : 3_300,
    });
    return { symbol, candles: market.candles, funding: market.funding };
  });
}

function aggregate(candles: readonly Candle[], from: Timeframe, to: Timeframe): Candle[] {
  const aggregator = new CandleAggregator(TIMEFRAME_MS[from], TIMEFRAME_MS[to]);
  return candles.map((c) => aggregator.push(c)).filter((c): c is Candle => c !== null);
}

describe('backtests on a base timeframe other than 5m', () => {
  it('runs and trades on hourly candles at hourly decisions, and says the base was 1h', async () => {
    const run = await runBacktest({
      config: configFor('1h', '4h,1d'),
      series: synthetic('1h', 4000),
      decider: new BaselineDecider(),
    });
    try {
      const results = await buildResults(run, { decider: { provider: 'baseline', model: 'x' } });
      expect(results.run.baseTimeframe).toBe('1h');
      expect(results.run.candles).toBe(2 * 3000);
      expect(results.figures.closedTrades).toBeGreaterThan(0);
      expect(results.consistency.equityIdentityUsdt).toBeCloseTo(0, 6);
      expect(results.consistency.lossesBeyondRiskWithoutGap).toBe(0);
      const started = databaseOf(run.journal)
        .prepare(`SELECT detail_json FROM events WHERE kind = 'backtest.started'`)
        .pluck()
        .get() as string;
      expect(JSON.parse(started)).toMatchObject({ baseTimeframe: '1h', decisionTimeframe: '1h' });
    } finally {
      run.close();
    }
  }, 120_000);

  it('refuses base candles coarser than the decisions, and series of different timeframes', async () => {
    const decider = new BaselineDecider();
    await expect(
      runBacktest({ config: configFor('15m', '1h,4h'), series: synthetic('1h', 1200), decider }),
    ).rejects.toThrow(/the base candles \(1h\) are coarser than the decisions \(every 15m\).*--timeframe 1h/);
    const [btc] = synthetic('1h', 1200);
    const [, eth] = synthetic('5m', 1200);
    const mixed = [btc, eth] as SymbolSeries[];
    await expect(runBacktest({ config: configFor('1h', '4h'), series: mixed, decider })).rejects.toThrow(
      BacktestInputError,
    );
    await expect(runBacktest({ config: configFor('1h', '4h'), series: mixed, decider })).rejects.toThrow(
      /not of one timeframe \(BTCUSDT 1h, ETHUSDT 5m\)/,
    );
  });

  it('decides the same at 15m on 5m candles as on the same market aggregated to 15m', async () => {
    // The data starts exactly one warm-up before the first decision, so both runs warm up on the same market.
    // 999 5m candles (333 15m ones) of warm-up, then 30 days: both on the 15m grid.
    const fine = synthetic('5m', 999 + 30 * 288);
    const coarse = fine.map((s) => ({ ...s, candles: aggregate(s.candles as Candle[], '5m', '15m') }));
    const fromMs = ((fine[0] as SymbolSeries).candles as Candle[])[999]?.ts as number;
    const config = configFor('15m', '1h,4h');
    const onFive = await runBacktest({ config, series: fine, decider: new BaselineDecider(), fromMs });
    const onFifteen = await runBacktest({ config, series: coarse, decider: new BaselineDecider(), fromMs });
    try {
      expect(onFive.baseTimeframe).toBe('5m');
      expect(onFifteen.baseTimeframe).toBe('15m');
      expect(onFifteen.cycles).toBe(onFive.cycles);
      expect(onFifteen.candles * 3).toBe(onFive.candles);
      const count = 'SELECT COUNT(*) FROM decisions';
      const decisions = (run: typeof onFive) => databaseOf(run.journal).prepare(count).pluck().get();
      expect(decisions(onFifteen)).toBe(decisions(onFive));
      // Until the first fill the account is the same, so every decision and every score is too.
      const firstFill = (run: typeof onFive) =>
        (databaseOf(run.journal).prepare('SELECT MIN(at_ms) FROM fills').pluck().get() as number | null) ??
        Number.POSITIVE_INFINITY;
      const until = Math.min(firstFill(onFive), firstFill(onFifteen));
      const sql = `SELECT cycle_id, symbol, proposed_action, final_action, confidence, blocked_by_json, order_json,
        pre_score, range_score FROM decisions WHERE at_ms <= ? ORDER BY id`;
      const untilFirstFill = (run: typeof onFive) => databaseOf(run.journal).prepare(sql).all(until);
      expect(untilFirstFill(onFive).length).toBeGreaterThan(100);
      expect(untilFirstFill(onFifteen)).toEqual(untilFirstFill(onFive));
    } finally {
      onFive.close();
      onFifteen.close();
    }
  }, 180_000);
});

describe('choosing the base from a folder', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-base-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fiveMinutes = synthetic('5m', 12 * 24 * 50);
  for (const s of fiveMinutes) {
    const candles = s.candles as Candle[];
    writeFileSync(path.join(dir, `${s.symbol}-1h.csv`), formatCandleCsv(aggregate(candles, '5m', '1h')));
    writeFileSync(path.join(dir, `${s.symbol}-funding.csv`), formatFundingCsv(s.funding as FundingRate[]));
  }
  // BTCUSDT also has 5m candles, ETHUSDT only 1h: the finest files disagree.
  writeFileSync(path.join(dir, 'BTCUSDT-5m.csv'), formatCandleCsv(fiveMinutes[0]?.candles as Candle[]));

  it('refuses files whose finest timeframes disagree and names the base every symbol has', async () => {
    await expect(
      runBacktest({ config: configFor('1h', '4h'), dataDir: dir, decider: new BaselineDecider() }),
    ).rejects.toThrow(
      "the symbols' candle files disagree: the finest are BTCUSDT-5m.csv, ETHUSDT-1h.csv, and one base timeframe steps every symbol: pass --base 1h (every symbol has 1h candles)",
    );
  });

  it('runs on the base asked for', async () => {
    const run = await runBacktest({
      config: configFor('1h', '4h'),
      dataDir: dir,
      baseTimeframe: '1h',
      decider: new BaselineDecider(),
    });
    try {
      expect(run.baseTimeframe).toBe('1h');
      expect(run.candles).toBe(2 * (50 * 24 - 1000));
    } finally {
      run.close();
    }
  }, 60_000);

  it('says which timeframes --base takes', async () => {
    await expect(
      backtestCommand({ data: dir, base: '7m', llmCache: path.join(dir, 'c.jsonl'), funding: true }),
    ).rejects.toThrow(/--base must be a candle timeframe \(1m, 3m, 5m/);
  });
});

describe.skipIf(!hasHourlyData)(
  'backtest on the shared hourly history (binance-usdm, 1h, with funding)',
  () => {
    it('trades BTCUSDT and ETHUSDT through the March 2020 crash on 1h candles', async () => {
      const run = await runBacktest({
        config: configFor('1h', '4h,1d'),
        dataDir: dataFile('binance-usdm'),
        decider: new BaselineDecider(),
        fromMs: Date.parse('2020-02-01T00:00:00Z'),
        toMs: Date.parse('2020-07-01T00:00:00Z'),
      });
      try {
        const results = await buildResults(run, { decider: { provider: 'baseline', model: 'x' } });
        expect(results.run.baseTimeframe).toBe('1h');
        expect(results.run.fundingEvents).toBeGreaterThan(0);
        expect(results.figures.closedTrades).toBeGreaterThan(0);
        expect(results.consistency.equityIdentityUsdt).toBeCloseTo(0, 6);
        expect(results.consistency.journalFundingUsdt).toBeCloseTo(0, 6);
        expect(results.consistency.lossesBeyondRiskWithoutGap).toBe(0);
      } finally {
        run.close();
      }
    }, 120_000);

    it('loads the hourly files as the base when asked', () => {
      const [btc] = loadSeries(dataFile('binance-usdm'), ['BTCUSDT'], 'required', '1h');
      expect((btc?.candles.ts[1] ?? 0) - (btc?.candles.ts[0] ?? 0)).toBe(3_600_000);
    });
  },
);
