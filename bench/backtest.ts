import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSeries, runBacktest } from '../src/backtest/run.ts';
import { loadConfig } from '../src/config/index.ts';
import { BaselineDecider } from '../src/decision/index.ts';
import type { SymbolSeries } from '../src/market/feeds/series-feed.ts';
import type { BenchFigure, BenchSuite } from './types.ts';

const DATA = process.env.WARDEN_DATA_DIR ?? path.resolve(import.meta.dirname, '../../shared/data');
const BYBIT = ['BTCUSDT', 'ETHUSDT'];
const BINANCE = ['SOLUSDT', 'XRPUSDT', 'DOGEUSDT', 'BNBUSDT'];
const FROM_MS = Date.parse('2025-02-01T00:00:00Z');
const DAYS = 30;

function series(symbols: string[]): SymbolSeries[] {
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
async function throughput(symbols: string[], decisionTimeframe: '15m' | '4h') {
  const { config } = loadConfig({
    env: {
      SYMBOLS: symbols.join(','),
      DECISION_TIMEFRAME: decisionTimeframe,
      CONTEXT_TIMEFRAMES: decisionTimeframe === '4h' ? '1d' : '1h,4h',
    },
    dotenvPath: null,
  });
  const data = series(symbols);
  const start = performance.now();
  const run = await runBacktest({
    config,
    series: data,
    decider: new BaselineDecider(),
    fromMs: FROM_MS,
    toMs: FROM_MS + DAYS * 86_400_000,
  });
  const seconds = (performance.now() - start) / 1000;
  const result = { candles: run.candles, cycles: run.cycles, seconds };
  run.close();
  return result;
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
    const sets: [string, string[]][] = [
      ['1 symbol', ['BTCUSDT']],
      ['6 symbols', [...BYBIT, ...BINANCE]],
    ];
    for (const [label, symbols] of sets) {
      for (const tf of ['15m', '4h'] as const) {
        const r = await throughput(symbols, tf);
        figures.push({
          name: `backtest, ${label}, decisions every ${tf}`,
          value: r.candles / r.seconds,
          unit: 'candles/s',
          note: `${r.candles} 5m candles, ${r.cycles} cycles in ${r.seconds.toFixed(1)} s (${((r.seconds * 1000) / Math.max(1, r.cycles)).toFixed(2)} ms/cycle), ${DAYS} days`,
        });
      }
    }
    const perCandle = figures.map((f) => 1 / f.value);
    const bestCandlesPerSecond = 1 / Math.min(...perCandle);
    figures.push({
      name: 'time for 1M candles (10 symbols × 1 year) at the best rate above',
      value: 1_000_000 / bestCandlesPerSecond,
      unit: 's',
      note: 'goal: under 5 s',
    });
    figures.push({ name: 'peak RSS (process)', value: process.resourceUsage().maxRSS / 1024, unit: 'MiB' });
    return figures;
  },
};
