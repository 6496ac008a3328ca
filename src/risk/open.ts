import { type Adjustment, type BlockReason, entrySide, type Verdict } from '../domain/index.ts';
import { resolveRiskBudget } from './budget.ts';
import { ADMISSION_CHECKS } from './checks/admission.ts';
import { effectiveConfidence } from './checks/score.ts';
import type { OpenContext } from './context.ts';
import { assertOpenInvariants, GateInvariantError } from './invariants.ts';
import { clampLeverage, fitLeverageToStop } from './leverage.ts';
import { planPrices } from './pricing.ts';
import { gateRiskCosts, riskRooms } from './rooms.ts';
import { sizeOrder } from './sizing.ts';

/** OPEN_LONG / OPEN_SHORT: every check runs, every failed code is collected. */
export function evaluateOpen(ctx: OpenContext): Verdict {
  const adjustments: Adjustment[] = [];
  const blocked = new Set<BlockReason>();
  const add = (reason: BlockReason | null) => {
    if (reason !== null) blocked.add(reason);
  };
  for (const check of ADMISSION_CHECKS) add(check(ctx));

  const confidence = effectiveConfidence(ctx, adjustments);
  const prices = planPrices(ctx);
  for (const reason of prices.blockedBy) add(reason);
  let leverage = clampLeverage(ctx, confidence, adjustments);
  const budget = resolveRiskBudget(
    ctx.limits,
    ctx.account.equityUsdt,
    ctx.account.recentCloses,
    ctx.proposal.symbol,
    adjustments,
  );
  const base = {
    symbol: ctx.proposal.symbol,
    proposedAction: ctx.proposal.action,
    adjustments,
    effectiveConfidence: confidence,
    riskBudgetUsdt: budget.riskBudgetUsdt,
    ...(prices.detail === null ? {} : { detail: prices.detail }),
  };

  const { instrument } = ctx;
  const { entryPrice, fillPrice, stopLoss } = prices;
  const costs = instrument === null ? null : gateRiskCosts(ctx, instrument);
  let sized = null;
  if (
    instrument !== null &&
    costs !== null &&
    entryPrice !== null &&
    fillPrice !== null &&
    stopLoss !== null &&
    !blocked.has('INSTRUMENT_UNKNOWN')
  ) {
    const fitted = fitLeverageToStop(ctx, fillPrice, stopLoss, leverage, adjustments);
    add(fitted.reason);
    leverage = fitted.leverage;
    const sizing = sizeOrder(
      {
        side: ctx.side,
        entryType: prices.entryType,
        entryPrice,
        fillPrice,
        takesLiquidity: prices.takesLiquidity,
        stopLoss,
        leverage,
        instrument,
        limits: ctx.limits,
        walletAvailableUsdt: ctx.account.walletAvailableUsdt,
        riskBudgetUsdt: budget.riskBudgetUsdt,
        rooms: riskRooms(ctx, costs, budget.maxTotalRiskUsdt),
      },
      adjustments,
    );
    for (const reason of sizing.blockedBy) add(reason);
    sized = sizing.order;
  }

  if (blocked.size > 0) return { ...base, action: 'HOLD', blockedBy: [...blocked] };
  if (
    sized === null ||
    instrument === null ||
    costs === null ||
    entryPrice === null ||
    fillPrice === null ||
    stopLoss === null
  ) {
    throw new GateInvariantError('no check failed but the order could not be sized');
  }
  const order = {
    symbol: ctx.proposal.symbol,
    side: entrySide(ctx.side),
    type: prices.entryType,
    qty: sized.qty,
    price: entryPrice,
    fillPrice,
    stopLoss,
    takeProfit: prices.takeProfit,
    leverage,
    notionalUsdt: sized.notionalUsdt,
    marginUsdt: sized.marginUsdt,
    riskUsdt: sized.riskUsdt,
    reduceOnly: false,
  };
  assertOpenInvariants({
    order,
    fillPrice,
    takesLiquidity: prices.takesLiquidity,
    costs,
    proposedEntryType: ctx.proposal.entryType ?? 'LIMIT',
    markPrice: ctx.market.markPrice,
    riskBudgetUsdt: budget.riskBudgetUsdt,
    maxTotalRiskUsdt: budget.maxTotalRiskUsdt,
    limits: ctx.limits,
    instrument,
    account: ctx.account,
  });
  return { ...base, action: ctx.proposal.action, blockedBy: [], order };
}
