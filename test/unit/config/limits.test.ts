import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, limitsOverrideKeys, loadConfig, toRiskLimits } from '../../../src/config/index.ts';
import { loadWith } from './support.ts';

describe('toRiskLimits', () => {
  it('maps the live profile into the limits the gate enforces', () => {
    const limits = toRiskLimits(loadWith({}).config);
    expect(limits).toMatchObject({
      symbols: ['BTCUSDT', 'ETHUSDT'],
      decisionTimeframeMs: 15 * 60_000,
      maxLossUsdtPerTrade: 0.35,
      maxTotalRiskUsdt: 1.5,
      maxNotionalUsdt: 50,
      minSlDistancePct: 0.0025,
      maxSlDistancePct: 0.025,
      marginSafetyFactor: 0.85,
      maxOpenPositions: 10,
      minLeverage: 3,
      maxLeverageOpen: 10,
      enableConfidenceLeverageAdjust: false,
      leverageCapConfidenceLow: 60,
      leverageCapConfidenceMed: 75,
      leverageMaxConfidenceLow: 4,
      leverageMaxConfidenceMed: 6,
      allowMarketEntry: false,
      enableRecoverySizing: false,
      recoveryMultiplier: 1.5,
      recoveryMaxSteps: 2,
      symbolRiskCapsUsdt: {},
    });
  });

  it('carries every value through, including per-symbol caps and the decision timeframe', () => {
    const limits = toRiskLimits(
      loadWith({
        DECISION_TIMEFRAME: '1h',
        CONTEXT_TIMEFRAMES: '4h',
        SYMBOL_RISK_CAPS_USDT: 'BTCUSDT:0.7, ETHUSDT:0.5',
        RECOVERY_SIZING_MULTIPLIER: '2',
        COOLDOWN_OPPOSITE_SIDE_MINUTES: '90',
        CORRELATION_THRESHOLD: '0.7',
        ENABLE_DYNAMIC_LIMITS: 'true',
        SL_SLIPPAGE_ALLOWANCE_PCT: '0',
      }).config,
    );
    expect(limits.decisionTimeframeMs).toBe(3_600_000);
    expect(limits.symbolRiskCapsUsdt).toEqual({ BTCUSDT: 0.7, ETHUSDT: 0.5 });
    expect(limits.recoveryMultiplier).toBe(2);
    expect(limits.cooldownOppositeSideMinutes).toBe(90);
    expect(limits.correlationThreshold).toBe(0.7);
    expect(limits.enableDynamicLimits).toBe(true);
    expect(limits.slSlippageAllowancePct).toBe(0);
  });

  it('has no undefined field, whatever the profile', () => {
    for (const profile of ['live', 'testnet']) {
      const limits = toRiskLimits(loadWith({ PROFILE: profile }).config);
      for (const [field, value] of Object.entries(limits))
        expect({ field, value }).not.toEqual({ field, value: undefined });
    }
  });

  it('serves the gate command: a document override changes the limits for one call', () => {
    const base = loadConfig({ env: {}, dotenvPath: null, overrides: { MAX_LOSS_USDT_PER_TRADE: 0.2 } });
    expect(toRiskLimits(base.config).maxLossUsdtPerTrade).toBe(0.2);
  });

  it('copies lists and maps, so a caller cannot change the loaded configuration through them', () => {
    const { config } = loadWith({ SYMBOL_RISK_CAPS_USDT: 'BTCUSDT:0.5' });
    const limits = toRiskLimits(config);
    limits.symbols.push('SOLUSDT');
    limits.symbolRiskCapsUsdt.BTCUSDT = 9;
    expect(config.SYMBOLS).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(config.SYMBOL_RISK_CAPS_USDT).toEqual({ BTCUSDT: 0.5 });
  });

  it('names only real variables as limit overrides', () => {
    for (const key of limitsOverrideKeys) expect(CONFIG_KEYS).toContain(key);
  });
});
