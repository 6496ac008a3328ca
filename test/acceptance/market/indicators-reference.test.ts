import * as reference from 'trading-signals';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Candle } from '../../../src/domain/index.ts';
import { readCandleCsv } from '../../../src/market/feeds/csv.ts';
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
} from '../../../src/market/indicators/index.ts';
import { dataFile, hasRealData } from '../../support/data.ts';

/*
 * Tolerances (also in docs/indicators-and-features.md):
 * - IDENTICAL MATH (SMA, ATR, RSI, Bollinger width, realised volatility, volume ratio): relative
 *   1e-9 from the first stable value on; only float summation order differs.
 * - SWING PIVOTS: exact equality (pure comparisons, no arithmetic).
 * - DIFFERENT SEED (EMA, MACD, ADX): trading-signals seeds an EMA with the first price, and its
 *   ADX feeds the first candle's high−low and zero moves into the averages; we seed with the
 *   SMA of the first `period` values and start moves at the second candle (Wilder/TA-Lib). The
 *   seed difference decays by (1 − α) per input, so we compare from the input where
 *   (1 − α)^k ≤ 1e-12 on, with relative 1e-9. MACD and its histogram are differences of EMAs
 *   that cross zero, so their tolerance is absolute: 1e-9 × close.
 */
const IDENTICAL_REL = 1e-9;
const ROWS = 20_000;

/** Inputs after which a seed difference has shrunk below 1e-12 for smoothing weight α. */
function convergenceInputs(alpha: number): number {
  return Math.ceil(Math.log(1e-12) / Math.log(1 - alpha));
}

function feedReference<I, T>(
  indicator: { add(input: I): unknown; getResult(): T | null },
  input: I,
): T | null {
  indicator.add(input);
  return indicator.getResult();
}

function relativeDifference(mine: number, theirs: number): number {
  return Math.abs(mine - theirs) / Math.max(Math.abs(theirs), Number.MIN_VALUE);
}

interface Comparison {
  compared: number;
  worst: number;
  worstAt: number;
}

function compareSeries(
  candles: Candle[],
  fromIndex: number,
  step: (candle: Candle) => [number | null, number | null],
  difference: (mine: number, theirs: number, candle: Candle) => number = relativeDifference,
): Comparison {
  const result: Comparison = { compared: 0, worst: 0, worstAt: -1 };
  candles.forEach((candle, i) => {
    const [mine, theirs] = step(candle);
    if (i < fromIndex) return;
    if (mine === null || theirs === null) throw new Error(`missing value at row ${i}: ${mine} vs ${theirs}`);
    const d = difference(mine, theirs, candle);
    result.compared += 1;
    if (!(d <= result.worst)) {
      result.worst = d;
      result.worstAt = i;
    }
  });
  return result;
}

