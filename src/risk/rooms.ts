import { type FeeRates, feeRatesOf } from '../domain/index.ts';
import type { OpenContext } from './context.ts';
import { correlatedRiskUsdt, openRiskUsdt, type RiskCosts, symbolRiskUsdt } from './exposure.ts';
import type { RiskRoom } from './sizing.ts';

/** The budgets besides the per-trade one that an open must fit: total, per-symbol, correlated cluster. */

/** The account's legs are costed at its own fee rates, else at those of the instrument being sized. */
export function gateRiskCosts(ctx: OpenContext, instrument: FeeRates): RiskCosts {
  return {
    slippagePct: ctx.limits.slSlippageAllowancePct,
    feeRates: ctx.account.feeRates,
    defaultFees: feeRatesOf(instrument),
  };
}

export function riskRooms(ctx: OpenContext, costs: RiskCosts, maxTotalRiskUsdt: number): RiskRoom[] {
  const { account, limits, proposal } = ctx;
  const rooms: RiskRoom[] = [
    {
      roomUsdt: maxTotalRiskUsdt - openRiskUsdt(account, costs),
      code: 'MAX_TOTAL_RISK_EXCEEDED',
      reason: 'shrunk to the room left under the total-risk cap',
    },
  ];
  const symbolCap = limits.symbolRiskCapsUsdt[proposal.symbol];
  if (symbolCap !== undefined) {
    rooms.push({
      roomUsdt: symbolCap - symbolRiskUsdt(account, costs, proposal.symbol),
      code: 'SYMBOL_RISK_EXCEEDED',
      reason: `shrunk to the room left under the ${proposal.symbol} risk cap`,
    });
  }
  if (limits.enableCorrelationCheck) {
    const clusterRisk = correlatedRiskUsdt(
      account,
      costs,
      proposal.symbol,
      ctx.side,
      ctx.market.correlations,
      limits.correlationThreshold,
    );
    rooms.push({
      roomUsdt: limits.correlationClusterRiskUsdt - clusterRisk,
      code: 'CORRELATED_EXPOSURE',
      reason: 'shrunk to the room left in the correlated-cluster budget',
    });
  }
  return rooms;
}
