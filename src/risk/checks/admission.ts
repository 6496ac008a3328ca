import type { BlockReason } from '../../domain/index.ts';
import type { OpenContext } from '../context.ts';
import { checkSetupScore } from './score.ts';

/** Admission checks for an open: may this symbol take new risk at all, right now? */

export function checkTradingState(ctx: OpenContext): BlockReason | null {
  if (ctx.account.tradingState === 'HALTED') return 'TRADING_HALTED';
  if (ctx.account.tradingState === 'REDUCING') return 'TRADING_REDUCING';
  return null;
}

export function checkSymbolAllowed(ctx: OpenContext): BlockReason | null {
  return ctx.limits.symbols.includes(ctx.proposal.symbol) ? null : 'SYMBOL_NOT_ALLOWED';
}

export function checkInstrumentKnown(ctx: OpenContext): BlockReason | null {
  if (ctx.instrument === null) return 'INSTRUMENT_UNKNOWN';
  return ctx.instrument.symbol === ctx.proposal.symbol ? null : 'INSTRUMENT_UNKNOWN';
}

export function checkOnePerSymbol(ctx: OpenContext): BlockReason | null {
  const symbol = ctx.proposal.symbol;
  const busy =
    ctx.account.positions.some((p) => p.symbol === symbol) ||
    ctx.account.pendingEntries.some((e) => e.symbol === symbol);
  return busy ? 'SYMBOL_ALREADY_OPEN' : null;
}

export function checkPositionCount(ctx: OpenContext): BlockReason | null {
  const used = ctx.account.positions.length + ctx.account.pendingEntries.length;
  return used < ctx.limits.maxOpenPositions ? null : 'MAX_POSITIONS_REACHED';
}

const MINUTE_MS = 60_000;

/**
 * After a close on the symbol: the same side waits COOLDOWN_SAME_SIDE_MINUTES, the opposite side
 * COOLDOWN_OPPOSITE_SIDE_MINUTES. A close time in the future (clock disagreement) counts as just now.
 */
export function checkCooldown(ctx: OpenContext): BlockReason | null {
  const { nowMs } = ctx.market;
  for (const close of ctx.account.recentCloses) {
    if (close.symbol !== ctx.proposal.symbol) continue;
    const minutes =
      close.side === ctx.side ? ctx.limits.cooldownSameSideMinutes : ctx.limits.cooldownOppositeSideMinutes;
    const sinceMs = Math.max(0, nowMs - close.closedAtMs);
    if (sinceMs < minutes * MINUTE_MS) return 'COOLDOWN_ACTIVE';
  }
  return null;
}

/**
 * "No older than two decision periods", measured from the candle's CLOSE (open time + one
 * period): that is when its data became known. A candle opening after `nowMs` means the clocks
 * disagree, which is refused as well.
 */
export function checkFreshData(ctx: OpenContext): BlockReason | null {
  const periodMs = ctx.limits.decisionTimeframeMs;
  const { nowMs, lastClosedCandleMs } = ctx.market;
  if (lastClosedCandleMs > nowMs) return 'STALE_MARKET_DATA';
  const ageMs = nowMs - (lastClosedCandleMs + periodMs);
  return ageMs > 2 * periodMs ? 'STALE_MARKET_DATA' : null;
}

/** May this symbol take new risk at all, right now: every check that reads no price or stop. */
export const ADMISSION_CHECKS = [
  checkTradingState,
  checkSymbolAllowed,
  checkInstrumentKnown,
  checkOnePerSymbol,
  checkPositionCount,
  checkCooldown,
  checkFreshData,
  checkSetupScore,
] as const;
