import { describe, expect, it } from 'vitest';
import { loadWith } from './support.ts';

/** SPEC section 9, copied by hand: if the code changes a default, this table must change with the SPEC. */
const SPEC_PROFILES = {
  live: {
    MAX_LOSS_USDT_PER_TRADE: 0.35,
    MAX_TOTAL_RISK_USDT: 1.5,
    MAX_NOTIONAL_USDT: 50,
    MIN_SL_DISTANCE_PCT: 0.0025,
    MAX_SL_DISTANCE_PCT: 0.025,
    MARGIN_SAFETY_FACTOR: 0.85,
    ENABLE_RECOVERY_SIZING: false,
    MIN_LEVERAGE: 3,
    MAX_LEVERAGE_OPEN: 10,
    ENABLE_CONFIDENCE_LEVERAGE_ADJUST: false,
    LEVERAGE_CAP_CONFIDENCE_LOW: 60,
    LEVERAGE_CAP_CONFIDENCE_MED: 75,
    LEVERAGE_MAX_CONFIDENCE_LOW: 4,
    LEVERAGE_MAX_CONFIDENCE_MED: 6,
    BYBIT_HEDGE_MODE: false,
    MAX_OPEN_POSITIONS: 10,
  },
  testnet: {
    MAX_LOSS_USDT_PER_TRADE: 1.0,
    MAX_TOTAL_RISK_USDT: 5.0,
    MAX_NOTIONAL_USDT: 200,
    MIN_SL_DISTANCE_PCT: 0.001,
    MAX_SL_DISTANCE_PCT: 0.05,
    MARGIN_SAFETY_FACTOR: 0.8,
    ENABLE_RECOVERY_SIZING: true,
    MIN_LEVERAGE: 3,
    MAX_LEVERAGE_OPEN: 10,
    ENABLE_CONFIDENCE_LEVERAGE_ADJUST: true,
    LEVERAGE_CAP_CONFIDENCE_LOW: 60,
    LEVERAGE_CAP_CONFIDENCE_MED: 75,
    LEVERAGE_MAX_CONFIDENCE_LOW: 4,
    LEVERAGE_MAX_CONFIDENCE_MED: 6,
    BYBIT_HEDGE_MODE: false,
    MAX_OPEN_POSITIONS: 10,
  },
} as const;

describe('profiles', () => {
  it.each([
    ['paper', 'live'],
    ['live', 'live'],
    ['backtest', 'live'],
    ['testnet', 'testnet'],
    ['demo', 'testnet'],
  ] as const)('TRADING_MODE=%s uses the %s profile by default', (mode, profile) => {
    const env: Record<string, string> = { TRADING_MODE: mode };
    if (mode === 'live') env.LIVE_CONFIRM = 'false';
    const loaded = loadWith(env);
    expect(loaded.profile).toBe(profile);
    expect(loaded.config.PROFILE).toBe(profile);
    expect(loaded.sources.PROFILE).toBe('default');
  });

  it.each(['live', 'testnet'] as const)(
    'the %s profile gives exactly the SPEC section 9 defaults',
    (profile) => {
      const loaded = loadWith({ PROFILE: profile });
      for (const [key, value] of Object.entries(SPEC_PROFILES[profile])) {
        expect({ key, value: loaded.config[key as keyof typeof loaded.config] }).toEqual({ key, value });
        expect(loaded.sources[key as keyof typeof loaded.sources]).toBe(`profile:${profile}`);
      }
    },
  );

  it('paper mode with no variables at all has the LIVE risk limits', () => {
    const { config } = loadWith({});
    expect(config.TRADING_MODE).toBe('paper');
    expect(config.MAX_LOSS_USDT_PER_TRADE).toBe(0.35);
    expect(config.ENABLE_RECOVERY_SIZING).toBe(false);
  });

  it('an explicit PROFILE beats the mode-derived one', () => {
    const loaded = loadWith({ TRADING_MODE: 'paper', PROFILE: 'testnet' });
    expect(loaded.profile).toBe('testnet');
    expect(loaded.sources.PROFILE).toBe('environment');
    expect(loaded.config.MAX_NOTIONAL_USDT).toBe(200);
  });

  it('a variable always overrides its profile', () => {
    const loaded = loadWith({ TRADING_MODE: 'testnet', MAX_LOSS_USDT_PER_TRADE: '0.5' });
    expect(loaded.config.MAX_LOSS_USDT_PER_TRADE).toBe(0.5);
    expect(loaded.sources.MAX_LOSS_USDT_PER_TRADE).toBe('environment');
    expect(loaded.config.MAX_TOTAL_RISK_USDT).toBe(5);
  });

  it('an invalid PROFILE is an error naming PROFILE, not a silent fallback', () => {
    expect(() => loadWith({ PROFILE: 'prod' })).toThrow(/PROFILE \("prod"\) must be one of live, testnet/);
  });
});
