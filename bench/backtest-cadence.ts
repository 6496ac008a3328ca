import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BenchFigure, BenchSuite } from './types.ts';

const DATA = process.env.WARDEN_DATA_DIR ?? path.resolve(import.meta.dirname, '../../shared/data');

interface CadenceRun {
  candles: number;
  cycles: number;
  decisions: number;
  trades: number;
  months: number;
  seconds: number;
  cpuSeconds: number;
  symbols: number;
  allSeconds: number[];
  peakRssMiB: number;
}

/** One run in a process of its own, as `warden backtest` runs: nothing earlier weighs on it. */
function cadenceRun(set: 'synthetic' | 'real', timeframe: '5m' | '15m', runs: number): CadenceRun {
  const script = path.join(import.meta.dirname, 'backtest-cadence-run.ts');
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, set, timeframe, String(runs)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as CadenceRun;
}

function figure(label: string, r: CadenceRun, goal?: string): BenchFigure {
  const perDecisionUs = (r.seconds * 1e6) / r.decisions;
  const perSymbolMonth = r.trades / (r.symbols * r.months);
  return {
    name: label,
    value: r.candles / r.seconds,
    unit: 'candles/s',
    note: [
      `${r.seconds.toFixed(1)} s best of ${r.allSeconds.length} (runs ${r.allSeconds.join(' / ')} s, CPU ${r.cpuSeconds.toFixed(1)} s)`,
      goal,
      `${perDecisionUs.toFixed(0)} µs per symbol-decision`,
      `${r.candles} 5m candles, ${r.cycles} cycles, ${r.decisions} journaled decisions`,
      `${r.trades} trades (${perSymbolMonth.toFixed(1)} per symbol-month)`,
      `peak RSS ${r.peakRssMiB} MiB`,
    ]
      .filter(Boolean)
      .join('; '),
  };
}

/**
 * Backtests at the cadence Warden trades (issue 16): a year of ten symbols at 15m decisions, and
 * all of the shared real data at 15m and 5m, baseline decider, every decision journaled.
 */
export const backtestCadenceSuite: BenchSuite = {
  name: 'backtest-cadence',
  async run(): Promise<BenchFigure[]> {
    const figures = [
      figure(
        '10 symbols × 1 year (synthetic), decisions every 15m',
        cadenceRun('synthetic', '15m', 3),
        'goal: ≤ 10 s',
      ),
    ];
    if (
      !existsSync(path.join(DATA, 'bybit-linear', 'BTCUSDT-5m.csv')) ||
      !existsSync(path.join(DATA, 'binance-usdm'))
    ) {
      figures.push({ name: 'real data at 15m / 5m: skipped, no shared data', value: 0, unit: '' });
      return figures;
    }
    figures.push(figure('6 symbols, all the real data, decisions every 15m', cadenceRun('real', '15m', 3)));
    figures.push(figure('6 symbols, all the real data, decisions every 5m', cadenceRun('real', '5m', 1)));
    return figures;
  },
};
