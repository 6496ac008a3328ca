import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildResults } from '../src/backtest/results.ts';
import { runBacktest } from '../src/backtest/run.ts';
import type { BacktestTrade } from '../src/backtest/trades.ts';
import { loadConfig } from '../src/config/index.ts';
import { BaselineDecider } from '../src/decision/index.ts';
import type { SymbolSeries } from '../src/market/feeds/series-feed.ts';
import { series } from './backtest.ts';
import { SYNTHETIC_SYMBOLS, syntheticMarkets } from './synthetic-year.ts';
import type { BenchFigure, BenchSuite } from './types.ts';

const DATA = process.env.WARDEN_DATA_DIR ?? path.resolve(import.meta.dirname, '../../shared/data');
const MONTH_MS = (365.25 / 12) * 86_400_000;

async function backtest(
  symbols: string[],
  decision: '15m' | '1h',
  source: { series: SymbolSeries[] } | { dataDir: string },
  window: { fromMs?: number; toMs?: number } = {},
) {
  const { config } = loadConfig({
    env: {
      SYMBOLS: symbols.join(','),
      DECISION_TIMEFRAME: decision,
      CONTEXT_TIMEFRAMES: decision === '1h' ? '4h,1d' : '1h,4h',
    },
    dotenvPath: null,
  });
  const start = performance.now();
  const run = await runBacktest({ config, ...source, ...window, decider: new BaselineDecider() });
  const seconds = (performance.now() - start) / 1000;
  try {
    const results = await buildResults(run, { decider: { provider: 'baseline', model: 'baseline' } });
    const closed = results.trades.filter((t) => t.closedAtMs !== null);
    const symbolMonths = (symbols.length * (run.toMs - run.fromMs)) / MONTH_MS;
    return { seconds, run, results, closed, perSymbolMonth: closed.length / symbolMonths };
  } finally {
    run.close();
  }
}

/** The worst closed trade's loss (gross − fees, before funding) over the risk the gate planned at its entry. */
function worstLossOverPlannedRisk(trades: readonly BacktestTrade[]): {
  ratio: number;
  trade: BacktestTrade | null;
} {
  let worst = { ratio: Number.NEGATIVE_INFINITY, trade: null as BacktestTrade | null };
  for (const t of trades) {
    if (t.plannedRiskUsdt === null || t.plannedRiskUsdt <= 0) continue;
    const ratio = -(t.grossPnlUsdt - t.feesUsdt) / t.plannedRiskUsdt;
    if (ratio > worst.ratio) worst = { ratio, trade: t };
  }
  return worst;
}

/**
 * Years of history: BTCUSDT and ETHUSDT on Binance's hourly candles with funding (2019 → 2025,
 * the 2020 crash, the 2021 bull, the 2022 bear), stepped on 1h candles at 1h decisions. And the
 * baseline's trade rate at 15m on the synthetic markets against the real data.
 */
export const backtestHistorySuite: BenchSuite = {
  name: 'backtest-history',
  async run(): Promise<BenchFigure[]> {
    const hourly = path.join(DATA, 'binance-usdm');
    const figures: BenchFigure[] = [];
    if (existsSync(path.join(hourly, 'BTCUSDT-1h.csv'))) {
      const h = await backtest(['BTCUSDT', 'ETHUSDT'], '1h', { dataDir: hourly });
      const worst = worstLossOverPlannedRisk(h.closed);
      const a = h.results.account;
      figures.push({
        name: 'hourly history BTC+ETH (1h base, 1h decisions, funding)',
        value: h.seconds,
        unit: 's',
        note: `${h.results.run.from.slice(0, 10)} → ${h.results.run.to.slice(0, 10)}, ${h.run.candles} 1h candles, ${h.run.cycles} cycles, ${h.closed.length} trades (${h.perSymbolMonth.toFixed(1)} per symbol-month), return ${(a.returnPct * 100).toFixed(2)} %, max drawdown ${((h.results.figures.maxDrawdownPct ?? 0) * 100).toFixed(1)} %, ${h.results.figures.stopsGapped} gapped stops, ${h.results.figures.liquidations} liquidations`,
      });
      const t = worst.trade;
      figures.push({
        name: 'hourly history: worst loss / planned risk',
        value: worst.ratio,
        unit: '×',
        note: t
          ? `${t.symbol} ${t.side} ${new Date(t.openedAtMs).toISOString().slice(0, 10)}, ${t.exitReason}${t.stopGapped ? ' (gapped)' : ''}: lost ${(-(t.grossPnlUsdt - t.feesUsdt)).toFixed(4)} of ${t.plannedRiskUsdt?.toFixed(4)} USDT planned`
          : 'no closed trade',
      });
    } else {
      figures.push({ name: 'hourly history: skipped, no binance-usdm 1h files', value: 0, unit: '' });
    }
    // Trade rate at the default cadence: the bench year's first 60 days against real 2025 data.
    const synthetic = await backtest(SYNTHETIC_SYMBOLS, '15m', { series: syntheticMarkets(1000 + 60 * 288) });
    figures.push({
      name: 'baseline trades per symbol-month at 15m: synthetic',
      value: synthetic.perSymbolMonth,
      unit: 'trades',
      note: `${synthetic.closed.length} trades, 10 synthetic symbols × 60 days (the bench year's seeds)`,
    });
    if (existsSync(path.join(DATA, 'bybit-linear', 'BTCUSDT-5m.csv'))) {
      const six = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT', 'BNBUSDT'];
      const real = await backtest(six, '15m', { series: series(six) });
      figures.push({
        name: 'baseline trades per symbol-month at 15m: real',
        value: real.perSymbolMonth,
        unit: 'trades',
        note: `${real.closed.length} trades, the 6 real symbols, ${real.results.run.from.slice(0, 10)} → ${real.results.run.to.slice(0, 10)}; per symbol: ${six
          .map((s) => `${s.replace('USDT', '')} ${real.closed.filter((t) => t.symbol === s).length}`)
          .join(', ')}`,
      });
    }
    return figures;
  },
};
