import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BacktestResults, buildResults } from '../../../src/backtest/results.ts';
import { type BacktestRun, loadSeries, runBacktest } from '../../../src/backtest/run.ts';
import { stableJson } from '../../../src/backtest/stable-json.ts';
import { loadConfig } from '../../../src/config/index.ts';
import { BaselineDecider } from '../../../src/decision/index.ts';
import { dataFile, hasRealData } from '../../support/data.ts';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];

async function backtest(env: Record<string, string>, window: { fromMs?: number; toMs?: number } = {}) {
  const { config } = loadConfig({ env: { SYMBOLS: SYMBOLS.join(','), ...env }, dotenvPath: null });
  const decider = new BaselineDecider();
  const series = loadSeries(dataFile('bybit-linear'), SYMBOLS, 'required');
  const run = await runBacktest({ config, series, decider, ...window });
  const results = await buildResults(run, { decider: { provider: decider.provider, model: decider.model } });
  return { run, results };
}

describe.skipIf(!hasRealData)(
  'a baseline backtest over all of bybit-linear (BTCUSDT, ETHUSDT, Jan–Sep 2025)',
  () => {
    let run: BacktestRun;
    let results: BacktestResults;

    beforeAll(async () => {
      // Default 15m decisions over every 5m candle of both files: the matcher sees all 155k candles.
      ({ run, results } = await backtest({}));
    }, 300_000);

    afterAll(() => run?.close());

    it('replays every 5m candle of both files after the warm-up and runs a cycle on every decision close', () => {
      const rows =
        readFileSync(dataFile('bybit-linear', 'BTCUSDT-5m.csv'), 'utf8').trim().split('\n').length - 1;
      expect(results.run.candles).toBe(2 * (rows - 1000));
      const step = 900_000;
      const firstClose = Math.ceil((run.fromMs + 1) / step) * step;
      expect(results.run.cycles).toBe((run.toMs - firstClose) / step + 1);
      expect(results.run.fundingEvents).toBeGreaterThan(1000);
    });

    it('trades: positions open, close by stop or target, and pay fees and funding', () => {
      expect(results.figures.positionsOpened).toBeGreaterThan(20);
      expect(results.figures.closedTrades).toBeGreaterThan(20);
      expect(results.account.feesUsdt).toBeGreaterThan(0);
      expect(results.account.fundingPaidUsdt).not.toBe(0);
    });

    it('ends the equity curve at start + realised PnL − fees − funding (+ unrealised of what is still open)', () => {
      const a = results.account;
      expect(a.endEquityUsdt).toBeCloseTo(
        a.startBalanceUsdt + a.realisedPnlUsdt - a.feesUsdt - a.fundingPaidUsdt + a.unrealisedPnlUsdt,
        8,
      );
      expect(results.equityCurve.at(-1)?.equityUsdt).toBeCloseTo(a.endEquityUsdt, 8);
      expect(Math.abs(results.consistency.equityIdentityUsdt)).toBeLessThan(1e-8);
      expect(Math.abs(results.consistency.curveEndUsdt)).toBeLessThan(1e-8);
    });

    it('agrees with the venue on every fee and funding payment', () => {
      expect(Math.abs(results.consistency.journalFeesUsdt)).toBeLessThan(1e-6);
      expect(Math.abs(results.consistency.journalFundingUsdt)).toBeLessThan(1e-6);
      const net = results.trades.reduce((s, t) => s + (t.closedAtMs === null ? 0 : t.netPnlUsdt), 0);
      expect(results.figures.netPnlUsdt).toBeCloseTo(net, 6);
    });

    // A LIMIT entry that fills and is stopped out inside one 5m candle never shows as a venue
    // position at a sync: the ledger journals such round trips from their fills.
    it('journals every position the venue opened and closed, so trade PnL equals the venue realised PnL', () => {
      expect(results.consistency.closingFillsWithoutTrade).toBe(0);
      if (results.consistency.journalRealisedUsdt !== null)
        expect(Math.abs(results.consistency.journalRealisedUsdt)).toBeLessThan(1e-6);
    });

    it('never loses more than the planned risk at a stop unless the stop gapped, and flags every gap', () => {
      const stopped = results.trades.filter((t) => t.exitReason === 'STOP_LOSS');
      expect(stopped.length).toBeGreaterThan(0);
      for (const t of stopped) {
        if (t.plannedRiskUsdt === null) continue;
        const loss = -(t.grossPnlUsdt - t.feesUsdt);
        if (!t.stopGapped) expect(loss).toBeLessThanOrEqual(t.plannedRiskUsdt + 1e-9);
      }
      expect(results.consistency.lossesBeyondRiskWithoutGap).toBe(0);
      expect(results.figures.stopsGapped).toBe(results.trades.filter((t) => t.stopGapped).length);
    });

    it('gives byte-identical JSON when the same backtest runs again', async () => {
      const window = { toMs: Date.parse('2025-01-25T00:00:00Z') };
      const first = await backtest({ DECISION_TIMEFRAME: '15m' }, window);
      const firstJson = stableJson(first.results);
      first.run.close();
      const second = await backtest({ DECISION_TIMEFRAME: '15m' }, window);
      const secondJson = stableJson(second.results);
      second.run.close();
      expect(first.results.figures.closedTrades).toBeGreaterThan(0);
      expect(secondJson).toBe(firstJson);
    }, 300_000);
  },
);
