import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BybitExchange } from '../../../src/exchange/bybit/index.ts';
import { dataFile, hasRealData } from '../../support/data.ts';
import { type RunningEmulator, startWardenEmulator } from '../../support/emulator-cli.ts';

let running: RunningEmulator | null = null;
afterEach(() => {
  running?.stop();
  running = null;
});

async function startCli(args: string[]): Promise<Record<string, string>> {
  running = await startWardenEmulator(args);
  return running.vars;
}

function adapter(vars: Record<string, string>): BybitExchange {
  return new BybitExchange({
    environment: 'testnet',
    apiKey: vars.BYBIT_API_KEY as string,
    apiSecret: vars.BYBIT_API_SECRET as string,
    endpoints: {
      restUrl: vars.BYBIT_REST_URL as string,
      wsPublicUrl: vars.BYBIT_WS_PUBLIC_URL as string,
      wsPrivateUrl: vars.BYBIT_WS_PRIVATE_URL as string,
    },
  });
}

describe('warden emulator', () => {
  it('prints the URLs and credentials that the adapter then uses', async () => {
    const vars = await startCli([
      '--symbols',
      'BTCUSDT',
      '--api-key',
      'mykey',
      '--api-secret',
      'mysecret',
      '--balance',
      '250',
    ]);
    expect(vars).toMatchObject({ BYBIT_API_KEY: 'mykey', BYBIT_API_SECRET: 'mysecret' });
    expect(vars.BYBIT_REST_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const wallet = await adapter(vars).getWallet();
    expect(wallet.walletBalanceUsdt).toBe(250);
  }, 30_000);

  it.skipIf(!hasRealData)(
    'replays the shared data shifted to end now, with fresh closed candles',
    async () => {
      const vars = await startCli([
        '--data',
        path.dirname(dataFile('bybit-linear', 'BTCUSDT-5m.csv')),
        '--symbols',
        'BTCUSDT',
      ]);
      const exchange = adapter(vars);
      const candles = await exchange.getKlines({ symbol: 'BTCUSDT', timeframe: '5m', limit: 10 });
      const lastClosed = candles[candles.length - 2];
      expect(candles).toHaveLength(10);
      expect(Date.now() - (lastClosed?.ts ?? 0)).toBeLessThan(15 * 60_000);
      expect(Math.abs((await exchange.getServerTimeMs()) - Date.now())).toBeLessThan(5_000);
    },
    60_000,
  );
});
