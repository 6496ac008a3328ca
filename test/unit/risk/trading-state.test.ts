import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TRADING_STATES, type TradingState } from '../../../src/domain/index.ts';
import {
  type CurrentTradingState,
  type KillSwitchLimits,
  nextTradingState,
  type TradingStateSignal,
} from '../../../src/risk/index.ts';

const limits: KillSwitchLimits = {
  dailyLossLimitUsdt: 3,
  maxDrawdownPct: 0.15,
  maxConsecutiveAiFailures: 5,
  maxConsecutiveExchangeFailures: 5,
};
const at = 1_700_000_000_000;
const active: CurrentTradingState = { state: 'ACTIVE', cause: null };

describe('trading-state kill switches', () => {
  it('moves ACTIVE to REDUCING when the daily realized loss reaches the limit', () => {
    const change = nextTradingState(active, { kind: 'DAILY_REALIZED_LOSS', atMs: at, lossUsdt: 3 }, limits);
    expect(change).toMatchObject({ from: 'ACTIVE', to: 'REDUCING', cause: 'DAILY_LOSS', atMs: at });
    expect(change?.reason).toMatch(/daily realized loss 3 USDT/);
  });

  it("reduces when the UTC day's AI spend reaches AI_DAILY_BUDGET_USD, and clears the next day", () => {
    const budget = { ...limits, aiDailyBudgetUsd: 0.5 };
    const spent = nextTradingState(active, { kind: 'AI_DAILY_SPEND', atMs: at, spentUsd: 0.5 }, budget);
    expect(spent).toMatchObject({ from: 'ACTIVE', to: 'REDUCING', cause: 'AI_BUDGET' });
    expect(spent?.reason).toMatch(/AI spend today 0\.5000 USD vs daily budget 0\.5 USD/);
    expect(nextTradingState(active, { kind: 'AI_DAILY_SPEND', atMs: at, spentUsd: 0.49 }, budget)).toBeNull();
    const reducing: CurrentTradingState = { state: 'REDUCING', cause: 'AI_BUDGET' };
    expect(
      nextTradingState(reducing, { kind: 'AI_DAILY_SPEND', atMs: at, spentUsd: 0 }, budget),
    ).toMatchObject({ to: 'ACTIVE', cause: 'AI_BUDGET' });
    expect(nextTradingState(active, { kind: 'AI_DAILY_SPEND', atMs: at, spentUsd: 99 }, limits)).toBeNull();
    const paused: CurrentTradingState = { state: 'REDUCING', cause: 'OPERATOR' };
    expect(nextTradingState(paused, { kind: 'AI_DAILY_SPEND', atMs: at, spentUsd: 0 }, budget)).toBeNull();
  });

  it('stays put while the daily loss is under the limit', () => {
    expect(
      nextTradingState(active, { kind: 'DAILY_REALIZED_LOSS', atMs: at, lossUsdt: 2.99 }, limits),
    ).toBeNull();
  });

  it('halts on a drawdown from the equity peak at or beyond MAX_DRAWDOWN_PCT', () => {
    const signal: TradingStateSignal = { kind: 'DRAWDOWN', atMs: at, equityUsdt: 85, equityPeakUsdt: 100 };
    expect(nextTradingState(active, signal, limits)).toMatchObject({ to: 'HALTED', cause: 'DRAWDOWN' });
    const mild: TradingStateSignal = { kind: 'DRAWDOWN', atMs: at, equityUsdt: 86, equityPeakUsdt: 100 };
    expect(nextTradingState(active, mild, limits)).toBeNull();
  });

  it('reduces after repeated AI failures and halts after repeated exchange failures', () => {
    expect(nextTradingState(active, { kind: 'AI_FAILURES', atMs: at, consecutive: 5 }, limits)).toMatchObject(
      {
        to: 'REDUCING',
      },
    );
    expect(
      nextTradingState(active, { kind: 'EXCHANGE_FAILURES', atMs: at, consecutive: 5 }, limits),
    ).toMatchObject({
      to: 'HALTED',
    });
    expect(
      nextTradingState(active, { kind: 'EXCHANGE_FAILURES', atMs: at, consecutive: 4 }, limits),
    ).toBeNull();
  });

  it('never lowers the state on a breach: a REDUCING breach while HALTED changes nothing', () => {
    const halted: CurrentTradingState = { state: 'HALTED', cause: 'DRAWDOWN' };
    expect(nextTradingState(halted, { kind: 'AI_FAILURES', atMs: at, consecutive: 9 }, limits)).toBeNull();
  });

  it('returns to ACTIVE by itself only when the cause of REDUCING clears', () => {
    const reducedByLoss: CurrentTradingState = { state: 'REDUCING', cause: 'DAILY_LOSS' };
    const newDay: TradingStateSignal = { kind: 'DAILY_REALIZED_LOSS', atMs: at, lossUsdt: 0 };
    expect(nextTradingState(reducedByLoss, newDay, limits)).toMatchObject({
      to: 'ACTIVE',
      cause: 'DAILY_LOSS',
    });
    const aiRecovered: TradingStateSignal = { kind: 'AI_FAILURES', atMs: at, consecutive: 0 };
    expect(nextTradingState(reducedByLoss, aiRecovered, limits)).toBeNull();
  });

  it('leaves HALTED only on the operator', () => {
    const halted: CurrentTradingState = { state: 'HALTED', cause: 'EXCHANGE_FAILURES' };
    expect(
      nextTradingState(halted, { kind: 'EXCHANGE_FAILURES', atMs: at, consecutive: 0 }, limits),
    ).toBeNull();
    expect(
      nextTradingState(halted, { kind: 'OPERATOR', atMs: at, command: 'resume', note: 'checked' }, limits),
    ).toEqual({
      from: 'HALTED',
      to: 'ACTIVE',
      reason: 'operator resume: checked',
      atMs: at,
      cause: 'OPERATOR',
    });
  });

  it('obeys operator pause and halt', () => {
    expect(nextTradingState(active, { kind: 'OPERATOR', atMs: at, command: 'pause' }, limits)).toMatchObject({
      to: 'REDUCING',
    });
    expect(nextTradingState(active, { kind: 'OPERATOR', atMs: at, command: 'halt' }, limits)).toMatchObject({
      to: 'HALTED',
    });
    expect(nextTradingState(active, { kind: 'OPERATOR', atMs: at, command: 'resume' }, limits)).toBeNull();
  });

  it('treats an unreadable measurement as a breach', () => {
    const signal: TradingStateSignal = { kind: 'DAILY_REALIZED_LOSS', atMs: at, lossUsdt: Number.NaN };
    expect(nextTradingState(active, signal, limits)).toMatchObject({ to: 'REDUCING' });
    const noPeak: TradingStateSignal = { kind: 'DRAWDOWN', atMs: at, equityUsdt: 50, equityPeakUsdt: 0 };
    expect(nextTradingState(active, noPeak, limits)).toMatchObject({ to: 'HALTED' });
  });

  it('automatic signals never de-escalate HALTED, whatever they say', () => {
    const signalArb: fc.Arbitrary<TradingStateSignal> = fc.oneof(
      fc.record({ kind: fc.constant('DAILY_REALIZED_LOSS' as const), atMs: fc.nat(), lossUsdt: fc.double() }),
      fc.record({
        kind: fc.constant('DRAWDOWN' as const),
        atMs: fc.nat(),
        equityUsdt: fc.double(),
        equityPeakUsdt: fc.double(),
      }),
      fc.record({ kind: fc.constant('AI_FAILURES' as const), atMs: fc.nat(), consecutive: fc.nat() }),
      fc.record({ kind: fc.constant('EXCHANGE_FAILURES' as const), atMs: fc.nat(), consecutive: fc.nat() }),
    );
    const rank = (s: TradingState) => TRADING_STATES.indexOf(s);
    fc.assert(
      fc.property(fc.constantFrom(...TRADING_STATES), signalArb, (state, signal) => {
        const change = nextTradingState({ state, cause: null }, signal, limits);
        if (change === null) return;
        expect(change.from).toBe(state);
        expect(change.to).not.toBe(state);
        expect(change.reason.length).toBeGreaterThan(0);
        // With no known cause, automatic signals can only escalate.
        expect(rank(change.to)).toBeGreaterThan(rank(state));
      }),
      { numRuns: 300 },
    );
  });
});
