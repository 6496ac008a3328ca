import { readFileSync } from 'node:fs';
import type { Candle } from '../src/domain/index.ts';
import { aggregateCandles } from '../src/market/candles/aggregate.ts';
import { parseCandleCsv } from '../src/market/feeds/csv-parse.ts';
import { formatCandleCsv } from '../src/market/feeds/csv-write.ts';
import { createSyntheticFeed } from '../src/market/synthetic/feed.ts';
import { generateSyntheticMarket } from '../src/market/synthetic/generator.ts';
import { dataFile, hasRealData } from '../test/support/data.ts';
import type { BenchFigure, BenchSuite } from './types.ts';

const M5 = 300_000;

/** Best of `rounds` runs (after one warm-up run), in items per second. */
function ratePerSecond(items: number, rounds: number, run: () => void): number {
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  return items / (best / 1000);
}

export const marketDataSuite: BenchSuite = {
  name: 'market-data',
  async run(): Promise<BenchFigure[]> {
    const source = hasRealData ? 'bybit-linear/BTCUSDT-5m.csv' : 'synthetic 78,624 × 5m (no real data found)';
    const text = hasRealData
      ? readFileSync(dataFile('bybit-linear', 'BTCUSDT-5m.csv'), 'utf8')
      : formatCandleCsv(generateSyntheticMarket({ seed: 1, candles: 78_624 }).candles);
    let candles: Candle[] = [];
    const rows = text.split('\n').length - 2;
    const parse = ratePerSecond(rows, 5, () => {
      const report = parseCandleCsv(text, { expectedIntervalMs: M5 });
      if (report.problems.length > 0)
        throw new Error(`bench data has problems: ${report.problems[0]?.message}`);
      candles = report.candles;
    });
    const to15m = ratePerSecond(candles.length, 5, () => aggregateCandles(candles, M5, 900_000));
    const to1h = ratePerSecond(candles.length, 5, () => aggregateCandles(candles, M5, 3_600_000));
    const generate = ratePerSecond(50_000, 3, () => generateSyntheticMarket({ seed: 7, candles: 50_000 }));
    const { feed } = createSyntheticFeed({ seed: 3, symbols: ['BTCUSDT', 'ETHUSDT'], candles: 20_000 });
    let events = 0;
    const start = performance.now();
    for await (const _event of feed.events()) events++;
    const replay = events / ((performance.now() - start) / 1000);
    return [
      { name: 'CSV parse + validation', value: parse, unit: 'rows/s', note: source },
      { name: 'aggregation 5m → 15m', value: to15m, unit: 'source candles/s' },
      { name: 'aggregation 5m → 1h', value: to1h, unit: 'source candles/s' },
      { name: 'synthetic generator', value: generate, unit: 'candles/s' },
      { name: 'feed replay, instant clock, 2 symbols', value: replay, unit: 'events/s' },
    ];
  },
};
