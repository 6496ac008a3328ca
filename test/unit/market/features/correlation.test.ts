import * as reference from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { ReturnCorrelation } from '../../../../src/market/features/index.ts';

const T0 = Date.UTC(2025, 0, 1);
const M15 = 900_000;

function candle(i: number, close: number) {
  return { ts: T0 + i * M15, open: close, high: close, low: close, close, volume: 1 };
}

/** Two noisy, partly related close series (deterministic). */
function closes(count: number): [number[], number[]] {
  const a = [100];
  const b = [50];
  for (let i = 1; i < count; i++) {
    const common = Math.sin(i * 1.7) * 0.01;
    a.push(a[i - 1]! * Math.exp(common + Math.cos(i * 3.1) * 0.004));
    b.push(b[i - 1]! * Math.exp(0.8 * common + Math.sin(i * 0.37 + 1) * 0.006));
  }
  return [a, b];
}

describe('ReturnCorrelation', () => {
  it('matches the reference correlation of the last window of log returns within 1e-9', () => {
    const window = 30;
    const corr = new ReturnCorrelation({ timeframe: '15m', window });
    const [a, b] = closes(400);
    for (let i = 0; i < a.length; i++) {
      corr.onClosedCandle('BTCUSDT', candle(i, a[i]!));
      corr.onClosedCandle('ETHUSDT', candle(i, b[i]!));
      if (i < window) {
        expect(corr.correlation('BTCUSDT', 'ETHUSDT')).toBeNull();
        continue;
      }
      const ra = reference.getLogReturns(a.slice(i - window, i + 1));
      const rb = reference.getLogReturns(b.slice(i - window, i + 1));
      const expected = reference.getCorrelation(ra, rb);
      expect(Math.abs(corr.correlation('ETHUSDT', 'BTCUSDT')! - expected)).toBeLessThanOrEqual(1e-9);
    }
  });

  it('gives 1 for symbols moving in lockstep and −1 for mirror images', () => {
    const corr = new ReturnCorrelation({ timeframe: '15m', window: 10 });
    const [a] = closes(30);
    a.forEach((close, i) => {
      corr.onClosedCandle('AUSDT', candle(i, close));
      corr.onClosedCandle('BUSDT', candle(i, close * 3));
      corr.onClosedCandle('CUSDT', candle(i, 10_000 / close));
    });
    expect(corr.correlation('AUSDT', 'BUSDT')).toBeCloseTo(1, 12);
    expect(corr.correlation('AUSDT', 'CUSDT')).toBeCloseTo(-1, 12);
    const matrix = corr.matrix();
    expect(matrix.AUSDT?.BUSDT).toBe(matrix.BUSDT?.AUSDT);
    expect(Object.keys(matrix).sort()).toEqual(['AUSDT', 'BUSDT', 'CUSDT']);
  });

  it('pairs returns by candle time and forms no return across a missing candle', () => {
    const corr = new ReturnCorrelation({ timeframe: '15m', window: 3 });
    const [a, b] = closes(10);
    const seen: Array<number | null> = [];
    for (let i = 0; i < 6; i++) {
      corr.onClosedCandle('AUSDT', candle(i, a[i]!));
      if (i !== 2) corr.onClosedCandle('BUSDT', candle(i, b[i]!));
      seen.push(corr.correlation('AUSDT', 'BUSDT'));
    }
    // B misses candle 2, so B has no return at 2 nor at 3 (that one would span two intervals):
    // the pairs are the returns at 1, 4 and 5, and the window of 3 fills only at candle 5.
    expect(seen.slice(0, 5)).toEqual([null, null, null, null, null]);
    expect(seen[5]).not.toBeNull();
  });

  it('returns no correlation for a symbol that did not move (undefined, not zero)', () => {
    const corr = new ReturnCorrelation({ timeframe: '15m', window: 5 });
    const [a] = closes(10);
    a.forEach((close, i) => {
      corr.onClosedCandle('AUSDT', candle(i, close));
      corr.onClosedCandle('FLATUSDT', candle(i, 1));
    });
    expect(corr.correlation('AUSDT', 'FLATUSDT')).toBeNull();
    expect(corr.matrix()).toEqual({});
  });

  it('refuses misaligned candles, bad prices and candles out of order', () => {
    const corr = new ReturnCorrelation({ timeframe: '15m' });
    corr.onClosedCandle('AUSDT', candle(1, 100));
    expect(() => corr.onClosedCandle('AUSDT', candle(0, 100))).toThrow(/not after/);
    expect(() => corr.onClosedCandle('AUSDT', { ...candle(2, 100), ts: T0 + 1 })).toThrow(/not aligned/);
    expect(() => corr.onClosedCandle('AUSDT', candle(2, Number.NaN))).toThrow(/positive finite/);
    expect(() => new ReturnCorrelation({ timeframe: '15m', window: 2 })).toThrow(/window/);
  });
});
