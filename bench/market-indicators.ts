import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as reference from 'trading-signals';
import type { Candle } from '../src/domain/index.ts';
import { featureSeries } from '../src/market/features/index.ts';
import { readCandleCsv } from '../src/market/feeds/csv.ts';
import {
  Adx,
  Atr,
  BollingerWidth,
  Ema,
  Macd,
  RealisedVolatility,
  Rsi,
  Sma,
  SwingLevels,
  VolumeRatio,
} from '../src/market/indicators/index.ts';
import { generateSyntheticMarket } from '../src/market/synthetic/generator.ts';
import type { BenchFigure, BenchSuite } from './types.ts';

const INDICATORS = 11;
const RUNS = 3;

function loadCandles(): { candles: Candle[]; source: string } {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const dataDir = process.env.WARDEN_DATA_DIR ?? path.resolve(root, '../shared/data');
  const file = path.join(dataDir, 'bybit-linear', 'BTCUSDT-5m.csv');
  if (existsSync(file)) return { candles: readCandleCsv(file), source: 'real BTCUSDT 5m candles' };
  const market = generateSyntheticMarket({ seed: 7, symbol: 'BTCUSDT', timeframe: '5m', candles: 78_624 });
  return { candles: market.candles, source: 'SYNTHETIC candles: ../shared/data not found' };
}

/** Our full set: the 11 indicators the feature engine runs on one stream. */
function runOurs(candles: Candle[]): number {
  const ema20 = new Ema(20);
  const ema200 = new Ema(200);
  const sma = new Sma(20);
  const atr = new Atr(14);
  const adx = new Adx(14);
  const rsi = new Rsi(14);
  const macd = new Macd(12, 26, 9);
  const bbw = new BollingerWidth(20, 2);
  const rv = new RealisedVolatility(20);
  const volume = new VolumeRatio(20);
  const levels = new SwingLevels({ left: 5, right: 5, memory: 10 });
  let sink = 0;
  for (const c of candles) {
    sink += ema20.add(c.close) ?? 0;
    sink += ema200.add(c.close) ?? 0;
    sink += sma.add(c.close) ?? 0;
    sink += atr.add(c) ?? 0;
    sink += adx.add(c) ?? 0;
    sink += rsi.add(c.close) ?? 0;
    sink += macd.add(c.close)?.histogram ?? 0;
    sink += bbw.add(c.close) ?? 0;
    sink += rv.add(c.close) ?? 0;
    sink += volume.add(c) ?? 0;
    sink += levels.add(c)?.support ?? 0;
  }
  return sink;
}

/** The same 11 with trading-signals; it has no streaming realised volatility, so that one recomputes its window. */
function runReference(candles: Candle[]): number {
  const ema20 = new reference.EMA(20);
  const ema200 = new reference.EMA(200);
  const sma = new reference.SMA(20);
  const atr = new reference.ATR(14);
  const adx = new reference.ADX(14);
  const rsi = new reference.RSI(14);
  const macd = new reference.MACD(new reference.EMA(12), new reference.EMA(26), new reference.EMA(9));
  const bbw = new reference.BollingerBandsWidth(new reference.BollingerBands(20, 2));
  const volume = new reference.RVOL(20);
  const highs = new reference.SwingHigh({ lookback: 5 });
  const lows = new reference.SwingLow({ lookback: 5 });
  const closes: number[] = [];
  let sink = 0;
  for (const c of candles) {
    sink += ema20.add(c.close) ?? 0;
    sink += ema200.add(c.close) ?? 0;
    sink += sma.add(c.close) ?? 0;
    sink += atr.add(c) ?? 0;
    sink += adx.add(c) ?? 0;
    sink += rsi.add(c.close) ?? 0;
    sink += macd.add(c.close)?.histogram ?? 0;
    sink += bbw.add(c.close) ?? 0;
    closes.push(c.close);
    if (closes.length > 21) closes.shift();
    if (closes.length === 21) sink += reference.getStandardDeviation(reference.getLogReturns(closes));
    sink += volume.add(c.volume) ?? 0;
    sink += (highs.add(c) ?? 0) + (lows.add(c) ?? 0);
  }
  return sink;
}

function runFeatureEngine(candles: Candle[]): number {
  let rows = 0;
  for (const row of featureSeries(candles, {
    symbol: 'BTCUSDT',
    decisionTimeframe: '15m',
    contextTimeframes: ['1h', '4h'],
    sourceMs: 300_000,
  })) {
    rows += row.view.scores.preScore === null ? 0 : 1;
  }
  return rows;
}

/** Best of RUNS wall-clock runs, in seconds. */
function bestSeconds(run: () => number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const sink = run();
    const seconds = (performance.now() - start) / 1000;
    if (!Number.isFinite(sink)) throw new Error('bench produced a non-finite checksum');
    best = Math.min(best, seconds);
  }
  return best;
}

export const marketIndicatorsSuite: BenchSuite = {
  name: 'indicators',
  async run(): Promise<BenchFigure[]> {
    const { candles, source } = loadCandles();
    const note = `${candles.length.toLocaleString('en-US')} ${source}, best of ${RUNS}`;
    const ours = bestSeconds(() => runOurs(candles));
    const theirs = bestSeconds(() => runReference(candles));
    const engine = bestSeconds(() => runFeatureEngine(candles));
    return [
      {
        name: 'warden: 11 indicators, updates per second',
        value: (candles.length * INDICATORS) / ours,
        unit: 'updates/s',
        note,
      },
      {
        name: 'warden: candles per second through all 11',
        value: candles.length / ours,
        unit: 'candles/s',
        note,
      },
      {
        name: 'trading-signals 8: same 11, updates per second',
        value: (candles.length * INDICATORS) / theirs,
        unit: 'updates/s',
        note,
      },
      {
        name: 'trading-signals 8: candles per second through all 11',
        value: candles.length / theirs,
        unit: 'candles/s',
        note,
      },
      { name: 'speed ratio warden / trading-signals', value: theirs / ours, unit: '×', note },
      {
        name: 'feature engine: 5m → 15m+1h+4h features and scores',
        value: candles.length / engine,
        unit: '5m candles/s',
        note: `${note}; aggregation, 3 timeframes, regime, scores, one view per 15m close`,
      },
    ];
  },
};
