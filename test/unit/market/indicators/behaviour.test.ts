import { describe, expect, it } from 'vitest';
import {
  Ema,
  Macd,
  RollingMoments,
  Rsi,
  SwingLevels,
  VolumeRatio,
} from '../../../../src/market/indicators/index.ts';

const bar = (high: number, low: number, close = (high + low) / 2, volume = 1) => ({
  open: close,
  high,
  low,
  close,
  volume,
});

describe('indicator behaviour', () => {
  it('seeds the EMA with the simple average of the first `period` inputs', () => {
    const ema = new Ema(3);
    expect(ema.add(1)).toBeNull();
    expect(ema.add(2)).toBeNull();
    expect(ema.add(6)).toBe(3);
    expect(ema.add(7)).toBe(5); // 3 + (7 − 3) · 2/4
  });

  it('gives RSI 50 on a market that did not move and 100 on one that only rose', () => {
    const flat = new Rsi(3);
    const rising = new Rsi(3);
    for (let i = 0; i < 6; i++) {
      flat.add(100);
      rising.add(100 + i);
    }
    expect(flat.getResult()).toBe(50);
    expect(rising.getResult()).toBe(100);
  });

  it('refuses a MACD whose fast period is not shorter than its slow one', () => {
    expect(() => new Macd(26, 12, 9)).toThrow(/fast period/);
  });

  it('turns a broken swing high into support and forgets pivots beyond its memory', () => {
    const levels = new SwingLevels({ left: 1, right: 1, memory: 2 });
    levels.add(bar(10, 9));
    levels.add(bar(12, 11)); // pivot high 12 once the next candle is lower
    levels.add(bar(11, 10));
    expect(levels.getResult()).toMatchObject({ resistance: 12, latestSwingHigh: 12 });
    levels.add(bar(14, 13, 13.5)); // close above 12: it is now support (and 10 became a pivot low)
    expect(levels.getResult()).toMatchObject({ support: 12, resistance: null });
    levels.add(bar(13, 12.5)); // pivot high 14
    levels.add(bar(16, 15)); // pivot low 12.5
    levels.add(bar(15, 14.5, 14.8)); // pivot high 16, the third high: 12 drops out of memory
    expect(levels.getResult()).toMatchObject({ support: 14, resistance: 16, latestSwingLow: 12.5 });
  });

  it('has no volume ratio while the previous candles traded nothing, and one again when they did', () => {
    const ratio = new VolumeRatio(2);
    ratio.add(bar(2, 1, 1.5, 0));
    ratio.add(bar(2, 1, 1.5, 0));
    expect(ratio.add(bar(2, 1, 1.5, 5))).toBeNull();
    expect(ratio.isStable).toBe(true);
    expect(ratio.add(bar(2, 1, 1.5, 10))).toBe(4); // 10 / mean(0, 5)
  });

  it('keeps rolling variance of large prices accurate over a long stream (no float drift)', () => {
    const moments = new RollingMoments(20);
    const window: number[] = [];
    for (let i = 0; i < 200_000; i++) {
      const price = 100_000 + Math.sin(i * 0.37) * 3 + Math.cos(i * 1.3) * 0.01;
      moments.push(price);
      window.push(price);
      if (window.length > 20) window.shift();
    }
    const mean = window.reduce((a, b) => a + b, 0) / 20;
    const variance = window.reduce((a, b) => a + (b - mean) ** 2, 0) / 20;
    expect(Math.abs(moments.mean() - mean) / mean).toBeLessThan(1e-12);
    expect(Math.abs(moments.variance() - variance) / variance).toBeLessThan(1e-9);
  });
});
