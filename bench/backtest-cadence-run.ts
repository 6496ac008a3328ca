import path from 'node:path';
import { loadSeries } from '../src/backtest/run.ts';
import type { SymbolSeries } from '../src/market/feeds/series-feed.ts';
import { throughput } from './backtest.ts';
import { syntheticYear } from './synthetic-year.ts';

/**
 * One backtest at the cadence users trade, in a process of its own (as `warden backtest` runs):
 *   backtest-cadence-run.ts synthetic|real 5m|15m [runs]
 * `synthetic`: ten symbols × a year of seeded 5m candles; `real`: the six symbols of the shared
 * data, all of it. Prints one JSON line (the best run, every run's seconds, the peak RSS).
 */
const DATA = process.env.WARDEN_DATA_DIR ?? path.resolve(import.meta.dirname, '../../shared/data');
const [set = 'synthetic', timeframe = '15m', runsArg = '1'] = process.argv.slice(2);
if (set !== 'synthetic' && set !== 'real') throw new Error(`set must be synthetic or real, got ${set}`);
if (timeframe !== '5m' && timeframe !== '15m')
  throw new Error(`timeframe must be 5m or 15m, got ${timeframe}`);

function realData(): SymbolSeries[] {
  return [
    ...loadSeries(path.join(DATA, 'bybit-linear'), ['BTCUSDT', 'ETHUSDT'], 'required'),
    // binance-usdm has no 2025 funding files: those symbols run without funding.
    ...loadSeries(path.join(DATA, 'binance-usdm'), ['SOLUSDT', 'XRPUSDT', 'DOGEUSDT', 'BNBUSDT'], 'none'),
  ];
}

const data = set === 'synthetic' ? syntheticYear() : realData();
const symbols = data.map((s) => s.symbol);
const runs = [];
for (let i = 0; i < Number(runsArg); i++) {
  const cpu = process.cpuUsage();
  const run = await throughput(symbols, timeframe, data, {});
  const used = process.cpuUsage(cpu);
  runs.push({ ...run, cpuSeconds: (used.user + used.system) / 1e6 });
}
const best = [...runs].sort((a, b) => a.seconds - b.seconds)[0] as (typeof runs)[number];
console.log(
  JSON.stringify({
    ...best,
    symbols: symbols.length,
    allSeconds: runs.map((r) => Number(r.seconds.toFixed(2))),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
