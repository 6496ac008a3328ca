export { IndicatorInputError, IndicatorUsageError } from './errors.ts';
export { Macd, type MacdResult } from './macd.ts';
export { Ema, Sma } from './moving-averages.ts';
export { RollingMoments, RollingWindow } from './rolling-window.ts';
export { SwingLevels, type SwingLevelsOptions, type SwingLevelsResult } from './swing-levels.ts';
export type { OhlcvInput, StreamingIndicator } from './types.ts';
export { BollingerWidth, RealisedVolatility } from './volatility.ts';
export { VolumeRatio } from './volume-ratio.ts';
export { Adx, Atr, Rsi } from './wilder.ts';
