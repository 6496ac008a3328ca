export { consecutiveLosses, type RiskBudget, resolveRiskBudget } from './budget.ts';
export { deepFreeze } from './context.ts';
export { correlationMatrix, pearsonCorrelation, returnsOf } from './correlation.ts';
export {
  accountRiskCosts,
  type CorrelationMatrix,
  correlatedRiskUsdt,
  correlationOf,
  type ExposureLeg,
  exposureLegs,
  highestFees,
  legRiskUsdt,
  lossAtStopPerUnit,
  openRiskUsdt,
  pendingEntryRiskUsdt,
  positionRiskUsdt,
  type RiskCosts,
  type RiskLeg,
  symbolRiskUsdt,
  UnknownFeeRatesError,
} from './exposure.ts';
export { type OpenOutlookInput, reasonsNoOpenCanPass } from './futility.ts';
export { evaluateProposal, type GateInput } from './gate.ts';
export { estimateLiquidationPrice } from './leverage.ts';
export {
  type CurrentTradingState,
  type KillSwitchLimits,
  killSwitchLimitsFrom,
  nextTradingState,
  type TradingStateCause,
  type TradingStateSignal,
  type TradingStateTransition,
} from './trading-state.ts';
