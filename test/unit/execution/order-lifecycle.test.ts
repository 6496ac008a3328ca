import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORDER_STATES, type OrderState } from '../../../src/domain/index.ts';
import { checkOrderTransition, isTerminalOrderState } from '../../../src/execution/order-lifecycle.ts';

const at = (state: OrderState, filledQty = 0) => ({ state, filledQty });
type Progress = ReturnType<typeof at>;
const step = (current: Progress | null, next: Progress): Progress => {
  expect(checkOrderTransition(current, next)).toEqual({ legal: true });
  return next;
};

describe('order lifecycle', () => {
  it('walks the happy path intent → submitted → open → partially filled → filled', () => {
    let order = step(null, at('INTENT'));
    order = step(order, at('SUBMITTED'));
    order = step(order, at('OPEN'));
    order = step(order, at('PARTIALLY_FILLED', 0.001));
    order = step(order, at('PARTIALLY_FILLED', 0.002));
    order = step(order, at('FILLED', 0.003));
    expect(order).toEqual(at('FILLED', 0.003));
  });

  it('lets a partially filled entry be cancelled or expire with its filled quantity', () => {
    expect(checkOrderTransition(at('PARTIALLY_FILLED', 0.5), at('CANCELLED', 0.5)).legal).toBe(true);
    expect(checkOrderTransition(at('PARTIALLY_FILLED', 0.5), at('EXPIRED', 0.5)).legal).toBe(true);
  });

  it('resolves an unknown outcome to whatever the venue reports for the client id', () => {
    for (const next of ['OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'REJECTED'] as const) {
      expect(checkOrderTransition(at('OUTCOME_UNKNOWN'), at(next)).legal).toBe(true);
    }
  });

  it('lets an intent whose process died before journaling the submission jump to the venue state', () => {
    expect(checkOrderTransition(at('INTENT'), at('FILLED', 1)).legal).toBe(true);
  });

  it('refuses to start anywhere but INTENT', () => {
    const check = checkOrderTransition(null, at('OPEN'));
    expect(check).toEqual({ legal: false, reason: 'the first step must be INTENT, not OPEN' });
  });

  it('never moves a terminal order, whatever comes next', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ORDER_STATES.filter(isTerminalOrderState)),
        fc.constantFrom(...ORDER_STATES),
        (from, to) => !checkOrderTransition(at(from), at(to)).legal,
      ),
    );
  });

  it('never lets the filled quantity shrink', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<OrderState>('OPEN', 'PARTIALLY_FILLED', 'OUTCOME_UNKNOWN', 'SUBMITTED'),
        fc.constantFrom(...ORDER_STATES),
        fc.double({ min: 0.001, max: 10, noNaN: true }),
        (from, to, filled) => !checkOrderTransition(at(from, filled), at(to, filled / 2)).legal,
      ),
      { numRuns: 200 },
    );
  });

  it('refuses a submitted order going back to unknown or to intent', () => {
    expect(checkOrderTransition(at('SUBMITTED'), at('OUTCOME_UNKNOWN')).legal).toBe(false);
    expect(checkOrderTransition(at('OPEN'), at('INTENT')).legal).toBe(false);
    expect(() => step(at('FILLED', 1), at('CANCELLED', 1))).toThrow();
  });
});
