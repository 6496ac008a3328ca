import {
  Adx,
  Atr,
  BollingerWidth,
  Ema,
  Macd,
  type OhlcvInput,
  RealisedVolatility,
  Rsi,
  Sma,
  type StreamingIndicator,
  SwingLevels,
  VolumeRatio,
} from '../../../../src/market/indicators/index.ts';

/** Every streaming indicator, described once so the contract suite can run over all of them. */
export type IndicatorCase =
  | { kind: 'price'; make: () => StreamingIndicator<number, unknown>; warmUp: number }
  | { kind: 'candle'; make: () => StreamingIndicator<OhlcvInput, unknown>; warmUp: number };

export const indicatorCases: Record<string, IndicatorCase> = {
  'EMA(20)': { kind: 'price', make: () => new Ema(20), warmUp: 20 },
  'SMA(20)': { kind: 'price', make: () => new Sma(20), warmUp: 20 },
  'ATR(14)': { kind: 'candle', make: () => new Atr(14), warmUp: 14 },
  'ADX(14)': { kind: 'candle', make: () => new Adx(14), warmUp: 28 },
  'RSI(14)': { kind: 'price', make: () => new Rsi(14), warmUp: 15 },
  'MACD(12,26,9)': { kind: 'price', make: () => new Macd(12, 26, 9), warmUp: 34 },
  'BBW(20,2)': { kind: 'price', make: () => new BollingerWidth(20, 2), warmUp: 20 },
  'RV(20)': { kind: 'price', make: () => new RealisedVolatility(20), warmUp: 21 },
  'VolumeRatio(20)': { kind: 'candle', make: () => new VolumeRatio(20), warmUp: 21 },
  'SwingLevels(3,3,4)': {
    kind: 'candle',
    make: () => new SwingLevels({ left: 3, right: 3, memory: 4 }),
    warmUp: 7,
  },
};

/** A deterministic, wiggly but positive candle series (no randomness needed for warm-up checks). */
export function wigglyCandles(count: number, volume = (i: number) => 100 + (i % 7) * 13): OhlcvInput[] {
  const candles: OhlcvInput[] = [];
  let close = 100;
  for (let i = 0; i < count; i++) {
    const open = close;
    close = open * (1 + 0.01 * Math.sin(i * 0.7) + 0.004 * Math.cos(i * 2.3));
    const high = Math.max(open, close) * (1 + 0.002 + 0.001 * (i % 3));
    const low = Math.min(open, close) * (1 - 0.002 - 0.001 * (i % 5));
    candles.push({ open, high, low, close, volume: volume(i) });
  }
  return candles;
}

/** All numbers inside a result (a number, or an object of numbers / nulls). */
export function numbersIn(result: unknown): number[] {
  if (typeof result === 'number') return [result];
  if (result !== null && typeof result === 'object') {
    return Object.values(result).filter((v): v is number => typeof v === 'number');
  }
  return [];
}

/** Feeds a case its natural input: the close for price indicators, the candle otherwise. */
export function feed(c: IndicatorCase, indicator: unknown, candle: OhlcvInput, replace = false): unknown {
  if (c.kind === 'price') {
    const target = indicator as StreamingIndicator<number, unknown>;
    return replace ? target.replace(candle.close) : target.add(candle.close);
  }
  const target = indicator as StreamingIndicator<OhlcvInput, unknown>;
  return replace ? target.replace(candle) : target.add(candle);
}
