import type { Adjustment, BlockReason, PositionSide } from '../domain/index.ts';
import type { OpenContext } from './context.ts';
import { floorLeverage } from './rounding.ts';

/**
 * Clamps the proposed leverage: missing → MIN_LEVERAGE, then [MIN_LEVERAGE, MAX_LEVERAGE_OPEN],
 * the instrument's maximum and, when enabled, the confidence caps. Ceilings win over the floor:
 * when one is below MIN_LEVERAGE, the lower leverage is kept (it only ever adds safety).
 */
export function clampLeverage(ctx: OpenContext, confidence: number, adjustments: Adjustment[]): number {
  const { limits } = ctx;
  const proposed = ctx.proposal.leverage;
  let leverage: number;
  if (proposed === null || !Number.isFinite(proposed) || proposed <= 0) {
    leverage = limits.minLeverage;
    adjustments.push({
      field: 'leverage',
      before: proposed === null ? null : String(proposed),
      after: leverage,
      reason: 'missing or invalid leverage: MIN_LEVERAGE used',
    });
  } else {
    leverage = proposed;
  }
  const clamp = (ceiling: number, reason: string, isFloor = false) => {
    const next = isFloor ? Math.max(leverage, ceiling) : Math.min(leverage, ceiling);
    if (next !== leverage) {
      adjustments.push({ field: 'leverage', before: leverage, after: next, reason });
      leverage = next;
    }
  };
  clamp(limits.minLeverage, 'raised to MIN_LEVERAGE', true);
  clamp(limits.maxLeverageOpen, 'capped at MAX_LEVERAGE_OPEN');
  if (ctx.instrument !== null)
    clamp(ctx.instrument.maxLeverage, "capped at the instrument's maximum leverage");
  if (limits.enableConfidenceLeverageAdjust) {
    if (confidence < limits.leverageCapConfidenceLow) {
      clamp(limits.leverageMaxConfidenceLow, `confidence ${confidence} < ${limits.leverageCapConfidenceLow}`);
    } else if (confidence < limits.leverageCapConfidenceMed) {
      clamp(limits.leverageMaxConfidenceMed, `confidence ${confidence} < ${limits.leverageCapConfidenceMed}`);
    }
  }
  clamp(floorLeverage(leverage), 'rounded down to the 0.01 leverage step');
  return leverage;
}

/** Isolated-margin liquidation estimate: long entry × (1 − 1/L + MMR), short mirrored. */
export function estimateLiquidationPrice(
  side: PositionSide,
  entry: number,
  leverage: number,
  maintenanceMarginRate: number,
): number {
  return side === 'LONG'
    ? entry * (1 - 1 / leverage + maintenanceMarginRate)
    : entry * (1 + 1 / leverage - maintenanceMarginRate);
}

export function stopTriggersBeforeLiquidation(
  side: PositionSide,
  entry: number,
  stop: number,
  leverage: number,
  ctx: OpenContext,
): boolean {
  const liquidation = estimateLiquidationPrice(side, entry, leverage, ctx.limits.maintenanceMarginRate);
  const bufferPrice = entry * ctx.limits.liquidationBufferPct;
  return side === 'LONG' ? stop - liquidation >= bufferPrice : liquidation - stop >= bufferPrice;
}

/**
 * When the stop would sit too close to (or past) the liquidation estimate, leverage is lowered to
 * the highest value that leaves the buffer, as long as that stays ≥ MIN_LEVERAGE; otherwise the
 * open is refused with SL_BEYOND_LIQUIDATION.
 */
export function fitLeverageToStop(
  ctx: OpenContext,
  entry: number,
  stop: number,
  leverage: number,
  adjustments: Adjustment[],
): { leverage: number; reason: BlockReason | null } {
  if (stopTriggersBeforeLiquidation(ctx.side, entry, stop, leverage, ctx)) return { leverage, reason: null };
  const distancePct = Math.abs(entry - stop) / entry;
  const ceiling = 1 / (distancePct + ctx.limits.maintenanceMarginRate + ctx.limits.liquidationBufferPct);
  // Step down from the analytic ceiling until the estimate agrees (guards float edge cases).
  let lowered = floorLeverage(Math.min(ceiling, leverage));
  for (let i = 0; i < 3 && !stopTriggersBeforeLiquidation(ctx.side, entry, stop, lowered, ctx); i++) {
    lowered = floorLeverage(lowered - 0.01);
  }
  const floor = Math.max(ctx.limits.minLeverage, ctx.instrument?.minLeverage ?? 1);
  if (lowered >= floor && stopTriggersBeforeLiquidation(ctx.side, entry, stop, lowered, ctx)) {
    adjustments.push({
      field: 'leverage',
      before: leverage,
      after: lowered,
      reason: 'lowered so the stop triggers before the estimated liquidation price',
    });
    return { leverage: lowered, reason: null };
  }
  return { leverage, reason: 'SL_BEYOND_LIQUIDATION' };
}
