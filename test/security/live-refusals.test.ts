import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.ts';
import { buildExchangeEngine } from '../../src/app/wiring-exchange.ts';
import { ConfigError, loadConfig, requireModeReadiness } from '../../src/config/index.ts';
import { assertLiveKeyAllowed, UnsafeApiKeyError } from '../../src/exchange/bybit/index.ts';
import { startEmulator } from '../../src/exchange/emulator/index.ts';
import { openJournal } from '../../src/journal/index.ts';
import { captureStream } from '../soak/paper.ts';
import { tempDir } from '../soak/setup.ts';

const KEY = 'liveKEYr5t6y7u8i9';
const SECRET = 'liveSECRETa1s2d3f4g5h6j7k8l9';
const LIVE = { TRADING_MODE: 'live', BYBIT_API_KEY: KEY, BYBIT_API_SECRET: SECRET, SYMBOLS: 'BTCUSDT' };

const problemsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => p.variable);
  }
  return [];
};

describe('live mode refuses what could blow up or drain the account', () => {
  it('refuses an API key that can withdraw, naming the permission to remove', () => {
    const info = {
      readOnly: false,
      canTrade: true,
      canWithdraw: true,
      permissions: { Wallet: ['Withdraw'] },
    };
    expect(() => assertLiveKeyAllowed(info)).toThrow(UnsafeApiKeyError);
    expect(() => assertLiveKeyAllowed(info)).toThrow(/Withdraw/);
    expect(() => assertLiveKeyAllowed({ ...info, canWithdraw: false, permissions: {} })).not.toThrow();
  });

  it('refuses to start live against a venue whose key can withdraw, before any order or mode change', async () => {
    const emulator = await startEmulator({
      symbols: ['BTCUSDT'],
      clock: 'stepped',
      credentials: [
        {
          apiKey: KEY,
          apiSecret: SECRET,
          permissions: { ContractTrade: ['Order', 'Position'], Wallet: ['Withdraw'] },
        },
      ],
    });
    const dir = tempDir('live-key');
    const journal = openJournal(path.join(dir, 'journal.db'));
    try {
      const { config } = loadConfig({
        env: { ...LIVE, LIVE_CONFIRM: 'true', JOURNAL_PATH: path.join(dir, 'journal.db') },
        dotenvPath: null,
      });
      const lines: string[] = [];
      const logger = createLogger({ level: 'debug', pretty: false, destination: captureStream(lines) });
      await expect(
        buildExchangeEngine({ config, journal, logger }, { exchangeUrl: emulator.restUrl, maxCycles: 1 }),
      ).rejects.toThrow(UnsafeApiKeyError);
      expect(await emulator.venue.paper.getOpenOrders()).toEqual([]);
      expect(lines.join('')).not.toContain(SECRET);
    } finally {
      journal.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses live trading without the explicit confirmation, and accepts it with the flag or LIVE_CONFIRM', () => {
    const { config } = loadConfig({ env: LIVE, dotenvPath: null });
    expect(problemsOf(() => requireModeReadiness(config, { confirmFlag: false }))).toContain('LIVE_CONFIRM');
    expect(problemsOf(() => requireModeReadiness(config, { confirmFlag: true }))).toEqual([]);
    const confirmed = loadConfig({ env: { ...LIVE, LIVE_CONFIRM: 'true' }, dotenvPath: null }).config;
    expect(problemsOf(() => requireModeReadiness(confirmed, { confirmFlag: false }))).toEqual([]);
  });

  it('refuses live trading without keys, naming the variables to set', () => {
    const { config } = loadConfig({ env: { TRADING_MODE: 'live', LIVE_CONFIRM: 'true' }, dotenvPath: null });
    expect(problemsOf(() => requireModeReadiness(config, { confirmFlag: true }))).toContain('BYBIT_API_KEY');
  });

  it('refuses recovery sizing on the live profile unless ALLOW_RECOVERY_IN_LIVE is set', () => {
    const env = { ...LIVE, ENABLE_RECOVERY_SIZING: 'true' };
    expect(problemsOf(() => loadConfig({ env, dotenvPath: null }))).toContain('ENABLE_RECOVERY_SIZING');
    const allowed = loadConfig({ env: { ...env, ALLOW_RECOVERY_IN_LIVE: 'true' }, dotenvPath: null }).config;
    expect(allowed.ENABLE_RECOVERY_SIZING).toBe(true);
  });
});
