export type { RiskBudget } from './budget.ts';
export { deepFreeze } from './context.ts';
export { verdictForDecision } from './decision-verdict.ts';
export {
  accountRiskCosts,
  type CorrelationMatrix,
  type ExposureLeg,
  openRiskUsdt,
  pendingEntryRiskUsdt,
  positionRiskUsdt,
  type RiskCosts,
  type RiskLeg,
  UnknownFeeRatesError,
} from './exposure.ts';
export {
  type OpenOutlookInput,
  openOutlook,
  reasonsNoOpenCanPass,
  type SymbolOutlook,
} from './futility.ts';
export { evaluateProposal, type GateInput } from './gate.ts';
export { setFastValidation } from './parse-input.ts';
export {
  type CurrentTradingState,
  type KillSwitchLimits,
  killSwitchLimitsFrom,
  nextTradingState,
  type TradingStateCause,
  type TradingStateSignal,
  type TradingStateTransition,
} from './trading-state.ts';
