import { Decimal } from 'decimal.js';
import type { BlockReason, EntryType, PositionSide } from '../domain/index.ts';
import type { OpenContext } from './context.ts';
import { roundDownToStep, roundUpToStep } from './rounding.ts';

/** The prices of a planned open, already on the tick, or the reasons they cannot be planned. */
export interface PlannedPrices {
  entryType: EntryType;
  /** null when no valid entry price exists (INVALID_ENTRY_PRICE). */
  entryPrice: number | null;
  /** null when no valid stop exists. */
  stopLoss: number | null;
  /** Real distance of the rounded stop, as a fraction of the rounded entry. */
  stopDistancePct: number | null;
  takeProfit: number | null;
  blockedBy: BlockReason[];
}

const isPositiveFinite = (v: number | null): v is number => v !== null && Number.isFinite(v) && v > 0;

/** LIMIT needs its own price; MARKET is sized at the mark. Never converted from one to the other. */
export function planEntryPrice(ctx: OpenContext, entryType: EntryType): number | null {
  const tick = ctx.instrument?.tickSize ?? null;
  const raw = entryType === 'LIMIT' ? ctx.proposal.entryPrice : ctx.market.markPrice;
  if (!isPositiveFinite(raw)) return null;
  if (tick === null) return raw;
  // A buyer never pays more and a seller never receives less than proposed.
  const onTick = ctx.side === 'LONG' ? roundDownToStep(raw, tick) : roundUpToStep(raw, tick);
  return onTick > 0 ? onTick : null;
}

export function checkEntryPrice(
  ctx: OpenContext,
  entryType: EntryType,
  entry: number | null,
): BlockReason | null {
  if (entryType !== 'LIMIT') return null;
  if (entry === null) return 'INVALID_ENTRY_PRICE';
  const mark = ctx.market.markPrice;
  const deviationPct = Math.abs(entry - mark) / mark;
  return deviationPct <= ctx.limits.maxEntryDeviationPct ? null : 'INVALID_ENTRY_PRICE';
}

export function checkMarketEntryAllowed(ctx: OpenContext, entryType: EntryType): BlockReason | null {
  return entryType === 'MARKET' && !ctx.limits.allowMarketEntry ? 'MARKET_ENTRY_DISABLED' : null;
}

function distanceBounds(ctx: OpenContext, distancePct: number): BlockReason | null {
  if (distancePct < ctx.limits.minSlDistancePct) return 'SL_TOO_TIGHT';
  if (distancePct > ctx.limits.maxSlDistancePct) return 'SL_TOO_WIDE';
  return null;
}

/**
 * The stop is rounded to the tick TOWARD the entry, so the real distance never exceeds the
 * planned one; the distance checks and the risk use the rounded figures. It must also be on the
 * losing side of the mark.
 */
function planStop(ctx: OpenContext, side: PositionSide, entry: number | null) {
  const slPct = ctx.proposal.slPct;
  if (slPct === null) return { stopLoss: null, stopDistancePct: null, reason: 'MISSING_STOP_LOSS' as const };
  if (!Number.isFinite(slPct) || slPct <= 0) {
    return { stopLoss: null, stopDistancePct: null, reason: 'INVALID_STOP_LOSS' as const };
  }
  if (side === 'LONG' && slPct >= 1) {
    return { stopLoss: null, stopDistancePct: null, reason: 'INVALID_STOP_LOSS' as const };
  }
  if (entry === null || ctx.instrument === null) {
    // Nothing to place the stop against: judge the proposed distance alone.
    return { stopLoss: null, stopDistancePct: null, reason: distanceBounds(ctx, slPct) };
  }
  const tick = ctx.instrument.tickSize;
  const rawStop = new Decimal(entry).mul(side === 'LONG' ? 1 - slPct : 1 + slPct).toNumber();
  const stopLoss = side === 'LONG' ? roundUpToStep(rawStop, tick) : roundDownToStep(rawStop, tick);
  const onLosingSide = side === 'LONG' ? stopLoss < entry && stopLoss > 0 : stopLoss > entry;
  if (!onLosingSide) return { stopLoss: null, stopDistancePct: null, reason: 'SL_TOO_TIGHT' as const };
  // A LIMIT priced through the mark fills at once: a stop on the wrong side of the mark would fire at once.
  const mark = ctx.market.markPrice;
  if (side === 'LONG' ? stopLoss >= mark : stopLoss <= mark) {
    return { stopLoss: null, stopDistancePct: null, reason: 'INVALID_STOP_LOSS' as const };
  }
  const stopDistancePct = new Decimal(entry).minus(stopLoss).abs().div(entry).toNumber();
  return { stopLoss, stopDistancePct, reason: distanceBounds(ctx, stopDistancePct) };
}

/**
 * Take-profit is optional; when given it must land on the winning side of the entry (after rounding
 * toward it) and of the mark (else it would fire at once).
 */
function planTakeProfit(ctx: OpenContext, side: PositionSide, entry: number | null) {
  const tpPct = ctx.proposal.tpPct;
  if (tpPct === null) return { takeProfit: null, reason: null };
  if (!Number.isFinite(tpPct) || tpPct <= 0 || (side === 'SHORT' && tpPct >= 1)) {
    return { takeProfit: null, reason: 'INVALID_TAKE_PROFIT' as const };
  }
  if (entry === null || ctx.instrument === null) return { takeProfit: null, reason: null };
  const tick = ctx.instrument.tickSize;
  const raw = new Decimal(entry).mul(side === 'LONG' ? 1 + tpPct : 1 - tpPct).toNumber();
  const takeProfit = side === 'LONG' ? roundDownToStep(raw, tick) : roundUpToStep(raw, tick);
  const mark = ctx.market.markPrice;
  const onWinningSide =
    side === 'LONG'
      ? takeProfit > entry && takeProfit > mark
      : takeProfit < entry && takeProfit < mark && takeProfit > 0;
  return onWinningSide
    ? { takeProfit, reason: null }
    : { takeProfit: null, reason: 'INVALID_TAKE_PROFIT' as const };
}

export function planPrices(ctx: OpenContext): PlannedPrices {
  const entryType: EntryType = ctx.proposal.entryType ?? 'LIMIT';
  const entryPrice = planEntryPrice(ctx, entryType);
  const blockedBy: BlockReason[] = [];
  const push = (reason: BlockReason | null) => {
    if (reason !== null) blockedBy.push(reason);
  };
  const entryReason = checkEntryPrice(ctx, entryType, entryPrice);
  push(entryReason);
  push(checkMarketEntryAllowed(ctx, entryType));
  // Without a usable entry the stop and take-profit are judged on their proposed distances alone.
  const usableEntry = entryReason === null ? entryPrice : null;
  const stop = planStop(ctx, ctx.side, usableEntry);
  push(stop.reason);
  const tp = planTakeProfit(ctx, ctx.side, usableEntry);
  push(tp.reason);
  return {
    entryType,
    entryPrice: usableEntry,
    stopLoss: stop.stopLoss,
    stopDistancePct: stop.stopDistancePct,
    takeProfit: tp.takeProfit,
    blockedBy,
  };
}
