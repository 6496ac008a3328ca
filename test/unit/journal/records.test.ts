import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Journal, JournalWriteError, openJournal, QueryService } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { APPEND_ONLY_TABLES } from '../../../src/journal/migrations/001_initial.ts';
import { MIN, stubs, T0, tempJournalPath } from './stubs.ts';

let temp: ReturnType<typeof tempJournalPath>;
let journal: Journal;

beforeEach(() => {
  temp = tempJournalPath();
  journal = openJournal(temp.file);
  journal.recordCycleStart(stubs.cycle());
});

afterEach(() => {
  if (journal.isOpen) journal.close();
  temp.remove();
});

/** One row in every audit table, through the public API. */
function fillEveryTable(j: Journal): void {
  const promptHash = j.storeBlob('the prompt');
  const decisionId = j.recordDecision(stubs.openDecision('LONG', { promptHash }));
  j.recordCycleEnd({ cycleId: 'c1', finishedAtMs: T0 + 5000, outcome: 'completed' });
  j.recordOrderEvent(stubs.orderEvent({ decisionId }));
  j.recordFill({
    execId: 'e1',
    atMs: T0 + 3000,
    clientOrderId: 'c1-BTCUSDT-entry',
    exchangeOrderId: 'x1',
    symbol: 'BTCUSDT',
    side: 'BUY',
    price: 50_000,
    qty: 0.001,
    feeUsdt: 0.01,
    isMaker: true,
    closedQty: 0,
    kind: 'TRADE',
  });
  j.recordPositionOpen(stubs.positionOpen({ decisionId }));
  j.recordStopMove({
    atMs: T0 + 10 * MIN,
    positionId: 'p1',
    symbol: 'BTCUSDT',
    oldStop: 49_500,
    newStop: 50_050,
    rule: 'BREAK_EVEN',
    reason: 'moved 1.5% in favour',
    markPrice: 50_800,
  });
  j.recordFunding({
    atMs: T0 + 20 * MIN,
    symbol: 'BTCUSDT',
    positionId: 'p1',
    rate: 0.0001,
    positionValueUsdt: 50,
    amountUsdt: -0.005,
  });
  j.recordPositionClose(stubs.positionClose());
  j.recordEquity({
    atMs: T0,
    equityUsdt: 100,
    walletBalanceUsdt: 100,
    availableUsdt: 100,
    unrealisedPnlUsdt: 0,
  });
  j.recordTradingStateChange({
    atMs: T0,
    from: 'ACTIVE',
    to: 'REDUCING',
    reason: 'drawdown 5%',
    source: 'drawdown',
  });
  j.recordEvent({ atMs: T0, kind: 'test', severity: 'info', message: 'hello', detail: { a: 1 } });
}

describe('append-only audit tables', () => {
  it('refuses UPDATE and DELETE on every audit table, raised by SQLite itself', () => {
    fillEveryTable(journal);
    for (const table of APPEND_ONLY_TABLES) {
      const count = databaseOf(journal).prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
      expect(count, table).toBeGreaterThan(0);
      const column = table === 'blobs' ? 'text' : table === 'schema_migrations' ? 'name' : 'rowid';
      const setTo = column === 'rowid' ? 'rowid' : "'x'";
      expect(
        () => databaseOf(journal).prepare(`UPDATE ${table} SET ${column} = ${setTo}`).run(),
        table,
      ).toThrow(`${table} is append-only: rows are never updated`);
      expect(() => databaseOf(journal).prepare(`DELETE FROM ${table}`).run(), table).toThrow(
        `${table} is append-only: rows are never deleted`,
      );
      expect(databaseOf(journal).prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get()).toBe(count);
    }
  });
});

describe('blobs', () => {
  it('stores a prompt once, keyed by its SHA-256, however often it is stored', () => {
    const text = 'system prompt v3_neutral — ünïcode';
    const first = journal.storeBlob(text);
    const second = journal.storeBlob(text);
    expect(first).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    expect(second).toBe(first);
    expect(databaseOf(journal).prepare('SELECT COUNT(*) FROM blobs').pluck().get()).toBe(1);
    expect(journal.findBlob(first)).toBe(text);
  });
});

