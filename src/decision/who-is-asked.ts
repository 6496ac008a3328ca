import type { AccountSnapshot, BlockReason } from '../domain/index.ts';

/** How a decision row the model was not asked about begins its detail text (docs/journal.md). */
export const NOT_ASKED = 'not asked';

export interface AskQuestion {
  symbol: string;
  account: AccountSnapshot;
  /** The day's AI budget is spent (the kill switch has the trading state at REDUCING or worse). */
  aiBudgetSpent: boolean;
  /** AI_SKIP_FUTILE: leave out flat symbols no answer could open. */
  skipFutile: boolean;
  /** The gate's reasons no open of the symbol can pass now (risk's reasonsNoOpenCanPass). */
  reasonsNoOpenCanPass: () => BlockReason[];
}

export interface NotAsked {
  codes: BlockReason[];
  detail: string;
}

/**
 * Why the model is not asked about a symbol this cycle, or null to ask. While the daily AI budget
 * is spent nobody is asked (open positions keep their exchange-side stops and the position
 * manager). Otherwise a symbol with a position or a pending entry is always asked (the model may
 * close it); a flat one is left out when the gate would refuse every possible open (AI_SKIP_FUTILE).
 */
export function whyNotAsked(q: AskQuestion): NotAsked | null {
  if (q.aiBudgetSpent) {
    return {
      codes: [q.account.tradingState === 'HALTED' ? 'TRADING_HALTED' : 'TRADING_REDUCING'],
      detail: `${NOT_ASKED}: the daily AI budget is spent; open positions are managed by their stops until the next UTC day`,
    };
  }
  if (!q.skipFutile) return null;
  const holds =
    q.account.positions.some((p) => p.symbol === q.symbol) ||
    q.account.pendingEntries.some((e) => e.symbol === q.symbol);
  if (holds) return null;
  const codes = q.reasonsNoOpenCanPass();
  if (codes.length === 0) return null;
  return { codes, detail: `${NOT_ASKED}: no answer could open ${q.symbol} now (${codes.join(', ')})` };
}
