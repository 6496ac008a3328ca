import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_REASONS, type BlockReason } from '../../../src/domain/index.ts';
import { openJournal, QueryService } from '../../../src/journal/index.ts';
import { MIN, stubs, T0, tempJournalPath } from './stubs.ts';

const decisionArb = fc.record({
  version: fc.constantFrom('vA', 'vB', 'vC'),
  kind: fc.constantFrom('hold', 'blocked', 'approved'),
  confidence: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  codes: fc.uniqueArray(fc.constantFrom(...BLOCK_REASONS), { minLength: 1, maxLength: 3 }),
  trade: fc.option(
    fc.record({
      gross: fc.double({ min: -5, max: 5, noNaN: true }),
      fees: fc.double({ min: 0, max: 0.5, noNaN: true }),
    }),
    {
      nil: null,
    },
  ),
});

describe('report invariants on random journals', () => {
  it('overall additive figures equal the sum over prompt versions, and every ratio stays within [0, 1]', () => {
    fc.assert(
      fc.property(fc.array(decisionArb, { minLength: 1, maxLength: 25 }), (decisions) => {
        const temp = tempJournalPath();
        const journal = openJournal(temp.file);
        try {
          decisions.forEach((d, i) => {
            const cycleId = `c${i}`;
            const atMs = T0 + i * 15 * MIN;
            journal.recordCycleStart(stubs.cycle({ cycleId, startedAtMs: atMs }));
            const base =
              d.kind === 'hold'
                ? stubs.decision({
                    proposal: { symbol: 'BTCUSDT', action: 'HOLD', confidence: d.confidence },
                  })
                : stubs.openDecision('LONG', {
                    proposal: { symbol: 'BTCUSDT', action: 'OPEN_LONG', confidence: d.confidence },
                  });
            const blockedBy: BlockReason[] = d.kind === 'blocked' ? d.codes : [];
            const id = journal.recordDecision({
              ...base,
              cycleId,
              atMs,
              promptVersion: d.version,
              action: d.kind === 'approved' ? 'OPEN_LONG' : 'HOLD',
              blockedBy,
            });
            if (d.kind === 'approved' && d.trade) {
              journal.recordPositionOpen(
                stubs.positionOpen({ positionId: `p${i}`, decisionId: id, openedAtMs: atMs + MIN }),
              );
              journal.recordPositionClose(
                stubs.positionClose({
                  positionId: `p${i}`,
                  closedAtMs: atMs + 2 * MIN,
                  grossPnlUsdt: d.trade.gross,
                  feesUsdt: d.trade.fees,
                }),
              );
            }
          });
          const report = new QueryService(journal).report();
          const { overall, byPromptVersion } = report;
          const total = (pick: (f: typeof overall) => number) =>
            byPromptVersion.reduce((s, f) => s + pick(f), 0);
          expect(total((f) => f.decisions)).toBe(decisions.length);
          expect(overall.decisions).toBe(decisions.length);
          expect(total((f) => f.holdDecisions)).toBe(overall.holdDecisions);
          expect(total((f) => f.blockedDecisions)).toBe(overall.blockedDecisions);
          expect(total((f) => f.closedTrades)).toBe(overall.closedTrades);
          expect(total((f) => f.wins)).toBe(overall.wins);
          expect(total((f) => f.netPnlUsdt)).toBeCloseTo(overall.netPnlUsdt, 9);
          for (const code of Object.keys(overall.blockedByConstraint)) {
            expect(total((f) => f.blockedByConstraint[code] ?? 0)).toBe(overall.blockedByConstraint[code]);
          }
          for (const f of [overall, ...byPromptVersion]) {
            expect(f.holdDecisions).toBe(f.decisions - f.approvedOpens);
            const inBuckets = f.calibration.reduce((s, b) => s + b.trades, 0);
            expect(inBuckets + f.tradesWithoutConfidence).toBe(f.closedTrades);
            for (const ratio of [f.winRate, f.limitFillRate, ...f.calibration.map((b) => b.winRate)]) {
              if (ratio !== null) expect(ratio >= 0 && ratio <= 1).toBe(true);
            }
            if (f.maxDrawdownUsdt !== null) expect(f.maxDrawdownUsdt).toBeGreaterThanOrEqual(0);
          }
        } finally {
          journal.close();
          temp.remove();
        }
      }),
      { numRuns: 25 },
    );
  });
});