describe.skipIf(!hasRealData)('indicators match trading-signals on real BTCUSDT 5m candles', () => {
  let candles: Candle[] = [];

  beforeAll(() => {
    candles = readCandleCsv(dataFile('bybit-linear', 'BTCUSDT-5m.csv')).slice(0, ROWS);
    expect(candles.length).toBe(ROWS);
  });

  it('SMA(20) equals the reference within 1e-9 from its first value', () => {
    const mine = new Sma(20);
    const theirs = new reference.SMA(20);
    const c = compareSeries(candles, 19, (k) => [mine.add(k.close), feedReference(theirs, k.close)]);
    expect(c.worst).toBeLessThanOrEqual(IDENTICAL_REL);
    expect(c.compared).toBe(ROWS - 19);
  });

  it('ATR(14) (Wilder) equals the reference within 1e-9 from its first value', () => {
    const mine = new Atr(14);
    const theirs = new reference.ATR(14);
    const c = compareSeries(candles, 13, (k) => [mine.add(k), feedReference(theirs, k)]);
    expect(c.worst).toBeLessThanOrEqual(IDENTICAL_REL);
  });

  it('RSI(14) (Wilder) equals the reference within 1e-9 from its first value', () => {
    const mine = new Rsi(14);
    const theirs = new reference.RSI(14);
    const c = compareSeries(candles, 14, (k) => [mine.add(k.close), feedReference(theirs, k.close)]);
    expect(c.worst).toBeLessThanOrEqual(IDENTICAL_REL);
  });

  it('Bollinger width (20, 2σ) equals the reference within 1e-9 from its first value', () => {
    const mine = new BollingerWidth(20, 2);
    const theirs = new reference.BollingerBandsWidth(new reference.BollingerBands(20, 2));
    const c = compareSeries(candles, 19, (k) => [mine.add(k.close), feedReference(theirs, k.close)]);
    expect(c.worst).toBeLessThanOrEqual(IDENTICAL_REL);
  });

  it('realised volatility (20 log returns) equals the reference stdev of log returns within 1e-9', () => {
    const mine = new RealisedVolatility(20);
    const closes: number[] = [];
    const c = compareSeries(candles, 20, (k) => {
      closes.push(k.close);
      if (closes.length > 21) closes.shift();
      const theirs =
        closes.length === 21 ? reference.getStandardDeviation(reference.getLogReturns(closes)) : null;
      return [mine.add(k.close), theirs];
    });
    expect(c.worst).toBeLessThanOrEqual(IDENTICAL_REL);
  });

  it('volume ratio (20) equals the reference relative volume within 1e-9 from its first value', () => {
    const mine = new VolumeRatio(20);
    const theirs = new reference.RVOL(20);
    const c = compareSeries(candles, 20, (k) => [mine.add(k), feedReference(theirs, k.volume)]);
    expect(c.worst).toBeLessThanOrEqual(IDENTICAL_REL);
  });

  it('swing pivots (5 left, 5 right) are exactly the reference swing highs and lows', () => {
    const mine = new SwingLevels({ left: 5, right: 5, memory: 10 });
    const highs = new reference.SwingHigh({ lookback: 5 });
    const lows = new reference.SwingLow({ lookback: 5 });
    let pivotsSeen = 0;
    let lastHigh: number | null = null;
    const mismatches: string[] = [];
    candles.forEach((k, i) => {
      const result = mine.add(k);
      highs.add(k);
      lows.add(k);
      if (i < 10) return;
      const high = result?.latestSwingHigh ?? null;
      const low = result?.latestSwingLow ?? null;
      if (high !== highs.getResult() || low !== lows.getResult()) {
        mismatches.push(`row ${i}: ${high}/${low} vs ${highs.getResult()}/${lows.getResult()}`);
      }
      if (high !== lastHigh) pivotsSeen += 1;
      lastHigh = high;
      if (result?.support != null && result.support > k.close)
        mismatches.push(`row ${i}: support above close`);
      if (result?.resistance != null && result.resistance <= k.close)
        mismatches.push(`row ${i}: resistance at/below close`);
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    expect(pivotsSeen).toBeGreaterThan(100);
  });

  it.each([20, 200])(
    'EMA(%i) converges to the reference within 1e-9 once the seed difference has decayed',
    (period) => {
      const mine = new Ema(period);
      const theirs = new reference.EMA(period);
      const from = period - 1 + convergenceInputs(2 / (period + 1));
      const c = compareSeries(candles, from, (k) => [mine.add(k.close), feedReference(theirs, k.close)]);
      expect(c.worst).toBeLessThanOrEqual(IDENTICAL_REL);
      expect(c.compared).toBeGreaterThan(ROWS / 2);
    },
  );

  it('ADX(14) converges to the reference within 1e-9 once both Wilder stages have decayed their seed', () => {
    const mine = new Adx(14);
    const theirs = new reference.ADX(14);
    const from = 27 + 2 * convergenceInputs(1 / 14);
    const c = compareSeries(candles, from, (k) => [mine.add(k), feedReference(theirs, k)]);
    expect(c.worst).toBeLessThanOrEqual(IDENTICAL_REL);
  });

  it('MACD(12,26,9) line, signal and histogram converge to the reference within 1e-9 × close', () => {
    const from = 33 + convergenceInputs(2 / 27) + convergenceInputs(2 / 10);
    const absolute = (a: number, b: number, k: Candle) => Math.abs(a - b) / k.close;
    for (const field of ['macd', 'signal', 'histogram'] as const) {
      const m = new Macd(12, 26, 9);
      const t = new reference.MACD(new reference.EMA(12), new reference.EMA(26), new reference.EMA(9));
      const c = compareSeries(
        candles,
        from,
        (k) => [m.add(k.close)?.[field] ?? null, feedReference(t, k.close)?.[field] ?? null],
        absolute,
      );
      expect(c.worst, field).toBeLessThanOrEqual(IDENTICAL_REL);
    }
  });
});

describe.skipIf(hasRealData)('indicator reference check without real data', () => {
  it.skip('needs ../shared/data (or WARDEN_DATA_DIR) with bybit-linear/BTCUSDT-5m.csv', () => {});
});
