import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/domain/index.ts';
import { aggregateCandles, CandleAggregator } from '../../../src/market/candles/aggregate.ts';
import { readCandleCsv, readFundingCsv } from '../../../src/market/feeds/csv.ts';
import { dataDir, dataFile, hasRealData } from '../../support/data.ts';

const M5 = 300_000;
const M15 = 900_000;
const H1 = 3_600_000;
const H4 = 14_400_000;
const FIVE_MINUTE_FILES = [
  ['bybit-linear', 'BTCUSDT'],
  ['bybit-linear', 'ETHUSDT'],
  ['binance-usdm', 'SOLUSDT'],
  ['binance-usdm', 'XRPUSDT'],
  ['binance-usdm', 'DOGEUSDT'],
  ['binance-usdm', 'BNBUSDT'],
] as const;

const cache = new Map<string, Candle[]>();
function candlesOf(venue: string, file: string): Candle[] {
  const key = `${venue}/${file}`;
  let candles = cache.get(key);
  if (!candles) {
    candles = readCandleCsv(dataFile(venue, file), {
      expectedIntervalMs: file.endsWith('-1h.csv') ? H1 : M5,
    });
    cache.set(key, candles);
  }
  return candles;
}

/** An independent, deliberately naive aggregation: group by hour key, then fold. */
function handBuilt(candles: readonly Candle[], targetMs: number): Candle[] {
  const groups = new Map<number, Candle[]>();
  for (const c of candles) {
    const key = Math.floor(c.ts / targetMs) * targetMs;
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
  }
  const out: Candle[] = [];
  for (const [ts, group] of [...groups].sort((a, b) => a[0] - b[0])) {
    if (group.length !== targetMs / M5) continue;
    out.push({
      ts,
      open: (group[0] as Candle).open,
      high: Math.max(...group.map((c) => c.high)),
      low: Math.min(...group.map((c) => c.low)),
      close: (group.at(-1) as Candle).close,
      volume: group.reduce((sum, c) => sum + c.volume, 0),
    });
  }
  return out;
}

describe.skipIf(!hasRealData)(`aggregation on the real candles in ${dataDir}`, () => {
  it('reads every real file without a single problem', () => {
    for (const [venue, symbol] of FIVE_MINUTE_FILES) {
      expect(candlesOf(venue, `${symbol}-5m.csv`)).toHaveLength(78_624);
    }
    expect(candlesOf('binance-usdm', 'BTCUSDT-1h.csv').length).toBeGreaterThan(45_000);
    expect(candlesOf('binance-usdm', 'ETHUSDT-1h.csv').length).toBeGreaterThan(44_000);
    expect(readFundingCsv(dataFile('bybit-linear', 'BTCUSDT-funding.csv'))).toHaveLength(1_211);
  });

  it('parses every cell to the same double as Number() on the real files', () => {
    for (const [venue, file] of [
      ['bybit-linear', 'BTCUSDT-5m.csv'],
      ['binance-usdm', 'DOGEUSDT-5m.csv'],
    ] as const) {
      const candles = candlesOf(venue, file);
      const rows = readFileSync(dataFile(venue, file), 'utf8').trim().split('\n').slice(1);
      const mismatches = rows.filter((row, i) => {
        const c = candles[i] as Candle;
        return (
          row !== [c.ts, c.open, c.high, c.low, c.close, c.volume].map((v) => String(v)).join(',') &&
          row.split(',').map(Number).join() !== [c.ts, c.open, c.high, c.low, c.close, c.volume].join()
        );
      });
      expect(mismatches.slice(0, 3)).toEqual([]);
    }
  });

  it('turns 5m files into complete 15m, 1h and 4h candles equal to a hand-built aggregation', () => {
    for (const [venue, symbol] of FIVE_MINUTE_FILES) {
      const source = candlesOf(venue, `${symbol}-5m.csv`);
      for (const target of [M15, H1, H4]) {
        const ours = aggregateCandles(source, M5, target);
        const reference = handBuilt(source, target);
        expect(ours.length, `${symbol} ${target}`).toBe((78_624 * M5) / target);
        expect(ours.length).toBe(reference.length);
        const mismatches: string[] = [];
        for (let i = 0; i < ours.length; i++) {
          const a = ours[i] as Candle;
          const b = reference[i] as Candle;
          const same =
            a.ts === b.ts && a.open === b.open && a.high === b.high && a.low === b.low && a.close === b.close;
          const volumeClose = Math.abs(a.volume - b.volume) <= 1e-9 * Math.max(1, b.volume);
          const ordered =
            a.high >= Math.max(a.open, a.close) && a.low <= Math.min(a.open, a.close) && a.ts % target === 0;
          if (!same || !volumeClose || !ordered)
            mismatches.push(`${symbol} ${target}ms #${i}: ${JSON.stringify([a, b])}`);
        }
        expect(mismatches.slice(0, 5)).toEqual([]);
      }
    }
  });

  it('aggregates 1h to 1h on the 1h files unchanged, and 1h to 4h with every bucket complete', () => {
    const hourly = candlesOf('binance-usdm', 'BTCUSDT-1h.csv');
    expect(aggregateCandles(hourly, H1, H1)).toEqual(hourly);
    const four = aggregateCandles(hourly, H1, H4);
    // the file starts at 17:00, so the first 16:00 bucket is incomplete and dropped
    expect(four[0]?.ts).toBe(Date.UTC(2019, 8, 8, 20));
    expect(four.at(-1)?.ts).toBe(Date.UTC(2024, 11, 31, 20));
  });

  it('streams the same 1h candles as the batch aggregation', () => {
    const source = candlesOf('bybit-linear', 'ETHUSDT-5m.csv');
    const aggregator = new CandleAggregator(M5, H1);
    const streamed: Candle[] = [];
    for (const candle of source) {
      const done = aggregator.push(candle);
      if (done) streamed.push(done);
    }
    expect(streamed).toEqual(aggregateCandles(source, M5, H1));
    expect(aggregator.incompleteBuckets).toBe(0);
  });

  it('finds no overlap between the 1h and 5m files: they meet at 2025-01-01T00:00Z within 0.05%', () => {
    for (const symbol of ['BTCUSDT', 'ETHUSDT']) {
      const hourly = candlesOf('binance-usdm', `${symbol}-1h.csv`);
      const fiveMinutes = candlesOf('bybit-linear', `${symbol}-5m.csv`);
      const last = hourly.at(-1) as Candle;
      const first = fiveMinutes[0] as Candle;
      expect(last.ts + H1).toBe(first.ts);
      expect(Math.abs(first.open / last.close - 1)).toBeLessThan(0.0005);
    }
  });
});

describe.runIf(!hasRealData)('aggregation on real candles', () => {
  it(`is skipped: no real data in ${dataDir} (set WARDEN_DATA_DIR to the shared data folder)`, () => {
    expect(hasRealData).toBe(false);
  });
});
