import { ORDER_STATES, type OrderState } from '../domain/index.ts';

/**
 * The order lifecycle as an explicit state machine:
 *
 *   INTENT ─► SUBMITTED ─► OPEN ─► PARTIALLY_FILLED ─► FILLED
 *     │           │          │            │
 *     │           │          └────────────┴──► CANCELLED / EXPIRED
 *     │           └──► REJECTED
 *     └──► OUTCOME_UNKNOWN ──(client-id lookup only)──► any venue state
 *
 * INTENT may jump straight to a venue state: a process that died between sending and journaling
 * learns the order's fate from the venue by its client id. Terminal states never move again, and
 * the filled quantity never shrinks.
 */
const ALLOWED: Record<OrderState, readonly OrderState[]> = {
  INTENT: ORDER_STATES.filter((state) => state !== 'INTENT'),
  SUBMITTED: ['OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED', 'REJECTED'],
  OUTCOME_UNKNOWN: ['OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED', 'REJECTED'],
  OPEN: ['PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED', 'REJECTED'],
  PARTIALLY_FILLED: ['PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'EXPIRED'],
  FILLED: [],
  CANCELLED: [],
  EXPIRED: [],
  REJECTED: [],
};

export interface OrderProgress {
  state: OrderState;
  filledQty: number;
}

export type TransitionCheck = { legal: true } | { legal: false; reason: string };

export function isTerminalOrderState(state: OrderState): boolean {
  return ALLOWED[state].length === 0;
}

/** Whether an order may move from `current` (null: not journaled yet) to `next`. Pure. */
export function checkOrderTransition(current: OrderProgress | null, next: OrderProgress): TransitionCheck {
  if (current === null) {
    return next.state === 'INTENT'
      ? { legal: true }
      : { legal: false, reason: `the first step must be INTENT, not ${next.state}` };
  }
  if (!ALLOWED[current.state].includes(next.state)) {
    const why = isTerminalOrderState(current.state) ? ' (terminal)' : '';
    return { legal: false, reason: `${current.state}${why} cannot move to ${next.state}` };
  }
  if (next.filledQty < current.filledQty) {
    return {
      legal: false,
      reason: `filled quantity cannot shrink from ${current.filledQty} to ${next.filledQty}`,
    };
  }
  if (next.state === 'PARTIALLY_FILLED' && current.state === 'PARTIALLY_FILLED') {
    if (next.filledQty === current.filledQty) return { legal: false, reason: 'nothing changed' };
  }
  return { legal: true };
}
