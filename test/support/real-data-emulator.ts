import { type EmulatorHandle, startEmulator } from '../../src/exchange/emulator/index.ts';
import { fundingFromSeries } from '../../src/exchange/paper/index.ts';
import { readCandleCsv, readFundingCsv } from '../../src/market/feeds/csv.ts';
import { dataFile } from './data.ts';

/**
 * The Bybit emulator replaying the first `candles` real 5m candles of each symbol (shared data,
 * bybit-linear) with their funding, at `speed` × real time, 100 USDT and one API key.
 */
export function startRealDataEmulator(options: {
  symbols: string[];
  candles: number;
  speed: number;
  apiKey: string;
  apiSecret: string;
}): Promise<EmulatorHandle> {
  const replay: Record<string, { candles: ReturnType<typeof readCandleCsv>; timeframe: '5m' }> = {};
  const funding: Record<string, ReturnType<typeof readFundingCsv>> = {};
  for (const symbol of options.symbols) {
    replay[symbol] = {
      candles: readCandleCsv(dataFile('bybit-linear', `${symbol}-5m.csv`)).slice(0, options.candles),
      timeframe: '5m',
    };
    funding[symbol] = readFundingCsv(dataFile('bybit-linear', `${symbol}-funding.csv`));
  }
  return startEmulator({
    symbols: options.symbols,
    replay,
    clock: options.speed,
    warmupCandles: 1000,
    credentials: [{ apiKey: options.apiKey, apiSecret: options.apiSecret }],
    funding: fundingFromSeries(funding),
    startBalanceUsdt: 100,
  });
}
