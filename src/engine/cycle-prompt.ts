import type { OpenRiskFigures, PromptDataInput } from '../decision/index.ts';
import { activeCooldowns, drawdownFrom, summarizePerformance } from '../decision/index.ts';
import type {
  AccountSnapshot,
  ClosedTrade,
  RiskLimits,
  SymbolMarketView,
  Timeframe,
} from '../domain/index.ts';
import { accountRiskCosts, pendingEntryRiskUsdt, positionRiskUsdt } from '../risk/index.ts';

/** Each leg's cost of closing at its stop, as the gate counts it, for the prompt. */
export function openRiskFigures(account: AccountSnapshot, limits: RiskLimits): OpenRiskFigures {
  const costs = accountRiskCosts(limits.slSlippageAllowancePct, account.feeRates ?? {});
  return {
    positionsUsdt: account.positions.map((p) => positionRiskUsdt(p, costs)),
    pendingEntriesUsdt: account.pendingEntries.map((e) => pendingEntryRiskUsdt(e, costs)),
  };
}

/** What the prompt data of one model call is built from: the asked symbols' views and the account's state. */
export function promptInput(
  settings: { config: { DECISION_TIMEFRAME: Timeframe }; limits: RiskLimits },
  f: {
    nowMs: number;
    views: SymbolMarketView[];
    account: AccountSnapshot;
    openRisk: OpenRiskFigures;
    closes: readonly ClosedTrade[];
  },
): PromptDataInput {
  const { limits } = settings;
  return {
    nowMs: f.nowMs,
    decisionTimeframe: settings.config.DECISION_TIMEFRAME,
    views: f.views,
    account: f.account,
    openRisk: f.openRisk,
    limits,
    cooldowns: activeCooldowns(f.closes, limits, f.nowMs),
    drawdown: drawdownFrom(f.account, f.nowMs),
    performance: summarizePerformance(f.closes),
    learned: {},
  };
}
