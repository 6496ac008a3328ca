import * as reference from 'trading-signals';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/domain/index.ts';
import { aggregateCandles } from '../../../src/market/candles/aggregate.ts';
import { type FeatureRow, featureSeries, ReturnCorrelation } from '../../../src/market/features/index.ts';
import { readCandleCsv } from '../../../src/market/feeds/csv.ts';
import { dataFile, hasRealData } from '../../support/data.ts';

const M5 = 300_000;
const M15 = 900_000;
const H1 = 3_600_000;
const H4 = 14_400_000;
const ROWS = 30_000; // ≈ 104 days of 5m candles

describe.skipIf(!hasRealData)('features on real BTCUSDT/ETHUSDT candles', () => {
  let btc: Candle[] = [];
  let eth: Candle[] = [];
  let rows: FeatureRow[] = [];

  beforeAll(() => {
    btc = readCandleCsv(dataFile('bybit-linear', 'BTCUSDT-5m.csv')).slice(0, ROWS);
    eth = readCandleCsv(dataFile('bybit-linear', 'ETHUSDT-5m.csv')).slice(0, ROWS);
    rows = [
      ...featureSeries(btc, {
        symbol: 'BTCUSDT',
        decisionTimeframe: '15m',
        contextTimeframes: ['1h', '4h'],
        sourceMs: M5,
      }),
    ];
  });

  it('produces one row per closed 15m candle, seen at its close', () => {
    expect(rows.length).toBe(ROWS / 3);
    const wrong = rows.filter(
      (row, i) =>
        row.view.lastClosedCandleMs !== btc[0]!.ts + i * M15 ||
        row.view.nowMs !== row.view.lastClosedCandleMs + M15,
    );
    expect(wrong.length).toBe(0);
  });

  it('shows each context timeframe from its latest candle closed by then, never a forming one', () => {
    const lookAhead: string[] = [];
    for (const row of rows) {
      const now = row.view.nowMs;
      const h1 = row.view.timeframes['1h'];
      const h4 = row.view.timeframes['4h'];
      if (h1 && h1.candleTs !== Math.floor(now / H1) * H1 - H1) lookAhead.push(`1h at ${now}`);
      if (h4 && h4.candleTs !== Math.floor(now / H4) * H4 - H4) lookAhead.push(`4h at ${now}`);
    }
    expect(lookAhead.slice(0, 5)).toEqual([]);
    expect(rows.at(-1)!.view.timeframes['4h']).toBeDefined();
  });

  it('scores every candle once warm, within 0–100, and the regime changes on few candles', () => {
    const warm = rows.slice(200);
    let changes = 0;
    const inRange = (score: number | null) => score !== null && score >= 0 && score <= 100;
    const bad: number[] = [];
    for (let i = 0; i < warm.length; i++) {
      const { scores } = warm[i]!.view;
      if (!inRange(scores.preScore) || !inRange(scores.rangeScore) || scores.regime === null) bad.push(i);
      if (i > 0 && scores.regime !== warm[i - 1]!.view.scores.regime) changes += 1;
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(changes / warm.length).toBeLessThan(0.05);
    const regimes = new Set(warm.map((r) => r.view.scores.regime));
    expect(regimes).toEqual(new Set(['TREND', 'RANGE', 'TRANSITION']));
  });

  it('BTC/ETH 15m return correlation matches the reference over every full window within 1e-9', () => {
    const window = 96;
    const a = aggregateCandles(btc, M5, M15);
    const b = aggregateCandles(eth, M5, M15);
    expect(a.map((c) => c.ts)).toEqual(b.map((c) => c.ts));
    const corr = new ReturnCorrelation({ timeframe: '15m', window });
    let worst = 0;
    let last = 0;
    for (let i = 0; i < a.length; i++) {
      corr.onClosedCandle('BTCUSDT', a[i]!);
      corr.onClosedCandle('ETHUSDT', b[i]!);
      if (i < window) continue;
      const ra = reference.getLogReturns(a.slice(i - window, i + 1).map((c) => c.close));
      const rb = reference.getLogReturns(b.slice(i - window, i + 1).map((c) => c.close));
      last = corr.correlation('BTCUSDT', 'ETHUSDT')!;
      worst = Math.max(worst, Math.abs(last - reference.getCorrelation(ra, rb)));
    }
    expect(worst).toBeLessThanOrEqual(1e-9);
    expect(corr.matrix().BTCUSDT?.ETHUSDT).toBe(last);
  });
});

describe.skipIf(hasRealData)('features on real candles', () => {
  it.skip('needs ../shared/data (or WARDEN_DATA_DIR) with bybit-linear/BTCUSDT-5m.csv and ETHUSDT-5m.csv', () => {});
});
