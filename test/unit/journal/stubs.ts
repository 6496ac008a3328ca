import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
  CycleStartRecord,
  DecisionRecord,
  OrderEventRecord,
  PositionCloseRecord,
  PositionOpenRecord,
} from '../../../src/domain/index.ts';

/** A fresh temp folder per test; remove() deletes it. */
export function tempJournalPath(): { file: string; dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-journal-'));
  return {
    dir,
    file: path.join(dir, 'journal.db'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const T0 = Date.UTC(2025, 0, 1, 0, 0, 0);
export const MIN = 60_000;

export const stubs = {
  cycle(overrides: Partial<CycleStartRecord> = {}): CycleStartRecord {
    return {
      cycleId: 'c1',
      startedAtMs: T0,
      mode: 'paper',
      promptVersions: ['v3_neutral'],
      symbols: ['BTCUSDT', 'ETHUSDT'],
      candleOpenMs: T0 - 15 * MIN,
      ...overrides,
    };
  },

  /** A HOLD by default; pass `open: 'LONG'` style overrides through the fields. */
  decision(overrides: Partial<DecisionRecord> = {}): DecisionRecord {
    const symbol = overrides.symbol ?? 'BTCUSDT';
    return {
      atMs: T0 + 1000,
      cycleId: 'c1',
      symbol,
      proposal: { symbol, action: 'HOLD', confidence: 40, rationale: 'no edge' },
      proposalReceived: { symbol, action: 'HOLD', confidence: 40, rationale: 'no edge' },
      action: 'HOLD',
      finalLeverage: null,
      inputSnapshot: {
        entryPrice: null,
        slPct: null,
        tpPct: null,
        leverage: null,
        entryType: null,
        walletAvailableUsdt: 100,
        equityUsdt: 100,
        positionsOpen: 0,
        pendingEntries: 0,
        markPrice: 50_000,
        tradingState: 'ACTIVE',
      },
      promptVersion: 'v3_neutral',
      provider: 'baseline',
      model: 'baseline-1',
      blockedBy: [],
      adjustments: [],
      order: null,
      regime: 'RANGE',
      preScore: 30,
      rangeScore: 55,
      orderIds: [],
      latencyMs: 12,
      modelCallId: null,
      promptHash: null,
      responseHash: null,
      ...overrides,
    };
  },

  openDecision(side: 'LONG' | 'SHORT', overrides: Partial<DecisionRecord> = {}): DecisionRecord {
    const action = side === 'LONG' ? 'OPEN_LONG' : 'OPEN_SHORT';
    const symbol = overrides.symbol ?? 'BTCUSDT';
    const proposal = {
      symbol,
      action,
      confidence: 70,
      leverage: 8,
      sizePct: 0.2,
      entryType: 'LIMIT',
      entryPrice: 50_000,
      slPct: 0.01,
      tpPct: 0.02,
      rationale: 'trend up',
    } as const;
    return stubs.decision({
      symbol,
      proposal,
      proposalReceived: proposal,
      action,
      finalLeverage: 5,
      inputSnapshot: {
        entryPrice: 50_000,
        slPct: 0.01,
        tpPct: 0.02,
        leverage: 8,
        entryType: 'LIMIT',
        walletAvailableUsdt: 100,
        equityUsdt: 100,
        positionsOpen: 0,
        pendingEntries: 0,
        markPrice: 50_010,
        tradingState: 'ACTIVE',
      },
      orderIds: [`c1-${symbol}-entry`],
      ...overrides,
    });
  },

  orderEvent(overrides: Partial<OrderEventRecord> = {}): OrderEventRecord {
    return {
      atMs: T0 + 2000,
      clientOrderId: 'c1-BTCUSDT-entry',
      state: 'INTENT',
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      role: 'ENTRY',
      qty: 0.001,
      price: 50_000,
      stopLoss: 49_500,
      takeProfit: 51_000,
      reduceOnly: false,
      ...overrides,
    };
  },

  positionOpen(overrides: Partial<PositionOpenRecord> = {}): PositionOpenRecord {
    return {
      positionId: 'p1',
      openedAtMs: T0 + 5 * MIN,
      symbol: 'BTCUSDT',
      side: 'LONG',
      qty: 0.001,
      entryPrice: 50_000,
      stopLoss: 49_500,
      takeProfit: 51_000,
      leverage: 5,
      entryClientOrderId: 'c1-BTCUSDT-entry',
      decisionId: null,
      ...overrides,
    };
  },

  positionClose(overrides: Partial<PositionCloseRecord> = {}): PositionCloseRecord {
    return {
      positionId: 'p1',
      closedAtMs: T0 + 60 * MIN,
      exitPrice: 51_000,
      qty: 0.001,
      exitReason: 'TAKE_PROFIT',
      grossPnlUsdt: 1,
      feesUsdt: 0.05,
      ...overrides,
    };
  },
};
