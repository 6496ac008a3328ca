export const SIDES = ['LONG', 'SHORT'] as const;
export type PositionSide = (typeof SIDES)[number];

export const ORDER_SIDES = ['BUY', 'SELL'] as const;
export type OrderSide = (typeof ORDER_SIDES)[number];

export function entrySide(side: PositionSide): OrderSide {
  return side === 'LONG' ? 'BUY' : 'SELL';
}

export function exitSide(side: PositionSide): OrderSide {
  return side === 'LONG' ? 'SELL' : 'BUY';
}

/** An open position as the exchange reports it. */
export interface Position {
  symbol: string;
  side: PositionSide;
  qty: number;
  entryPrice: number;
  markPrice: number;
  /** null when no stop is known on the exchange. */
  stopLoss: number | null;
  takeProfit?: number | null;
  leverage?: number | null;
  liquidationPrice?: number | null;
  unrealisedPnlUsdt?: number | null;
  openedAtMs?: number | null;
}

/** A resting entry order that has not filled yet. */
export interface PendingEntry {
  symbol: string;
  side: PositionSide;
  qty: number;
  /** The LIMIT price; for a MARKET entry waiting for its fill, its reference price. */
  price: number;
  /** LIMIT when absent: a resting entry that fills as a maker. */
  entryType?: 'LIMIT' | 'MARKET';
  stopLoss: number | null;
  /** Risk planned when it was approved; recomputed from price and stop when absent. */
  plannedRiskUsdt?: number | null;
  createdAtMs?: number | null;
  orderLinkId?: string | null;
}

/** A closed position, used for cooldowns and recovery sizing. */
export interface ClosedTrade {
  symbol: string;
  side: PositionSide;
  closedAtMs: number;
  realizedPnlUsdt: number;
}
