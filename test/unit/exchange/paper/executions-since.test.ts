import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PaperAccount } from '../../../../src/exchange/paper/state.ts';
import type { PaperExecution } from '../../../../src/exchange/paper/types.ts';

const execution = (i: number, symbol: string, timeMs: number): PaperExecution =>
  ({
    execId: `e${i}`,
    symbol,
    timeMs,
    kind: 'TRADE',
    side: 'BUY',
    price: 100,
    qty: 1,
    feeUsdt: 0,
    isMaker: false,
    orderId: `o${i}`,
    clientOrderId: '',
    closedQty: 0,
    realisedPnlUsdt: 0,
  }) as unknown as PaperExecution;

describe('paper executions by symbol since a time', () => {
  it('equal a plain filter of every execution, in time order or not', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ symbol: fc.constantFrom('BTCUSDT', 'ETHUSDT'), step: fc.integer({ min: -2, max: 5 }) }),
          {
            maxLength: 60,
          },
        ),
        fc.option(fc.integer({ min: -5, max: 200 }), { nil: null }),
        (steps, sinceMs) => {
          const ledger = new PaperAccount(100);
          let t = 0;
          steps.forEach((s, i) => {
            t += s.step;
            ledger.record(execution(i, s.symbol, t));
          });
          for (const symbol of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']) {
            const expected = ledger.executions.filter(
              (e) => e.symbol === symbol && (sinceMs === null || e.timeMs >= sinceMs),
            );
            expect(ledger.executionsOf(symbol, sinceMs)).toEqual(expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
