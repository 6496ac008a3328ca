import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.ts';
import { loadConfig, toRiskLimits } from '../../../src/config/index.ts';
import type { AccountSnapshot } from '../../../src/domain/index.ts';
import { KillSwitchKeeper } from '../../../src/engine/kill-switches.ts';
import { PaperExchange } from '../../../src/exchange/paper/index.ts';
import { Executor } from '../../../src/execution/executor.ts';
import { journaledOpen } from '../../../src/execution/journaled-orders.ts';
import { cancelAllPendingEntries } from '../../../src/execution/pending-entries.ts';
import { type Journal, openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { evaluateProposal } from '../../../src/risk/index.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';
import { limitEntry } from './harness.ts';

const DAY = 86_400_000;
const T0 = 1_767_225_600_000 + 3_600_000;
const limits = {
  dailyLossLimitUsdt: 3,
  maxDrawdownPct: 0.15,
  maxConsecutiveAiFailures: 3,
  maxConsecutiveExchangeFailures: 2,
};

let dir: string;
let journal: Journal;
let keeper: KillSwitchKeeper;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'warden-kill-'));
  journal = openJournal(path.join(dir, 'journal.db'));
  keeper = new KillSwitchKeeper(journal, limits, createLogger({ level: 'silent', pretty: false }), {
    state: { state: 'ACTIVE', cause: null },
    equityPeakUsdt: null,
  });
});
afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

const account = (equityUsdt: number, lossesUsdt: number[] = [], atMs = T0): AccountSnapshot => ({
  walletAvailableUsdt: equityUsdt,
  equityUsdt,
  tradingState: keeper.state.state,
  positions: [],
  pendingEntries: [],
  recentCloses: lossesUsdt.map((loss, i) => ({
    symbol: 'BTCUSDT',
    side: 'LONG',
    closedAtMs: atMs - 1000 * (i + 1),
    realizedPnlUsdt: -loss,
  })),
  equityPeakUsdt: keeper.equityPeakUsdt,
});
const changes = () =>
  databaseOf(journal)
    .prepare('SELECT from_state, to_state, source, reason FROM trading_state_changes ORDER BY id')
    .all();

describe('kill switches', () => {
  it('daily realized loss at the limit moves to REDUCING, and a new UTC day clears it', () => {
    keeper.observeAccount(account(100, [1.5, 1.6]), T0);
    expect(keeper.state.state).toBe('REDUCING');
    keeper.observeAccount(account(100, [], T0 + DAY), T0 + DAY);
    expect(keeper.state.state).toBe('ACTIVE');
    expect(changes()).toEqual([
      expect.objectContaining({ from_state: 'ACTIVE', to_state: 'REDUCING', source: 'daily_loss' }),
      expect.objectContaining({ from_state: 'REDUCING', to_state: 'ACTIVE', source: 'daily_loss' }),
    ]);
  });

  it('drawdown from the equity peak halts trading, and only the operator resumes it', () => {
    keeper.observeAccount(account(120), T0);
    keeper.observeAccount(account(101), T0 + 1);
    expect(keeper.state.state).toBe('HALTED');
    keeper.observeAccount(account(130), T0 + 2);
    expect(keeper.state.state).toBe('HALTED');
    keeper.operator('resume', T0 + 3, 'checked the account');
    expect(keeper.state.state).toBe('ACTIVE');
    expect(changes()).toEqual([
      expect.objectContaining({ to_state: 'HALTED', source: 'drawdown' }),
      expect.objectContaining({ to_state: 'ACTIVE', source: 'operator' }),
    ]);
  });

  it('consecutive AI failures move to REDUCING; one good answer clears it', () => {
    keeper.observeAi(false, T0);
    keeper.observeAi(false, T0 + 1);
    expect(keeper.state.state).toBe('ACTIVE');
    keeper.observeAi(false, T0 + 2);
    expect(keeper.state.state).toBe('REDUCING');
    keeper.observeAi(true, T0 + 3);
    expect(keeper.state.state).toBe('ACTIVE');
    expect(changes()).toHaveLength(2);
  });

  it('consecutive exchange failures halt; a success in between resets the count', () => {
    keeper.exchangeFailed(T0);
    keeper.exchangeSucceeded();
    keeper.exchangeFailed(T0 + 1);
    expect(keeper.state.state).toBe('ACTIVE');
    keeper.exchangeFailed(T0 + 2);
    expect(keeper.state.state).toBe('HALTED');
    expect(changes()).toEqual([expect.objectContaining({ to_state: 'HALTED', source: 'exchange_failures' })]);
  });

  it('a position that could not be protected halts trading with the symbol in the reason', () => {
    keeper.protectionFailed('BTCUSDT', 'stop refused 4 times', T0);
    expect(keeper.state.state).toBe('HALTED');
    expect(keeper.protectionFailed('BTCUSDT', 'again', T0 + 1)).toBeNull();
    expect(changes()).toEqual([
      expect.objectContaining({
        to_state: 'HALTED',
        source: 'protection',
        reason: expect.stringContaining('BTCUSDT'),
      }),
    ]);
  });

  it('REDUCING and HALTED refuse new opens at the gate', () => {
    const instrument = contractInstruments[0];
    for (const state of ['REDUCING', 'HALTED'] as const) {
      const verdict = evaluateProposal({
        proposal: {
          symbol: 'BTCUSDT',
          action: 'OPEN_LONG',
          confidence: 80,
          leverage: 5,
          entryType: 'LIMIT',
          entryPrice: 49_950,
          slPct: 0.01,
          rationale: 'test',
        },
        account: { ...account(1000), tradingState: state },
        instrument: instrument ?? null,
        market: {
          symbol: 'BTCUSDT',
          markPrice: 50_000,
          nowMs: T0,
          lastClosedCandleMs: T0 - 60_000,
          preScore: 90,
          rangeScore: 90,
        },
        limits: toRiskLimits(loadConfig({ env: {}, dotenvPath: null }).config),
      });
      expect(verdict.action).toBe('HOLD');
      expect(verdict.blockedBy).toContain(state === 'HALTED' ? 'TRADING_HALTED' : 'TRADING_REDUCING');
    }
  });

  it('HALTED cancels every pending entry and journals why', async () => {
    let now = T0;
    const exchange = new PaperExchange({
      instruments: contractInstruments,
      startBalanceUsdt: 1000,
      slippagePct: 0.0005,
      now: () => now,
      eventDelivery: 'sync',
    });
    exchange.setMarkPrice('BTCUSDT', 50_000, now);
    const executor = new Executor(exchange, { sleep: async () => {} });
    const report = await journaledOpen(executor, journal, {
      intent: limitEntry('LONG', 49_000, 48_500),
      cycleKeyMs: T0,
      atMs: T0,
    });
    now += 60_000;
    const cancelled = await cancelAllPendingEntries(
      { exchange, journal, log: () => {} },
      now,
      'trading HALTED: no new risk',
    );
    expect(cancelled).toBe(1);
    expect(await exchange.getOpenOrders()).toEqual([]);
    expect(journal.findOrder(report.clientOrderId)).toMatchObject({
      state: 'CANCELLED',
      reason: 'trading HALTED: no new risk',
    });
    await exchange.close();
  });
});
