import { exitSide, type Verdict } from '../domain/index.ts';
import type { ValidAccount, ValidProposal } from './input.ts';

export class AmbiguousPositionError extends Error {
  override readonly name = 'AmbiguousPositionError';
}

/**
 * CLOSE is allowed in every trading state when a position exists: a reduce-only MARKET order for
 * the whole position. Without a position it is NO_POSITION (a pending entry is not a position:
 * cancelling it is the executor's job, not a close).
 */
export function evaluateClose(proposal: ValidProposal, account: ValidAccount): Verdict {
  const base = { symbol: proposal.symbol, proposedAction: proposal.action, adjustments: [] };
  const positions = account.positions.filter((p) => p.symbol === proposal.symbol);
  const [position] = positions;
  if (position === undefined) return { ...base, action: 'HOLD', blockedBy: ['NO_POSITION'] };
  if (positions.length > 1) {
    throw new AmbiguousPositionError(
      `${positions.length} positions reported on ${proposal.symbol}: Warden trades one-way mode (one position per symbol)`,
    );
  }
  const notionalUsdt = position.qty * position.markPrice;
  return {
    ...base,
    action: 'CLOSE',
    blockedBy: [],
    order: {
      symbol: position.symbol,
      side: exitSide(position.side),
      type: 'MARKET',
      qty: position.qty,
      price: position.markPrice,
      stopLoss: null,
      takeProfit: null,
      leverage: position.leverage ?? 1,
      notionalUsdt,
      marginUsdt: 0,
      riskUsdt: 0,
      reduceOnly: true,
    },
  };
}
