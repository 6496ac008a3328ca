import type { BlockReason } from './block-reasons.ts';
import type { OrderSide } from './position.ts';
import type { Action, EntryType } from './proposal.ts';

/** One clamp the gate applied, with the value before and after. */
export interface Adjustment {
  field: string;
  before: number | string | null;
  after: number | string | null;
  reason: string;
}

/** The exact order the gate approved for an open, or the reduce-only close. */
export interface OrderIntent {
  symbol: string;
  side: OrderSide;
  type: EntryType;
  qty: number;
  /** Limit price; for MARKET the reference (touch or mark) price used for sizing. */
  price: number;
  /**
   * An open's price it can really fill at (a resting LIMIT: its price; MARKET or a LIMIT crossing
   * the book: the touch). Stop distance, take-profit, sizing and risk are computed from it.
   */
  fillPrice?: number;
  stopLoss: number | null;
  takeProfit: number | null;
  leverage: number;
  notionalUsdt: number;
  marginUsdt: number;
  /** Planned loss at the stop, fees and slippage allowance included. */
  riskUsdt: number;
  reduceOnly: boolean;
}

export interface Verdict {
  symbol: string;
  /** The action proposed by the decider. */
  proposedAction: Action;
  /** The final action: the proposed one when approved, HOLD otherwise. */
  action: Action;
  blockedBy: BlockReason[];
  adjustments: Adjustment[];
  order?: OrderIntent;
  /** Confidence after the setup-score cap, used for the leverage caps. */
  effectiveConfidence?: number;
  /** The risk budget used for sizing, after dynamic limits and recovery sizing. */
  riskBudgetUsdt?: number;
  /** Human-readable detail for GATE_ERROR and other refusals. */
  detail?: string;
}
