import type {
  AccountSnapshot,
  BlockReason,
  DecisionOutcome,
  SymbolDecision,
  SymbolMarketView,
  Verdict,
} from '../domain/index.ts';
import type { Journal } from '../journal/index.ts';

/** The journal references of one model call, shared by every decision row it produced. */
export interface ModelCallRefs {
  outcome: DecisionOutcome;
  modelCallId: number;
  promptHash: string;
  responseHash: string | null;
}

/** Journals one model call: the prompt was stored before the call, the answer and the call row after. */
export function journalModelCall(
  journal: Journal,
  call: { cycleId: string; nowMs: number; symbols: string[]; promptHash: string; outcome: DecisionOutcome },
): ModelCallRefs {
  const { outcome, nowMs } = call;
  const responseHash = outcome.rawResponse === null ? null : journal.storeBlob(outcome.rawResponse, nowMs);
  const modelCallId = journal.recordModelCall({
    atMs: nowMs,
    cycleId: call.cycleId,
    promptVersion: outcome.promptVersion,
    provider: outcome.provider,
    model: outcome.model,
    symbols: call.symbols,
    latencyMs: outcome.latencyMs,
    tokensIn: outcome.usage.inputTokens,
    tokensOut: outcome.usage.outputTokens,
    tokensCachedIn: outcome.usage.cachedInputTokens ?? 0,
    tokensCacheWrite: outcome.usage.cacheWriteTokens ?? 0,
    tokensEstimated: outcome.usage.estimated,
    costUsd: outcome.costUsd,
    attempts: outcome.attempts,
    error: outcome.error,
    promptHash: call.promptHash,
    responseHash,
  });
  return { outcome, modelCallId, promptHash: call.promptHash, responseHash };
}

export interface DecisionFacts {
  cycleId: string;
  nowMs: number;
  decision: SymbolDecision;
  verdict: Verdict;
  view: SymbolMarketView;
  account: AccountSnapshot;
  call: ModelCallRefs;
  orderIds: string[];
}

/** Journals a decision the model made, with the gate's verdict; returns the row id orders refer to. */
export function journalDecision(journal: Journal, f: DecisionFacts): number {
  const p = f.decision.proposal;
  return journal.recordDecision({
    atMs: f.nowMs,
    cycleId: f.cycleId,
    symbol: f.decision.symbol,
    proposal: p,
    proposalReceived: f.decision.received ?? null,
    action: f.verdict.action,
    effectiveConfidence: f.verdict.effectiveConfidence ?? null,
    finalLeverage: f.verdict.order?.leverage ?? null,
    inputSnapshot: {
      entryPrice: p.entryPrice ?? null,
      slPct: p.slPct ?? null,
      tpPct: p.tpPct ?? null,
      leverage: p.leverage ?? null,
      entryType: p.entryType ?? null,
      walletAvailableUsdt: f.account.walletAvailableUsdt,
      equityUsdt: f.account.equityUsdt,
      positionsOpen: f.account.positions.length,
      pendingEntries: f.account.pendingEntries.length,
      markPrice: f.view.markPrice,
      lastPrice: f.view.lastPrice,
      tradingState: f.account.tradingState,
      lastClosedCandleMs: f.view.lastClosedCandleMs,
      extra: { fundingRate: f.view.fundingRate, riskBudgetUsdt: f.verdict.riskBudgetUsdt ?? null },
    },
    promptVersion: f.call.outcome.promptVersion,
    provider: f.call.outcome.provider,
    model: f.call.outcome.model,
    blockedBy: f.verdict.blockedBy,
    adjustments: f.verdict.adjustments,
    order: f.verdict.order ?? null,
    detail: f.verdict.detail ?? f.decision.detail ?? null,
    regime: f.view.scores.regime,
    preScore: f.view.scores.preScore,
    rangeScore: f.view.scores.rangeScore,
    orderIds: f.orderIds,
    latencyMs: f.call.outcome.latencyMs,
    modelCallId: f.call.modelCallId,
    promptHash: f.call.promptHash,
    responseHash: f.call.responseHash,
  });
}

export interface HoldFacts {
  cycleId: string;
  nowMs: number;
  symbol: string;
  promptVersion: string;
  account: AccountSnapshot;
  codes: BlockReason[];
  detail: string;
  /** The symbol's view; null while its indicators warm up. */
  view: SymbolMarketView | null;
  /** The last price known when there is no view. */
  lastPrice: number | null;
  provider: string;
  model: string;
}

/** Journals a HOLD the model was not asked about (warming up, not worth asking, AI budget spent). */
export function journalHold(journal: Journal, f: HoldFacts): void {
  const { view, account } = f;
  journal.recordDecision({
    atMs: f.nowMs,
    cycleId: f.cycleId,
    symbol: f.symbol,
    proposal: { symbol: f.symbol, action: 'HOLD' },
    proposalReceived: null,
    action: 'HOLD',
    finalLeverage: null,
    inputSnapshot: {
      entryPrice: null,
      slPct: null,
      tpPct: null,
      leverage: null,
      entryType: null,
      walletAvailableUsdt: account.walletAvailableUsdt,
      equityUsdt: account.equityUsdt,
      positionsOpen: account.positions.length,
      pendingEntries: account.pendingEntries.length,
      markPrice: view?.markPrice ?? f.lastPrice ?? 0,
      ...(view ? { lastPrice: view.lastPrice, lastClosedCandleMs: view.lastClosedCandleMs } : {}),
      tradingState: account.tradingState,
    },
    promptVersion: f.promptVersion,
    provider: f.provider,
    model: f.model,
    blockedBy: f.codes,
    adjustments: [],
    detail: f.detail,
    regime: view?.scores.regime ?? null,
    preScore: view?.scores.preScore ?? null,
    rangeScore: view?.scores.rangeScore ?? null,
    orderIds: [],
    latencyMs: null,
    modelCallId: null,
    promptHash: null,
    responseHash: null,
  });
}
