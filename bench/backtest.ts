import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSeries, runBacktest } from '../src/backtest/run.ts';
import { loadConfig } from '../src/config/index.ts';
import { BaselineDecider } from '../src/decision/index.ts';
import { databaseOf } from '../src/journal/lookups.ts';
import type { SymbolSeries } from '../src/market/feeds/series-feed.ts';
import type { BenchFigure, BenchSuite } from './types.ts';

const DATA = process.env.WARDEN_DATA_DIR ?? path.resolve(import.meta.dirname, '../../shared/data');
const BYBIT = ['BTCUSDT', 'ETHUSDT'];
const BINANCE = ['SOLUSDT', 'XRPUSDT', 'DOGEUSDT', 'BNBUSDT'];
const FROM_MS = Date.parse('2025-02-01T00:00:00Z');
const DAYS = 30;

export function series(symbols: string[]): SymbolSeries[] {
  const bybit = loadSeries(
    path.join(DATA, 'bybit-linear'),
    symbols.filter((s) => BYBIT.includes(s)),
    'required',
  );
  // binance-usdm has no 2025 funding files: those symbols run without funding.
  const binance = loadSeries(
    path.join(DATA, 'binance-usdm'),
    symbols.filter((s) => BINANCE.includes(s)),
    'none',
  );
  return [...bybit, ...binance];
}

/** The whole pipeline: replay feed → paper exchange → indicators → cycle (baseline, gate, journal) → results. */
export async function throughput(
  symbols: string[],
  decisionTimeframe: '5m' | '15m' | '1h' | '4h',
  data: SymbolSeries[],
  window: { fromMs?: number; toMs?: number },
) {
  const { config } = loadConfig({
    env: {
      SYMBOLS: symbols.join(','),
      DECISION_TIMEFRAME: decisionTimeframe,
      CONTEXT_TIMEFRAMES: decisionTimeframe === '4h' ? '1d' : decisionTimeframe === '1h' ? '4h,1d' : '1h,4h',
    },
    dotenvPath: null,
  });
  const start = performance.now();
  const run = await runBacktest({ config, series: data, decider: new BaselineDecider(), ...window });
  const seconds = (performance.now() - start) / 1000;
  const db = databaseOf(run.journal);
  const trades = db.prepare('SELECT COUNT(*) FROM position_closes').pluck().get() as number;
  const decisions = db.prepare('SELECT COUNT(*) FROM decisions').pluck().get() as number;
  const months = (run.toMs - run.fromMs) / (30 * 86_400_000);
  const result = { candles: run.candles, cycles: run.cycles, decisions, trades, months, seconds };
  run.close();
  return result;
}

function figure(label: string, tf: string, r: Awaited<ReturnType<typeof throughput>>, span: string) {
  return {
    name: `backtest, ${label}, decisions every ${tf}`,
    value: r.candles / r.seconds,
    unit: 'candles/s',
    note: `${r.candles} 5m candles, ${r.cycles} cycles, ${r.trades} trades in ${r.seconds.toFixed(1)} s (${((r.seconds * 1000) / Math.max(1, r.cycles)).toFixed(2)} ms/cycle), ${span}`,
  };
}

export const backtestSuite: BenchSuite = {
  name: 'backtest',
  async run(): Promise<BenchFigure[]> {
    if (
      !existsSync(path.join(DATA, 'bybit-linear', 'BTCUSDT-5m.csv')) ||
      !existsSync(path.join(DATA, 'binance-usdm'))
    ) {
      return [{ name: 'backtest throughput: skipped, no shared data', value: 0, unit: '' }];
    }
    const figures: BenchFigure[] = [];
    const month = { fromMs: FROM_MS, toMs: FROM_MS + DAYS * 86_400_000 };
    const sets: [string, string[]][] = [
      ['1 symbol', ['BTCUSDT']],
      ['6 symbols', [...BYBIT, ...BINANCE]],
    ];
    for (const [label, symbols] of sets) {
      const data = series(symbols);
      for (const tf of ['15m', '4h'] as const) {
        figures.push(figure(label, tf, await throughput(symbols, tf, data, month), `${DAYS} days`));
      }
    }
    const all = [...BYBIT, ...BINANCE];
    const allData = series(all);
    for (const tf of ['1h', '4h'] as const) {
      figures.push(figure('6 symbols, all the data', tf, await throughput(all, tf, allData, {}), '273 days'));
    }
    figures.push({ name: 'peak RSS (process)', value: process.resourceUsage().maxRSS / 1024, unit: 'MiB' });
    // In a process of its own, as `warden backtest` runs: nothing earlier in this one weighs on it.
    const year = JSON.parse(
      execFileSync(
        process.execPath,
        ['--import', 'tsx', path.join(import.meta.dirname, 'backtest-year.ts')],
        {
          encoding: 'utf8',
        },
      ),
    ) as YearRun;
    figures.push({
      name: '1M candles: 10 symbols × 1 year, decisions every 4h',
      value: year.seconds,
      unit: 's',
      note: `goal: under 5 s; best of 3 (median ${year.medianSeconds.toFixed(2)} s, runs ${year.allSeconds.join(' / ')} s); ${year.candles} synthetic 5m candles, ${year.cycles} cycles, ${year.trades} trades, ${Math.round(year.candles / year.seconds).toLocaleString('en-US')} candles/s; its process peaked at ${year.peakRssMiB} MiB`,
    });
    return figures;
  },
};

interface YearRun {
  seconds: number;
  medianSeconds: number;
  allSeconds: number[];
  candles: number;
  cycles: number;
  trades: number;
  peakRssMiB: number;
}
