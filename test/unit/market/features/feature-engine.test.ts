import { describe, expect, it } from 'vitest';
import type { Candle } from '../../../../src/domain/index.ts';
import { FeatureEngine, FeatureError } from '../../../../src/market/features/index.ts';
import { Adx, Ema, Rsi } from '../../../../src/market/indicators/index.ts';
import { wigglyCandles } from '../indicators/cases.ts';

const T0 = Date.UTC(2025, 0, 1);
const M15 = 900_000;
const H1 = 3_600_000;

function series(count: number, stepMs: number, start = T0): Candle[] {
  return wigglyCandles(count).map((c, i) => ({ ...c, ts: start + i * stepMs }));
}

const prices = { markPrice: 100, lastPrice: 100, fundingRate: 0.0001 };

describe('FeatureEngine', () => {
  it('computes decision-timeframe features with the same indicators fed directly', () => {
    const engine = new FeatureEngine({ symbol: 'BTCUSDT', decisionTimeframe: '15m' });
    const candles = series(260, M15);
    const ema20 = new Ema(20);
    const ema200 = new Ema(200);
    const rsi = new Rsi(14);
    const adx = new Adx(14);
    for (const c of candles) {
      engine.onClosedCandle('15m', c);
      ema20.add(c.close);
      ema200.add(c.close);
      rsi.add(c.close);
      adx.add(c);
    }
    const last = candles.at(-1)!;
    const view = engine.view(last.ts + M15, prices);
    const f = view.timeframes['15m']!;
    expect(view.lastClosedCandleMs).toBe(last.ts);
    expect(f.ema20).toBe(ema20.getResult());
    expect(f.ema200).toBe(ema200.getResult());
    expect(f.rsi).toBe(rsi.getResult());
    expect(f.adx).toBe(adx.getResult());
    expect(f.trendStrength).toBe(Math.abs(f.ema20! - f.ema200!) / f.ema200!);
    expect(f.changePct).toBeCloseTo(last.close / candles.at(-2)!.close - 1, 12);
    expect(view.fundingRate).toBe(0.0001);
    expect(view.scores.regime).not.toBeNull();
    expect(view.scores.preScore).not.toBeNull();
    expect(view.scores.rangeScore).not.toBeNull();
  });

  it('keeps null features and null scores until the indicators are warm', () => {
    const engine = new FeatureEngine({ symbol: 'BTCUSDT', decisionTimeframe: '15m' });
    for (const c of series(30, M15)) engine.onClosedCandle('15m', c);
    const view = engine.view(T0 + 30 * M15, prices);
    expect(view.timeframes['15m']?.ema200).toBeNull();
    expect(view.timeframes['15m']?.ema20).not.toBeNull();
    expect(view.scores).toEqual({ regime: null, preScore: null, rangeScore: null });
  });

  it('shows context timeframes only from candles that had closed, and refuses look-ahead', () => {
    const engine = new FeatureEngine({
      symbol: 'ETHUSDT',
      decisionTimeframe: '15m',
      contextTimeframes: ['1h'],
    });
    for (const c of series(8, M15)) engine.onClosedCandle('15m', c);
    engine.onClosedCandle('1h', { ...series(1, H1)[0]!, ts: T0 });
    const view = engine.view(T0 + 8 * M15, prices);
    expect(view.timeframes['1h']?.candleTs).toBe(T0);
    engine.onClosedCandle('1h', { ...series(1, H1)[0]!, ts: T0 + 2 * H1 });
    expect(() => engine.view(T0 + 8 * M15, prices)).toThrow(/look-ahead refused/);
  });

  it('refuses candles out of order, repeated, misaligned, invalid or of an untracked timeframe', () => {
    const engine = new FeatureEngine({ symbol: 'BTCUSDT', decisionTimeframe: '15m' });
    const [a, b] = series(2, M15);
    engine.onClosedCandle('15m', b!);
    expect(() => engine.onClosedCandle('15m', a!)).toThrow(FeatureError);
    expect(() => engine.onClosedCandle('15m', b!)).toThrow(/not after the previous one/);
    expect(() => engine.onClosedCandle('15m', { ...b!, ts: b!.ts + 60_000 })).toThrow(/not aligned/);
    expect(() => engine.onClosedCandle('15m', { ...b!, ts: b!.ts + M15, close: Number.NaN })).toThrow(
      /close must be a finite number/,
    );
    expect(() => engine.onClosedCandle('1h', { ...b!, ts: T0 })).toThrow(/not tracked/);
    // The refused NaN candle left nothing behind: the same slot is still free.
    engine.onClosedCandle('15m', { ...b!, ts: b!.ts + M15 });
    expect(engine.view(b!.ts + 2 * M15, prices).lastClosedCandleMs).toBe(b!.ts + M15);
  });

  it('refuses a view before the first decision candle, and bad prices', () => {
    const engine = new FeatureEngine({ symbol: 'BTCUSDT', decisionTimeframe: '15m' });
    expect(() => engine.view(T0, prices)).toThrow(/no closed 15m candle yet/);
    engine.onClosedCandle('15m', series(1, M15)[0]!);
    expect(() => engine.view(T0 + M15, { ...prices, markPrice: Number.NaN })).toThrow(/markPrice/);
    expect(() => engine.view(T0 + M15, { ...prices, fundingRate: Number.POSITIVE_INFINITY })).toThrow(
      /fundingRate/,
    );
  });

  it('refuses context timeframes that are not longer than the decision timeframe', () => {
    expect(
      () => new FeatureEngine({ symbol: 'BTCUSDT', decisionTimeframe: '1h', contextTimeframes: ['15m'] }),
    ).toThrow(/must be longer/);
  });

  it('explains its scores component by component', () => {
    const engine = new FeatureEngine({
      symbol: 'BTCUSDT',
      decisionTimeframe: '15m',
      contextTimeframes: ['1h'],
    });
    for (const c of series(260, M15)) engine.onClosedCandle('15m', c);
    const details = engine.scoreDetails();
    expect(details.preScore.components.map((c) => c.name)).toEqual([
      'trendAlignment',
      'emaStacking',
      'adxStrength',
      'rsiMomentum',
      'macdMomentum',
      'volume',
      'roomToLevel',
      'chopPenalty',
    ]);
    expect(details.rangeScore.components.map((c) => c.name)).toEqual([
      'adxBand',
      'edgeNearness',
      'rsiStretch',
      'chasePenalty',
    ]);
    // The 1h context has no candle: trend alignment gets nothing.
    expect(details.preScore.components[0]?.points).toBe(0);
  });
});
