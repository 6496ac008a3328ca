import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../../src/domain/index.ts';
import { CandleSeries, CandleStore, CandleStoreError } from '../../../../src/market/candles/store.ts';

const M5 = 300_000;
const T0 = 1_735_689_600_000;
const c = (i: number, close = 100 + i): Candle => ({
  ts: T0 + i * M5,
  open: 100,
  high: 200,
  low: 50,
  close,
  volume: 1,
});

describe('CandleSeries', () => {
  it('keeps only the last `capacity` closed candles, oldest first', () => {
    const series = new CandleSeries('BTCUSDT', '5m', 3);
    for (let i = 0; i < 5; i++) series.append(c(i));
    expect(series.size).toBe(3);
    expect(series.last(10).map((x) => x.ts)).toEqual([c(2).ts, c(3).ts, c(4).ts]);
    expect(series.last(2).map((x) => x.ts)).toEqual([c(3).ts, c(4).ts]);
    expect(series.at(0)?.ts).toBe(c(2).ts);
    expect(series.lastClosedTs()).toBe(c(4).ts);
  });

  it('refuses a duplicated or out-of-order closed candle, and one off the timeframe grid', () => {
    const series = new CandleSeries('BTCUSDT', '5m', 10);
    series.append(c(1));
    expect(() => series.append(c(1))).toThrow(/BTCUSDT 5m: closed candle ts .* duplicates the last closed/);
    expect(() => series.append(c(0))).toThrow(CandleStoreError);
    expect(() => series.append({ ...c(2), ts: c(2).ts + 1 })).toThrow(/not on the 5m grid/);
    expect(series.size).toBe(1);
  });

  it('keeps the forming candle apart and drops it when its closed version arrives', () => {
    const series = new CandleSeries('ETHUSDT', '5m', 10);
    series.append(c(0));
    series.replaceForming(c(1, 101));
    series.replaceForming(c(1, 102));
    expect(series.forming()?.close).toBe(102);
    expect(series.last(5)).toHaveLength(1);
    expect(() => series.replaceForming(c(0))).toThrow(/not after the last closed/);
    series.append(c(1, 103));
    expect(series.forming()).toBeNull();
    expect(series.lastClosed()?.close).toBe(103);
  });

  it('stores copies that callers cannot mutate', () => {
    const series = new CandleSeries('BTCUSDT', '5m', 2);
    const candle = c(0);
    series.append(candle);
    candle.close = -1;
    expect(series.lastClosed()?.close).toBe(100);
    expect(Object.isFrozen(series.lastClosed())).toBe(true);
  });

  it('rejects a capacity below one', () => {
    expect(() => new CandleSeries('BTCUSDT', '5m', 0)).toThrow(/capacity/);
    expect(() => new CandleStore(1.5)).toThrow(/capacity/);
  });
});

describe('CandleStore', () => {
  it('keeps symbols and timeframes apart', () => {
    const store = new CandleStore(100);
    store.append('BTCUSDT', '5m', c(0));
    store.append('BTCUSDT', '15m', { ...c(0), close: 7 });
    store.append('ETHUSDT', '5m', c(3));
    expect(store.last('BTCUSDT', '5m', 5).map((x) => x.close)).toEqual([100]);
    expect(store.last('BTCUSDT', '15m', 5).map((x) => x.close)).toEqual([7]);
    expect(store.lastClosedTs('ETHUSDT', '5m')).toBe(c(3).ts);
    expect(store.lastClosedTs('SOLUSDT', '5m')).toBeNull();
    expect(store.last('SOLUSDT', '5m', 5)).toEqual([]);
    expect(store.symbols()).toEqual(['BTCUSDT', 'ETHUSDT']);
  });
});
