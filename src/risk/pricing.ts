import { Decimal } from 'decimal.js';
import type { BlockReason, EntryType, PositionSide } from '../domain/index.ts';
import type { OpenContext } from './context.ts';
import { roundDownToStep, roundUpToStep } from './rounding.ts';

/** The prices of a planned open, already on the tick, or the reasons they cannot be planned. */
export interface PlannedPrices {
  entryType: EntryType;
  /** The order's price: the LIMIT price, or for MARKET the reference it is sized at. null when invalid. */
  entryPrice: number | null;
  /**
   * The price the order can really fill at: a resting LIMIT at its price; a MARKET order or a LIMIT
   * that crosses the book at the touch (best ask for a buy, best bid for a sell; the mark when the
   * book is unknown). Stops, take-profit, sizing and risk are computed from it.
   */
  fillPrice: number | null;
  /** Fills at once as a taker: MARKET, or a LIMIT that crosses the book. */
  takesLiquidity: boolean;
  /** null when no valid stop exists. */
  stopLoss: number | null;
  /** Real distance of the rounded stop, as a fraction of the fill price. */
  stopDistancePct: number | null;
  takeProfit: number | null;
  blockedBy: BlockReason[];
  /** Why a price was refused, for the verdict. */
  detail: string | null;
}

const isPositiveFinite = (v: number | null | undefined): v is number =>
  v !== null && v !== undefined && Number.isFinite(v) && v > 0;

/** A buyer never pays more and a seller never receives less than the price it starts from. */
function onTick(ctx: OpenContext, raw: number): number | null {
  const tick = ctx.instrument?.tickSize ?? null;
  if (tick === null) return raw;
  const rounded = ctx.side === 'LONG' ? roundDownToStep(raw, tick) : roundUpToStep(raw, tick);
  return rounded > 0 ? rounded : null;
}

/** The price a taker of this side meets: the best ask for a buy, the best bid for a sell, else the mark. */
export function touchPrice(ctx: OpenContext): number {
  const { market } = ctx;
  const touch = ctx.side === 'LONG' ? market.bestAsk : market.bestBid;
  return isPositiveFinite(touch) ? touch : market.markPrice;
}

/**
 * A LIMIT crosses the book when it would trade at once: a buy at or above the best ask, a sell at
 * or below the best bid. Without a known book, a buy above the mark or a sell below it.
 */
export function crossesBook(ctx: OpenContext, limit: number): boolean {
  const { market } = ctx;
  if (ctx.side === 'LONG')
    return isPositiveFinite(market.bestAsk) ? limit >= market.bestAsk : limit > market.markPrice;
  return isPositiveFinite(market.bestBid) ? limit <= market.bestBid : limit < market.markPrice;
}

/** LIMIT needs its own price; MARKET is sized at the touch. Never converted from one to the other. */
export function planEntryPrice(ctx: OpenContext, entryType: EntryType): number | null {
  const raw = entryType === 'LIMIT' ? ctx.proposal.entryPrice : touchPrice(ctx);
  if (!isPositiveFinite(raw)) return null;
  return onTick(ctx, raw);
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
 * The stop is placed from the fill price and rounded to the tick TOWARD it, so the real distance
 * never exceeds the planned one; the distance checks and the risk use the rounded figures. It
 * must also be on the losing side of the mark.
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
  // A stop on the wrong side of the mark would fire as soon as the entry fills.
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

interface FillPlan {
  fillPrice: number | null;
  takesLiquidity: boolean;
  reason: BlockReason | null;
  detail: string | null;
}

/**
 * Where the order will really fill. A LIMIT that crosses the book is a MARKET order in disguise:
 * refused while MARKET entries are disabled (it would defeat LIMIT-only entries), otherwise
 * priced, like a MARKET order, at the touch.
 */
function planFill(ctx: OpenContext, entryType: EntryType, entry: number | null): FillPlan {
  if (entry === null)
    return { fillPrice: null, takesLiquidity: entryType === 'MARKET', reason: null, detail: null };
  if (entryType === 'MARKET') return { fillPrice: entry, takesLiquidity: true, reason: null, detail: null };
  if (!crossesBook(ctx, entry))
    return { fillPrice: entry, takesLiquidity: false, reason: null, detail: null };
  const touch = touchPrice(ctx);
  const fill = onTick(ctx, touch);
  if (!ctx.limits.allowMarketEntry) {
    const against = ctx.side === 'LONG' ? 'best ask' : 'best bid';
    const known = ctx.side === 'LONG' ? ctx.market.bestAsk : ctx.market.bestBid;
    const where = isPositiveFinite(known) ? `the ${against} ${known}` : `the mark ${ctx.market.markPrice}`;
    return {
      fillPrice: null,
      takesLiquidity: true,
      reason: 'INVALID_ENTRY_PRICE',
      detail:
        `a LIMIT ${ctx.side === 'LONG' ? 'buy' : 'sell'} at ${entry} crosses ${where}: it would fill at once ` +
        'as a taker, and MARKET entries are disabled (ALLOW_MARKET_ENTRY=false)',
    };
  }
  // A buy fills at the lower of its limit and the touch, a sell at the higher.
  const price = fill === null ? null : ctx.side === 'LONG' ? Math.min(entry, fill) : Math.max(entry, fill);
  return { fillPrice: price, takesLiquidity: true, reason: null, detail: null };
}

export function planPrices(ctx: OpenContext): PlannedPrices {
  const entryType: EntryType = ctx.proposal.entryType ?? 'LIMIT';
  const entryPrice = planEntryPrice(ctx, entryType);
  const blockedBy: BlockReason[] = [];
  const push = (reason: BlockReason | null) => {
    if (reason !== null && !blockedBy.includes(reason)) blockedBy.push(reason);
  };
  const entryReason = checkEntryPrice(ctx, entryType, entryPrice);
  push(entryReason);
  push(checkMarketEntryAllowed(ctx, entryType));
  const fill = planFill(ctx, entryType, entryReason === null ? entryPrice : null);
  push(fill.reason);
  // Without a usable fill price the stop and take-profit are judged on their proposed distances alone.
  const stop = planStop(ctx, ctx.side, fill.fillPrice);
  push(stop.reason);
  const tp = planTakeProfit(ctx, ctx.side, fill.fillPrice);
  push(tp.reason);
  return {
    entryType,
    entryPrice: fill.fillPrice === null ? null : entryPrice,
    fillPrice: fill.fillPrice,
    takesLiquidity: fill.takesLiquidity,
    stopLoss: stop.stopLoss,
    stopDistancePct: stop.stopDistancePct,
    takeProfit: tp.takeProfit,
    blockedBy,
    detail: fill.detail,
  };
}
