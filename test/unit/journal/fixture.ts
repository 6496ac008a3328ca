import type { BlockReason, DecisionRecord } from '../../../src/domain/index.ts';
import type { Journal } from '../../../src/journal/index.ts';
import { MIN, stubs, T0 } from './stubs.ts';

/**
 * A small journal whose SPEC section 8 figures are worked out by hand in queries.test.ts.
 * Two prompt versions (vA, vB), three cycles, four closed trades (one adopted), five LIMIT entries.
 */
export function buildKnownJournal(journal: Journal): void {
  for (const [i, id] of ['c1', 'c2', 'c3'].entries()) {
    journal.recordCycleStart(
      stubs.cycle({ cycleId: id, startedAtMs: T0 + i * 15 * MIN, promptVersions: ['vA', 'vB'] }),
    );
  }
  const at = (cycle: string) => T0 + (Number(cycle.slice(1)) - 1) * 15 * MIN + 1000;
  const hold = (
    cycle: string,
    symbol: string,
    version: string,
    confidence: number | null,
    blockedBy: BlockReason[],
  ) =>
    journal.recordDecision(
      stubs.decision({
        atMs: at(cycle),
        cycleId: cycle,
        symbol,
        promptVersion: version,
        proposal: { symbol, action: 'HOLD', confidence },
        blockedBy,
      }),
    );
  const blocked = (
    cycle: string,
    symbol: string,
    version: string,
    confidence: number,
    blockedBy: BlockReason[],
  ) =>
    journal.recordDecision({
      ...stubs.openDecision('LONG', { symbol }),
      atMs: at(cycle),
      cycleId: cycle,
      promptVersion: version,
      proposal: { symbol, action: 'OPEN_LONG', confidence },
      action: 'HOLD',
      blockedBy,
      orderIds: [],
    });
  const approved = (
    cycle: string,
    symbol: string,
    version: string,
    side: 'LONG' | 'SHORT',
    confidence: number,
  ) => {
    const base: DecisionRecord = stubs.openDecision(side, { symbol });
    return journal.recordDecision({
      ...base,
      atMs: at(cycle),
      cycleId: cycle,
      promptVersion: version,
      proposal: { ...base.proposal, confidence },
      orderIds: [`${cycle}-${symbol}`],
    });
  };
  const order = (
    decisionId: number,
    cycle: string,
    symbol: string,
    type: 'LIMIT' | 'MARKET',
    states: [
      'SUBMITTED' | 'OPEN' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELLED' | 'EXPIRED' | 'REJECTED',
      number,
    ][],
  ) => {
    const clientOrderId = `${cycle}-${symbol}`;
    journal.recordOrderEvent(
      stubs.orderEvent({ clientOrderId, symbol, type, decisionId, cycleId: cycle, atMs: at(cycle) + 100 }),
    );
    for (const [state, offsetMs] of states) {
      journal.recordOrderEvent({ clientOrderId, state, atMs: at(cycle) + offsetMs });
    }
  };

  // c1
  const d1 = approved('c1', 'BTCUSDT', 'vA', 'LONG', 72);
  order(d1, 'c1', 'BTCUSDT', 'LIMIT', [
    ['SUBMITTED', 200],
    ['OPEN', 300],
    ['FILLED', 60_000],
  ]);
  hold('c1', 'ETHUSDT', 'vA', 30, []);
  blocked('c1', 'SOLUSDT', 'vB', 55, ['SL_TOO_WIDE', 'LOW_SETUP_SCORE']);
  // c2
  blocked('c2', 'BTCUSDT', 'vA', 80, ['SYMBOL_ALREADY_OPEN', 'LOW_SETUP_SCORE']);
  const d5 = approved('c2', 'ETHUSDT', 'vB', 'SHORT', 88);
  order(d5, 'c2', 'ETHUSDT', 'LIMIT', [
    ['SUBMITTED', 200],
    ['PARTIALLY_FILLED', 30_000],
    ['FILLED', 60_000],
  ]);
  hold('c2', 'SOLUSDT', 'vB', null, ['AI_INVALID_OUTPUT']);
  // c3
  const d7 = approved('c3', 'BTCUSDT', 'vA', 'LONG', 58);
  order(d7, 'c3', 'BTCUSDT', 'LIMIT', [
    ['SUBMITTED', 200],
    ['OPEN', 300],
    ['CANCELLED', 1_800_000],
  ]);
  const d8 = approved('c3', 'ETHUSDT', 'vA', 'SHORT', 65);
  order(d8, 'c3', 'ETHUSDT', 'LIMIT', [
    ['SUBMITTED', 200],
    ['OPEN', 300],
  ]);
  const d9 = approved('c3', 'XRPUSDT', 'vB', 'LONG', 85);
  order(d9, 'c3', 'XRPUSDT', 'MARKET', [
    ['SUBMITTED', 200],
    ['FILLED', 300],
  ]);
  const d10 = approved('c3', 'SOLUSDT', 'vB', 'LONG', 60);
  order(d10, 'c3', 'SOLUSDT', 'LIMIT', [
    ['SUBMITTED', 200],
    ['REJECTED', 300],
  ]);

  const position = (
    positionId: string,
    symbol: string,
    side: 'LONG' | 'SHORT',
    qty: number,
    entryPrice: number,
    decisionId: number | null,
    openedMin: number,
    closedMin: number,
    grossPnlUsdt: number,
    feesUsdt: number,
  ) => {
    journal.recordPositionOpen(
      stubs.positionOpen({
        positionId,
        symbol,
        side,
        qty,
        entryPrice,
        decisionId,
        openedAtMs: T0 + openedMin * MIN,
      }),
    );
    journal.recordPositionClose(
      stubs.positionClose({
        positionId,
        qty,
        exitPrice: entryPrice,
        closedAtMs: T0 + closedMin * MIN,
        grossPnlUsdt,
        feesUsdt,
      }),
    );
  };
  const funding = (positionId: string | null, symbol: string, atMin: number, amountUsdt: number) =>
    journal.recordFunding({
      atMs: T0 + atMin * MIN,
      symbol,
      positionId,
      rate: 0.0001,
      positionValueUsdt: 50,
      amountUsdt,
    });

  funding(null, 'BTCUSDT', 30, -0.005);
  funding('pA', 'BTCUSDT', 38, -0.01);
  funding('pB', 'ETHUSDT', 48, 0.02);
  position('pA', 'BTCUSDT', 'LONG', 0.001, 50_000, d1, 2, 40, 1.0, 0.06);
  position('pD', 'DOGEUSDT', 'LONG', 100, 0.4, null, 1, 45, 0.5, 0.02);
  position('pB', 'ETHUSDT', 'SHORT', 0.01, 3000, d5, 20, 50, -0.3, 0.03);
  position('pC', 'XRPUSDT', 'LONG', 10, 2, d9, 35, 55, 0.1, 0.1);

  for (const [k, equityUsdt] of [100, 101, 99.5, 102, 100.98, 103].entries()) {
    journal.recordEquity({
      atMs: T0 + k * 10 * MIN,
      equityUsdt,
      walletBalanceUsdt: equityUsdt,
      availableUsdt: 90,
      unrealisedPnlUsdt: 0,
    });
  }
  journal.recordStopMove({
    atMs: T0 + 10 * MIN,
    positionId: 'pA',
    symbol: 'BTCUSDT',
    oldStop: 49_500,
    newStop: 50_050,
    rule: 'BREAK_EVEN',
    reason: 'be',
  });
  journal.recordStopMove({
    atMs: T0 + 12 * MIN,
    positionId: 'pA',
    symbol: 'BTCUSDT',
    oldStop: 50_050,
    newStop: 50_250,
    rule: 'PROFIT_LOCK',
    reason: 'lock',
  });
  journal.recordStopMove({
    atMs: T0 + 22 * MIN,
    positionId: 'pB',
    symbol: 'ETHUSDT',
    oldStop: 3030,
    newStop: 3000,
    rule: 'BREAK_EVEN',
    reason: 'be',
  });
  journal.recordEvent({ atMs: T0, kind: 'cycle.slow', severity: 'warn', message: 'slow cycle' });
  journal.recordEvent({ atMs: T0 + 1, kind: 'ws.reconnected', severity: 'info', message: 'reconnected' });
  journal.recordEvent({
    atMs: T0 + 2,
    kind: 'exchange.error',
    severity: 'error',
    message: 'timeout',
    detail: { code: 10006 },
  });
}
