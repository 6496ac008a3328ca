import { describe, expect, it } from 'vitest';
import {
  BASELINE_RULES,
  BaselineDecider,
  baselineEntry,
  buildPromptData,
  type PromptData,
  parseReply,
  systemPromptFor,
} from '../../../src/decision/index.ts';
import type { TimeframeFeatures } from '../../../src/domain/index.ts';
import { account, features, limits, promptInput, view } from './stubs.ts';

const PRICE = 2.5;

function dataFor(
  overrides: Partial<TimeframeFeatures>,
  higher: Partial<TimeframeFeatures> = {},
  extra = {},
): PromptData {
  const v = view('XRPUSDT', PRICE, {
    markPrice: PRICE,
    timeframes: { '15m': features('15m', PRICE, overrides), '1h': features('1h', PRICE, higher) },
  });
  return buildPromptData(promptInput(['XRPUSDT'], { views: [v], cooldowns: [], ...extra }));
}

const downtrend = { ema20: PRICE * 1.002, ema200: PRICE * 1.02, rsi: 41 };

describe('baseline decider', () => {
  it('opens long with a LIMIT a little under the mark when the EMAs align up with a strong ADX', () => {
    const entry = baselineEntry(dataFor({}), 'XRPUSDT');
    const atr = PRICE * 0.004123456;
    expect(entry).toMatchObject({
      action: 'OPEN_LONG',
      entry_type: 'LIMIT',
      leverage: BASELINE_RULES.leverage,
    });
    expect(entry.entry_price as number).toBeLessThan(PRICE);
    expect(PRICE - (entry.entry_price as number)).toBeCloseTo(BASELINE_RULES.entryAtrOffset * atr, 5);
    expect(entry.sl_pct).toBeCloseTo((BASELINE_RULES.stopAtrMultiple * atr) / PRICE, 4);
    expect(entry.tp_pct).toBeCloseTo((entry.sl_pct as number) * BASELINE_RULES.takeProfitStopMultiple, 4);
    for (const field of [
      'confidence',
      'leverage',
      'size_pct',
      'entry_type',
      'entry_price',
      'sl_pct',
      'tp_pct',
      'rationale',
    ]) {
      expect(entry[field], field).not.toBeNull();
    }
  });

  it('opens short in a downtrend confirmed by the higher timeframe', () => {
    expect(baselineEntry(dataFor(downtrend, downtrend), 'XRPUSDT').action).toBe('OPEN_SHORT');
  });

  it('holds when the higher timeframe disagrees', () => {
    expect(baselineEntry(dataFor({}, downtrend), 'XRPUSDT').action).toBe('HOLD');
  });

  it('holds when ADX says there is no trend', () => {
    const entry = baselineEntry(dataFor({ adx: 18 }), 'XRPUSDT');
    expect(entry).toMatchObject({ action: 'HOLD', entry_price: null, sl_pct: null });
  });

  it('holds while indicators are still warming up', () => {
    expect(baselineEntry(dataFor({ ema200: null }), 'XRPUSDT').rationale).toMatch(/warming up/);
  });

  it('holds rather than squeeze a stop the ATR says is too wide for the limits', () => {
    expect(baselineEntry(dataFor({ atr: PRICE * 0.03 }), 'XRPUSDT').rationale).toMatch(/wider/);
  });

  it('widens a stop tighter than the minimum to just inside the allowed band', () => {
    const entry = baselineEntry(dataFor({ atr: PRICE * 0.0001 }), 'XRPUSDT');
    expect(entry.sl_pct).toBeCloseTo(0.0025 * (1 + BASELINE_RULES.boundMargin), 6);
  });

  it('keeps the entry within half the allowed deviation from the mark', () => {
    const entry = baselineEntry(dataFor({ atr: PRICE * 0.05 }), 'XRPUSDT');
    if (entry.action === 'HOLD') return;
    expect(Math.abs((entry.entry_price as number) - PRICE) / PRICE).toBeLessThanOrEqual(0.005 + 1e-9);
  });

  it('closes an open position when the trend turns against it, holds it otherwise', () => {
    const pos = account().positions[0]!;
    const withPosition = { account: account({ positions: [{ ...pos, symbol: 'XRPUSDT', side: 'LONG' }] }) };
    expect(baselineEntry(dataFor(downtrend, {}, withPosition), 'XRPUSDT').action).toBe('CLOSE');
    expect(baselineEntry(dataFor({}, {}, withPosition), 'XRPUSDT').action).toBe('HOLD');
  });

  it('does not open against a running cooldown, a resting order or a non-ACTIVE state', () => {
    const cooldown = {
      cooldowns: [{ symbol: 'XRPUSDT', side: 'LONG' as const, untilMs: Date.UTC(2030, 0) }],
    };
    expect(baselineEntry(dataFor({}, {}, cooldown), 'XRPUSDT').action).toBe('HOLD');
    const order = account().pendingEntries[0]!;
    const resting = { account: account({ pendingEntries: [{ ...order, symbol: 'XRPUSDT' }] }) };
    expect(baselineEntry(dataFor({}, {}, resting), 'XRPUSDT').action).toBe('HOLD');
    const reducing = { account: account({ tradingState: 'REDUCING' }) };
    expect(baselineEntry(dataFor({}, {}, reducing), 'XRPUSDT').action).toBe('HOLD');
  });

  it('uses leverage within the configured range', () => {
    const narrow = { limits: limits({ minLeverage: 2, maxLeverageOpen: 3 }) };
    expect(baselineEntry(dataFor({}, {}, narrow), 'XRPUSDT').leverage).toBe(3);
  });

  it('answers every symbol through the same parser as a model, deterministically and at no cost', async () => {
    const decider = new BaselineDecider();
    const symbols = ['BTCUSDT', 'ETHUSDT', 'XRPUSDT'];
    const request = {
      cycleId: 'c1',
      nowMs: 0,
      symbols,
      promptVersion: 'v3_neutral',
      systemPrompt: systemPromptFor('v3_neutral'),
      promptData: buildPromptData(promptInput(symbols)),
    };
    const first = await decider.decide(request);
    const second = await decider.decide(request);
    expect(first.decisions.map((d) => d.proposal)).toEqual(second.decisions.map((d) => d.proposal));
    expect(first.decisions.map((d) => d.holdReason)).toEqual([null, null, null]);
    expect(first).toMatchObject({ provider: 'baseline', costUsd: 0, attempts: 0, error: null });
    expect(first.usage).toEqual({ inputTokens: 0, outputTokens: 0, estimated: false });
    expect(parseReply(first.rawResponse!, symbols).decisions).toEqual(first.decisions);
    expect(first.decisions.map((d) => d.proposal.action)).toEqual(['HOLD', 'HOLD', 'OPEN_LONG']);
  });
});
