/** What the decider proposes for one symbol (SPEC section 3). Untrusted until the gate has seen it. */
export const ACTIONS = ['OPEN_LONG', 'OPEN_SHORT', 'CLOSE', 'HOLD'] as const;
export type Action = (typeof ACTIONS)[number];

export const ENTRY_TYPES = ['LIMIT', 'MARKET'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

export interface Proposal {
  symbol: string;
  action: Action;
  /** 0–100; a missing confidence counts as 0 for the leverage caps. */
  confidence?: number | null;
  leverage?: number | null;
  /** Advisory only: never used for sizing. */
  sizePct?: number | null;
  entryType?: EntryType | null;
  entryPrice?: number | null;
  /** Stop distance as a fraction of entry (0.01 = 1%). */
  slPct?: number | null;
  /** Take-profit distance as a fraction of entry. */
  tpPct?: number | null;
  rationale?: string | null;
}

export function isOpenAction(action: Action): action is 'OPEN_LONG' | 'OPEN_SHORT' {
  return action === 'OPEN_LONG' || action === 'OPEN_SHORT';
}

/** A proposal that says nothing but its symbol and action: every field null. */
export function blankProposal<A extends Action>(symbol: string, action: A) {
  return {
    symbol,
    action,
    confidence: null,
    leverage: null,
    sizePct: null,
    entryType: null,
    entryPrice: null,
    slPct: null,
    tpPct: null,
    rationale: null,
  };
}
