import type { Adjustment, ClosedTrade, RiskLimits } from '../domain/index.ts';

export interface RiskBudget {
  /** Per-trade budget after dynamic limits and recovery sizing. */
  riskBudgetUsdt: number;
  /** Total-risk cap after dynamic limits. */
  maxTotalRiskUsdt: number;
  recoverySteps: number;
}

const clamp = (value: number, floor: number, ceiling: number) => Math.min(ceiling, Math.max(floor, value));

/** Losing closes on the symbol in a row, most recent first; a win or break-even ends the streak. */
export function consecutiveLosses(closes: readonly ClosedTrade[], symbol: string): number {
  const onSymbol = closes.filter((c) => c.symbol === symbol).sort((a, b) => b.closedAtMs - a.closedAtMs);
  let count = 0;
  for (const close of onSymbol) {
    if (close.realizedPnlUsdt < 0) count++;
    else break;
  }
  return count;
}

/**
 * The per-trade and total budgets: static limits, or a percentage of equity within floors and
 * ceilings (dynamic limits); then recovery sizing (multiplier^steps for consecutive losing closes
 * on the symbol, steps bounded), never past the total-risk cap.
 */
export function resolveRiskBudget(
  limits: RiskLimits,
  equityUsdt: number,
  recentCloses: readonly ClosedTrade[],
  symbol: string,
  adjustments: Adjustment[],
): RiskBudget {
  let riskBudgetUsdt = limits.maxLossUsdtPerTrade;
  let maxTotalRiskUsdt = limits.maxTotalRiskUsdt;
  if (limits.enableDynamicLimits) {
    const equity = Math.max(0, equityUsdt);
    const perTrade = clamp(
      equity * limits.dynamicRiskPerTradePct,
      limits.dynamicRiskPerTradeFloorUsdt,
      limits.dynamicRiskPerTradeCeilingUsdt,
    );
    const total = clamp(
      equity * limits.dynamicTotalRiskPct,
      limits.dynamicTotalRiskFloorUsdt,
      limits.dynamicTotalRiskCeilingUsdt,
    );
    adjustments.push({
      field: 'riskBudgetUsdt',
      before: riskBudgetUsdt,
      after: perTrade,
      reason: `dynamic limits: ${limits.dynamicRiskPerTradePct} of equity ${equity} within floor/ceiling`,
    });
    adjustments.push({
      field: 'maxTotalRiskUsdt',
      before: maxTotalRiskUsdt,
      after: total,
      reason: `dynamic limits: ${limits.dynamicTotalRiskPct} of equity ${equity} within floor/ceiling`,
    });
    riskBudgetUsdt = perTrade;
    maxTotalRiskUsdt = total;
  }
  let recoverySteps = 0;
  if (limits.enableRecoverySizing && limits.recoveryMaxSteps > 0) {
    recoverySteps = Math.min(consecutiveLosses(recentCloses, symbol), limits.recoveryMaxSteps);
    if (recoverySteps > 0) {
      const grown = riskBudgetUsdt * limits.recoveryMultiplier ** recoverySteps;
      adjustments.push({
        field: 'riskBudgetUsdt',
        before: riskBudgetUsdt,
        after: grown,
        reason: `recovery sizing: ${recoverySteps} losing close(s) in a row on ${symbol}`,
      });
      riskBudgetUsdt = grown;
    }
  }
  if (riskBudgetUsdt > maxTotalRiskUsdt) {
    adjustments.push({
      field: 'riskBudgetUsdt',
      before: riskBudgetUsdt,
      after: maxTotalRiskUsdt,
      reason: 'capped at the total-risk cap',
    });
    riskBudgetUsdt = maxTotalRiskUsdt;
  }
  return { riskBudgetUsdt, maxTotalRiskUsdt, recoverySteps };
}