describe('decisions', () => {
  it('round-trips a decision with every audit field filled', () => {
    const promptHash = journal.storeBlob('{"prompt":"data"}');
    const responseHash = journal.storeBlob('{"decisions":[...]}');
    const record = stubs.openDecision('SHORT', {
      proposalReceived: { symbol: 'BTCUSDT', action: 'OPEN_SHORT', confidence: '70', extra: Number.NaN },
      effectiveConfidence: 65,
      finalLeverage: 4,
      blockedBy: [],
      adjustments: [{ field: 'leverage', before: 8, after: 4, reason: 'confidence below 75' }],
      order: {
        symbol: 'BTCUSDT',
        side: 'SELL',
        type: 'LIMIT',
        qty: 0.001,
        price: 50_000,
        stopLoss: 50_500,
        takeProfit: 49_000,
        leverage: 4,
        notionalUsdt: 50,
        marginUsdt: 12.5,
        riskUsdt: 0.56,
        reduceOnly: false,
      },
      detail: 'approved',
      regime: 'TREND',
      preScore: 72,
      rangeScore: 20,
      orderIds: ['c1-BTCUSDT-entry'],
      latencyMs: 1234,
      promptHash,
      responseHash,
      inputSnapshot: {
        entryPrice: 50_000,
        slPct: 0.01,
        tpPct: 0.02,
        leverage: 8,
        entryType: 'LIMIT',
        walletAvailableUsdt: 95.5,
        equityUsdt: 101,
        positionsOpen: 1,
        pendingEntries: 0,
        markPrice: 49_990,
        lastPrice: 49_995,
        tradingState: 'ACTIVE',
        lastClosedCandleMs: T0 - 15 * MIN,
        extra: { fundingRate: 0.0001, openRiskUsdt: 0.3 },
      },
    });
    const id = journal.recordDecision(record);
    const detail = new QueryService(journal).decision(id);
    expect(detail).not.toBeNull();
    const { proposal, proposalReceived, ...rest } = record;
    expect(detail).toMatchObject({
      ...rest,
      id,
      proposedAction: 'OPEN_SHORT',
      confidence: proposal.confidence,
      proposedLeverage: proposal.leverage,
      sizePct: proposal.sizePct,
      entryType: proposal.entryType,
      entryPrice: proposal.entryPrice,
      slPct: proposal.slPct,
      tpPct: proposal.tpPct,
      rationale: proposal.rationale,
      promptText: '{"prompt":"data"}',
      rawResponse: '{"decisions":[...]}',
    });
    expect(detail?.proposalReceived).toEqual({
      symbol: 'BTCUSDT',
      action: 'OPEN_SHORT',
      confidence: '70',
      extra: 'NaN',
    });
  });

  it('refuses a decision whose cycle was never journaled', () => {
    expect(() => journal.recordDecision(stubs.decision({ cycleId: 'missing' }))).toThrow(
      /decision for BTCUSDT in cycle missing.*FOREIGN KEY.*not journaled first/,
    );
  });

  it('refuses a decision referencing a prompt hash that was never stored', () => {
    expect(() => journal.recordDecision(stubs.decision({ promptHash: 'f'.repeat(64) }))).toThrow(
      JournalWriteError,
    );
  });

  it('refuses non-finite numbers and unknown block codes instead of storing NULL', () => {
    const bad = stubs.decision();
    expect(() =>
      journal.recordDecision({ ...bad, proposal: { ...bad.proposal, confidence: Number.NaN } }),
    ).toThrow(/proposal.confidence must be a finite number/);
    expect(() => journal.recordDecision({ ...bad, blockedBy: ['NOT_A_CODE' as never] })).toThrow(
      /unknown code NOT_A_CODE/,
    );
    expect(() =>
      journal.recordDecision({
        ...bad,
        inputSnapshot: { ...bad.inputSnapshot, markPrice: Number.POSITIVE_INFINITY },
      }),
    ).toThrow(/inputSnapshot.markPrice is Infinity/);
    expect(databaseOf(journal).prepare('SELECT COUNT(*) FROM decisions').pluck().get()).toBe(0);
  });

  it('refuses a decision whose proposal is for another symbol', () => {
    const eth = stubs.decision({ symbol: 'ETHUSDT', proposal: { symbol: 'BTCUSDT', action: 'HOLD' } });
    expect(() => journal.recordDecision(eth)).toThrow(/proposal.symbol BTCUSDT is not the decision's symbol/);
  });

  it('finds the raw response recorded for a cycle and prompt version', () => {
    const responseHash = journal.storeBlob('raw reply');
    journal.recordDecision(stubs.decision({ responseHash }));
    journal.recordDecision(stubs.decision({ symbol: 'ETHUSDT', responseHash }));
    expect(journal.findRawResponse('c1', 'v3_neutral')).toBe('raw reply');
    expect(journal.findRawResponse('c1', 'v4_other')).toBeNull();
    expect(journal.findRawResponse('c9', 'v3_neutral')).toBeNull();
  });
});

describe('cycles and trading state', () => {
  it('reports the last cycle, with its end once journaled', () => {
    expect(journal.lastCycle()).toMatchObject({ cycleId: 'c1', finishedAtMs: null, outcome: null });
    journal.recordCycleEnd({ cycleId: 'c1', finishedAtMs: T0 + 9000, outcome: 'completed' });
    journal.recordCycleStart(stubs.cycle({ cycleId: 'c2', startedAtMs: T0 + 15 * MIN }));
    expect(journal.lastCycle()).toMatchObject({ cycleId: 'c2', finishedAtMs: null });
    expect(() => journal.recordCycleEnd({ cycleId: 'c1', finishedAtMs: T0, outcome: 'completed' })).toThrow(
      /UNIQUE/,
    );
  });

  it('returns the last trading state change, or null when there was none', () => {
    expect(journal.lastTradingState()).toBeNull();
    journal.recordTradingStateChange({
      atMs: T0,
      from: 'ACTIVE',
      to: 'HALTED',
      reason: 'daily loss',
      source: 'daily_loss',
    });
    journal.recordTradingStateChange({
      atMs: T0 + 1,
      from: 'HALTED',
      to: 'REDUCING',
      reason: 'operator',
      source: 'operator',
    });
    expect(journal.lastTradingState()).toEqual({
      atMs: T0 + 1,
      from: 'HALTED',
      to: 'REDUCING',
      reason: 'operator',
      source: 'operator',
    });
  });
});

describe('orders', () => {
  it('keeps every lifecycle step as a row and the current state per client id', () => {
    const decisionId = journal.recordDecision(stubs.openDecision('LONG'));
    journal.recordOrderEvent(stubs.orderEvent({ decisionId, cycleId: 'c1' }));
    journal.recordOrderEvent({ atMs: T0 + 2100, clientOrderId: 'c1-BTCUSDT-entry', state: 'SUBMITTED' });
    journal.recordOrderEvent({
      atMs: T0 + 2200,
      clientOrderId: 'c1-BTCUSDT-entry',
      state: 'OPEN',
      exchangeOrderId: 'x1',
    });
    expect([...journal.openOrdersByClientId().keys()]).toEqual(['c1-BTCUSDT-entry']);
    journal.recordOrderEvent({
      atMs: T0 + 9000,
      clientOrderId: 'c1-BTCUSDT-entry',
      state: 'FILLED',
      filledQty: 0.001,
      avgFillPrice: 49_999,
    });
    expect(journal.openOrdersByClientId().size).toBe(0);
    expect(journal.findOrder('c1-BTCUSDT-entry')).toMatchObject({
      state: 'FILLED',
      exchangeOrderId: 'x1',
      side: 'BUY',
      qty: 0.001,
      price: 50_000,
      filledQty: 0.001,
      avgFillPrice: 49_999,
      decisionId,
      createdAtMs: T0 + 2000,
      submittedAtMs: T0 + 2100,
      updatedAtMs: T0 + 9000,
    });
    const states = new QueryService(journal).orderTimeline('c1-BTCUSDT-entry').map((e) => e.state);
    expect(states).toEqual(['INTENT', 'SUBMITTED', 'OPEN', 'FILLED']);
  });

  it('refuses a first event that does not say what the order is', () => {
    expect(() => journal.recordOrderEvent({ atMs: T0, clientOrderId: 'ghost', state: 'OPEN' })).toThrow(
      /first event of an order must say what it is; missing symbol, side, type, role, qty/,
    );
    expect(databaseOf(journal).prepare('SELECT COUNT(*) FROM order_events').pluck().get()).toBe(0);
  });

  it('keeps an order whose outcome is unknown among the open orders', () => {
    journal.recordOrderEvent(stubs.orderEvent());
    journal.recordOrderEvent({
      atMs: T0 + 1,
      clientOrderId: 'c1-BTCUSDT-entry',
      state: 'OUTCOME_UNKNOWN',
      reason: 'timeout',
    });
    expect(journal.openOrdersByClientId().get('c1-BTCUSDT-entry')?.reason).toBe('timeout');
  });
});

describe('fills, funding and positions', () => {
  it('journals an execution id once even when reconciliation reports it again', () => {
    const fill = {
      execId: 'e1',
      atMs: T0,
      clientOrderId: 'o',
      exchangeOrderId: null,
      symbol: 'BTCUSDT',
      side: 'BUY' as const,
      price: 1,
      qty: 1,
      feeUsdt: 0,
      isMaker: false,
      closedQty: 0,
      kind: 'TRADE' as const,
    };
    expect(journal.recordFill(fill)).toBe(true);
    expect(journal.recordFill(fill)).toBe(false);
    const funding = {
      atMs: T0,
      symbol: 'BTCUSDT',
      positionId: null,
      rate: 0.0001,
      positionValueUsdt: null,
      amountUsdt: -0.01,
      execId: 'f1',
    };
    expect(journal.recordFunding(funding)).toBe(true);
    expect(journal.recordFunding(funding)).toBe(false);
  });

  it('lists open positions with their latest stop, and forgets them once closed', () => {
    journal.recordPositionOpen(stubs.positionOpen());
    journal.recordPositionOpen(
      stubs.positionOpen({
        positionId: 'p2',
        symbol: 'ETHUSDT',
        side: 'SHORT',
        entryPrice: 3000,
        stopLoss: 3030,
      }),
    );
    journal.recordStopMove({
      atMs: T0 + 20 * MIN,
      positionId: 'p1',
      symbol: 'BTCUSDT',
      oldStop: 49_500,
      newStop: 50_050,
      rule: 'BREAK_EVEN',
      reason: 'be',
    });
    expect(journal.openPositions().map((p) => [p.positionId, p.stopLoss])).toEqual([
      ['p1', 50_050],
      ['p2', 3030],
    ]);
    journal.recordPositionClose(stubs.positionClose());
    expect(journal.openPositions().map((p) => p.positionId)).toEqual(['p2']);
  });

  it('refuses to close a position that was never opened, or to close one twice', () => {
    expect(() => journal.recordPositionClose(stubs.positionClose({ positionId: 'nope' }))).toThrow(
      /never|no position/,
    );
    journal.recordPositionOpen(stubs.positionOpen());
    journal.recordPositionClose(stubs.positionClose());
    expect(() => journal.recordPositionClose(stubs.positionClose())).toThrow(JournalWriteError);
  });

  it('keeps the position manager state per position across a reopen, and drops it at close', () => {
    journal.recordPositionOpen(stubs.positionOpen());
    journal.savePositionManagerState({
      positionId: 'p1',
      symbol: 'BTCUSDT',
      updatedAtMs: T0,
      state: { bestPrice: 50_100 },
    });
    journal.savePositionManagerState({
      positionId: 'p1',
      symbol: 'BTCUSDT',
      updatedAtMs: T0 + 1,
      state: { bestPrice: 50_900, lockStep: 1 },
    });
    journal.close();
    journal = openJournal(temp.file);
    expect(journal.loadPositionManagerStates()).toEqual([
      { positionId: 'p1', symbol: 'BTCUSDT', updatedAtMs: T0 + 1, state: { bestPrice: 50_900, lockStep: 1 } },
    ]);
    journal.recordPositionClose(stubs.positionClose());
    expect(journal.loadPositionManagerStates()).toEqual([]);
  });
});

describe('one decision per symbol per cycle', () => {
  it('refuses a second decision for the same symbol in the same cycle, and lists what a cycle already has', () => {
    journal.recordDecision(stubs.decision());
    const eth = journal.recordDecision(stubs.openDecision('LONG', { symbol: 'ETHUSDT' }));
    expect(() => journal.recordDecision(stubs.decision())).toThrow(
      /already journaled in this cycle \(one per symbol per cycle\)/,
    );
    expect(journal.decisionsInCycle('c1')).toEqual([
      { decisionId: 1, symbol: 'BTCUSDT', promptVersion: 'v3_neutral', action: 'HOLD', orderIds: [] },
      {
        decisionId: eth,
        symbol: 'ETHUSDT',
        promptVersion: 'v3_neutral',
        action: 'OPEN_LONG',
        orderIds: ['c1-ETHUSDT-entry'],
      },
    ]);
    expect(journal.decisionsInCycle('c2')).toEqual([]);
  });
});

describe('atomically', () => {
  it('commits a decision and its order intent together, or neither when one fails', () => {
    expect(() =>
      journal.atomically(() => {
        const decisionId = journal.recordDecision(stubs.openDecision('LONG'));
        journal.recordOrderEvent({ ...stubs.orderEvent({ decisionId }), qty: Number.NaN });
      }),
    ).toThrow(/qty must be a finite number/);
    expect(databaseOf(journal).prepare('SELECT COUNT(*) FROM decisions').pluck().get()).toBe(0);
    journal.atomically(() => {
      const decisionId = journal.recordDecision(stubs.openDecision('LONG'));
      journal.recordOrderEvent(stubs.orderEvent({ decisionId }));
    });
    expect(journal.findOrder('c1-BTCUSDT-entry')?.decisionId).toBe(
      journal.decisionsInCycle('c1')[0]?.decisionId,
    );
  });
});
