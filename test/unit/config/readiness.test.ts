import { describe, expect, it } from 'vitest';
import { ConfigError, requireLiveReadiness, requireModeReadiness } from '../../../src/config/index.ts';
import { loadWith } from './support.ts';

const KEYS = { BYBIT_API_KEY: 'live-key-1234567', BYBIT_API_SECRET: 'live-secret-7654321' };

function problemsOf(run: () => void): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe('live readiness', () => {
  it('loads a live configuration without keys, so config check works anywhere', () => {
    expect(loadWith({ TRADING_MODE: 'live' }).config.TRADING_MODE).toBe('live');
  });

  it('refuses live mode without keys and without confirmation, listing both', () => {
    const { config } = loadWith({ TRADING_MODE: 'live' });
    expect(problemsOf(() => requireLiveReadiness(config, { confirmFlag: false }))).toEqual([
      'BYBIT_API_KEY',
      'LIVE_CONFIRM',
    ]);
    expect(() => requireLiveReadiness(config, { confirmFlag: false })).toThrow(
      /Not ready for live trading[\s\S]*LIVE_CONFIRM=true or the --confirm-live flag/,
    );
  });

  it('accepts LIVE_CONFIRM=true or the flag as confirmation', () => {
    const confirmed = loadWith({ TRADING_MODE: 'live', LIVE_CONFIRM: 'true', ...KEYS }).config;
    expect(() => requireLiveReadiness(confirmed, { confirmFlag: false })).not.toThrow();
    const unconfirmed = loadWith({ TRADING_MODE: 'live', ...KEYS }).config;
    expect(() => requireLiveReadiness(unconfirmed, { confirmFlag: true })).not.toThrow();
  });

  it('never shows the keys in its message', () => {
    const { config } = loadWith({ TRADING_MODE: 'live', ...KEYS });
    try {
      requireLiveReadiness(config, { confirmFlag: false });
    } catch (error) {
      expect((error as Error).message).not.toContain(KEYS.BYBIT_API_KEY);
      return;
    }
    throw new Error('expected a ConfigError');
  });

  it('does nothing in paper mode', () => {
    expect(() => requireLiveReadiness(loadWith({}).config, { confirmFlag: false })).not.toThrow();
  });

  it('requires keys for testnet and demo, but no confirmation', () => {
    expect(
      problemsOf(() =>
        requireModeReadiness(loadWith({ TRADING_MODE: 'demo' }).config, { confirmFlag: false }),
      ),
    ).toEqual(['BYBIT_API_KEY']);
    const ready = loadWith({ TRADING_MODE: 'testnet', ...KEYS }).config;
    expect(() => requireModeReadiness(ready, { confirmFlag: false })).not.toThrow();
  });
});
