import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recentCloses } from '../../../src/engine/recent-closes.ts';
import { type Journal, openJournal, QueryService } from '../../../src/journal/index.ts';
import { databaseOf, JournalLookups } from '../../../src/journal/lookups.ts';
import { MIN, stubs, T0, tempJournalPath } from './stubs.ts';

/**
 * The writer journal keeps its open positions in memory and the engine keeps its recent closes
 * between cycles; both must always equal what a fresh SQL read of the file returns.
 */

const DAY = 1440 * MIN;

/** Straight from SQL, no cache: the truth the cached reads are held to. */
function sqlOpenPositions(j: Journal) {
  return new JournalLookups(databaseOf(j)).openPositions();
}

function sqlRecentCloses(j: Journal, nowMs: number) {
  return new QueryService(j)
    .closedTrades({ fromMs: nowMs - 3 * DAY, toMs: nowMs + 1, limit: 500 })
    .items.map((t) => ({
      symbol: t.symbol,
      side: t.side,
      closedAtMs: t.closedAtMs,
      realizedPnlUsdt: t.netPnlUsdt,
    }));
}

type Step =
  | { kind: 'open'; symbol: 'BTCUSDT' | 'ETHUSDT' }
  | { kind: 'stop'; pick: number; stop: number }
  | { kind: 'close'; pick: number; pnl: number }
  | { kind: 'funding'; pick: number; amount: number }
  | { kind: 'rolled-back-open' }
  | { kind: 'wait'; minutes: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('open' as const),
    symbol: fc.constantFrom('BTCUSDT' as const, 'ETHUSDT' as const),
  }),
  fc.record({
    kind: fc.constant('stop' as const),
    pick: fc.nat(),
    stop: fc.integer({ min: 40_000, max: 49_999 }),
  }),
  fc.record({
    kind: fc.constant('close' as const),
    pick: fc.nat(),
    pnl: fc.integer({ min: -500, max: 500 }),
  }),
  fc.record({
    kind: fc.constant('funding' as const),
    pick: fc.nat(),
    amount: fc.integer({ min: -50, max: 50 }),
  }),
  fc.record({ kind: fc.constant('rolled-back-open' as const) }),
  fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 2 * 1440 }) }),
);

describe('journal read caches', () => {
  it('open positions and recent closes always equal a fresh SQL read, whatever was written in between', () => {
    const temp = tempJournalPath();
    const journal = openJournal(temp.file);
    journal.recordCycleStart(stubs.cycle());
    let run = 0;
    try {
      fc.assert(
        fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
          run += 1;
          let nowMs = T0 + run * 1000 * DAY;
          let seq = 0;
          const open: string[] = [];
          const closed: string[] = [];
          for (const s of steps) {
            nowMs += MIN;
            if (s.kind === 'open') {
              const positionId = `r${run}-p${seq++}`;
              journal.recordPositionOpen(
                stubs.positionOpen({ positionId, symbol: s.symbol, openedAtMs: nowMs }),
              );
              open.push(positionId);
            } else if (s.kind === 'stop' && open.length > 0) {
              const positionId = open[s.pick % open.length] as string;
              journal.recordStopMove({
                atMs: nowMs,
                positionId,
                symbol: 'BTCUSDT',
                oldStop: null,
                newStop: s.stop,
                rule: 'TRAILING',
                reason: 'test',
              });
            } else if (s.kind === 'close' && open.length > 0) {
              const [positionId] = open.splice(s.pick % open.length, 1) as [string];
              journal.recordPositionClose(
                stubs.positionClose({ positionId, closedAtMs: nowMs, grossPnlUsdt: s.pnl / 100 }),
              );
              closed.push(positionId);
            } else if (s.kind === 'funding' && open.length + closed.length > 0) {
              // On a closed position it changes that trade's net PnL; on an open one, nothing closed yet.
              const fundable = [...closed, ...open];
              journal.recordFunding({
                atMs: nowMs,
                symbol: 'BTCUSDT',
                positionId: fundable[s.pick % fundable.length] as string,
                rate: 0.0001,
                positionValueUsdt: 50,
                amountUsdt: s.amount / 1000,
              });
            } else if (s.kind === 'rolled-back-open') {
              expect(() =>
                journal.atomically(() => {
                  journal.recordPositionOpen(
                    stubs.positionOpen({ positionId: `r${run}-gone${seq++}`, openedAtMs: nowMs }),
                  );
                  expect(journal.openPositions().some((p) => p.positionId.includes('gone'))).toBe(true);
                  throw new Error('roll back');
                }),
              ).toThrow('roll back');
            } else if (s.kind === 'wait') {
              nowMs += s.minutes * MIN;
            }
            const cached = journal.openPositions();
            expect(cached).toEqual(sqlOpenPositions(journal));
            // A caller changing what it got does not change the journal's answer.
            if (cached[0]) cached[0].stopLoss = -1;
            expect(journal.openPositions()).toEqual(sqlOpenPositions(journal));
            expect(recentCloses(journal, nowMs)).toEqual(sqlRecentCloses(journal, nowMs));
          }
          for (const positionId of open) {
            journal.recordPositionClose(stubs.positionClose({ positionId, closedAtMs: nowMs + MIN }));
          }
          expect(journal.openPositions()).toEqual([]);
        }),
        { numRuns: 60 },
      );
    } finally {
      journal.close();
      temp.remove();
    }
  });
});
