import type { WardenConfig } from '../config/schema.ts';
import {
  activeCooldowns,
  assignPromptVersions,
  buildPromptData,
  type Decider,
  drawdownFrom,
  type OpenRiskFigures,
  parseAbSplit,
  renderPromptData,
  summarizePerformance,
  systemPromptFor,
} from '../decision/index.ts';
import type {
  AccountSnapshot,
  BlockReason,
  DecisionOutcome,
  InstrumentRules,
  MarketSnapshot,
  RiskLimits,
  SymbolDecision,
  SymbolMarketView,
  Verdict,
} from '../domain/index.ts';
import { isOpenAction } from '../domain/index.ts';
import type { Logger } from '../domain/logger.ts';
import type { ExchangePort } from '../exchange/port.ts';
import type { Executor, SubmissionReport } from '../execution/executor.ts';
import type { Reconciler } from '../execution/reconciler.ts';
import { executeVerdict, plannedOrderIds } from '../execution/verdict-orders.ts';
import type { Journal } from '../journal/index.ts';
import type { MarketState } from '../market/market-state.ts';
import {
  accountRiskCosts,
  evaluateProposal,
  pendingEntryRiskUsdt,
  positionRiskUsdt,
  reasonsNoOpenCanPass,
} from '../risk/index.ts';
import { readExchangeAccount } from './account.ts';
import {
  ACCOUNT_LINE_EVERY_MS,
  describeAccount,
  describeVerdict,
  isHoldLine,
  summariseHolds,
} from './decision-log.ts';
import type { KillSwitchKeeper } from './kill-switches.ts';
import { recentCloses } from './recent-closes.ts';

export interface CycleDeps {
  mode: string;
  symbols: readonly string[];
  exchange: ExchangePort;
  journal: Journal;
  market: MarketState;
  decider: Decider;
  executor: Executor;
  ledger: Reconciler;
  limits: RiskLimits;
  instruments: ReadonlyMap<string, InstrumentRules>;
  config: Pick<
    WardenConfig,
    'PROMPT_VERSION' | 'PROMPT_AB_SPLIT' | 'DECISION_TIMEFRAME' | 'CORRELATION_WINDOW' | 'AI_SKIP_FUTILE'
  >;
  killSwitches: KillSwitchKeeper;
  logger: Logger;
}

export interface CycleSummary {
  cycleId: string;
  decisions: number;
  approvedOpens: number;
  approvedCloses: number;
  blocked: number;
  /** Symbols journaled HOLD without asking the model (no answer could open them, or the AI budget is spent). */
  notAsked: number;
  /** Model calls made (0 when no symbol was worth asking). */
  modelCalls: number;
  submissions: SubmissionReport[];
}

/** How a decision row the model was not asked about begins its detail text (docs/journal.md). */
export const NOT_ASKED = 'not asked';

const DAY_MS = 86_400_000;

export function cycleIdFor(closeMs: number): string {
  return `c${closeMs}`;
}

/**
 * One decision cycle (SPEC section 2): refresh the account from the exchange, read the market,
 * build the prompt data, ask the decider, put every proposal through the gate, execute what was
 * approved, journal everything — HOLDs included.
 */
export async function runCycle(deps: CycleDeps, closeMs: number, nowMs: number): Promise<CycleSummary> {
  const cycleId = cycleIdFor(closeMs);
  const split = parseAbSplit(deps.config.PROMPT_AB_SPLIT);
  const plan = assignPromptVersions(cycleId, deps.symbols, deps.config.PROMPT_VERSION, split);
  deps.journal.recordCycleStart({
    cycleId,
    startedAtMs: nowMs,
    mode: deps.mode,
    promptVersions: plan.map((p) => p.promptVersion),
    symbols: [...deps.symbols],
    candleOpenMs: closeMs - deps.market.decisionMs,
  });
  const summary: CycleSummary = {
    cycleId,
    decisions: 0,
    approvedOpens: 0,
    approvedCloses: 0,
    blocked: 0,
    notAsked: 0,
    modelCalls: 0,
    submissions: [],
  };
  const holds: string[] = [];
  try {
    await deps.ledger.sync(nowMs);
    const closes = recentCloses(deps.journal, nowMs);
    const keeper = deps.killSwitches;
    const { snapshot, wallet } = await readExchangeAccount(
      deps.exchange,
      keeper.state.state,
      closes,
      keeper.equityPeakUsdt,
      deps.instruments,
    );
    keeper.exchangeSucceeded();
    keeper.observeAccount(snapshot, nowMs);
    observeAiSpend(deps, nowMs);
    const account: AccountSnapshot = { ...snapshot, tradingState: keeper.state.state };
    deps.journal.recordEquity({
      atMs: nowMs,
      equityUsdt: wallet.equityUsdt,
      walletBalanceUsdt: wallet.walletBalanceUsdt,
      availableUsdt: wallet.availableUsdt,
      unrealisedPnlUsdt: wallet.unrealisedPnlUsdt,
    });
    const { views, books } = await marketViews(deps, nowMs);
    const openRisk = openRiskFigures(account, deps.limits);
    const correlations = deps.market.correlations();

    for (const assignment of plan) {
      const ready = assignment.symbols.filter((s) => views.has(s));
      const warming = assignment.symbols.filter((s) => !views.has(s));
      for (const symbol of warming) {
        recordHold(
          deps,
          cycleId,
          nowMs,
          symbol,
          assignment.promptVersion,
          account,
          ['STALE_MARKET_DATA'],
          'indicators have no closed decision candle yet',
        );
        summary.decisions += 1;
        summary.blocked += 1;
      }
      if (ready.length === 0) continue;
      observeAiSpend(deps, nowMs);
      account.tradingState = keeper.state.state;
      const asked: string[] = [];
      for (const symbol of ready) {
        const view = views.get(symbol) as SymbolMarketView;
        const notAsked = whyNotAsked(
          deps,
          symbol,
          account,
          marketSnapshot(symbol, view, books, nowMs, correlations),
        );
        if (notAsked === null) {
          asked.push(symbol);
          continue;
        }
        recordHold(
          deps,
          cycleId,
          nowMs,
          symbol,
          assignment.promptVersion,
          account,
          notAsked.codes,
          notAsked.detail,
          view,
        );
        // Folded into the cycle's one HOLD line; the full reason is in the decision row's detail.
        holds.push(`${symbol}: not asked → HOLD (${notAsked.codes.join(', ')})`);
        summary.decisions += 1;
        summary.blocked += 1;
        summary.notAsked += 1;
      }
      if (asked.length === 0) continue;
      const systemPrompt = systemPromptFor(assignment.promptVersion);
      const promptData = buildPromptData({
        nowMs,
        decisionTimeframe: deps.config.DECISION_TIMEFRAME,
        views: asked.map((s) => views.get(s) as SymbolMarketView),
        account,
        openRisk,
        limits: deps.limits,
        cooldowns: activeCooldowns(closes, deps.limits, nowMs),
        drawdown: drawdownFrom(account, nowMs),
        performance: summarizePerformance(closes),
        learned: {},
      });
      const promptText = `${systemPrompt}\n\n${renderPromptData(promptData)}`;
      const promptHash = deps.journal.storeBlob(promptText, nowMs);
      const outcome = await deps.decider.decide({
        cycleId,
        nowMs,
        symbols: asked,
        promptVersion: assignment.promptVersion,
        systemPrompt,
        promptData,
      });
      const responseHash =
        outcome.rawResponse === null ? null : deps.journal.storeBlob(outcome.rawResponse, nowMs);
      const modelCallId = deps.journal.recordModelCall({
        atMs: nowMs,
        cycleId,
        promptVersion: outcome.promptVersion,
        provider: outcome.provider,
        model: outcome.model,
        symbols: asked,
        latencyMs: outcome.latencyMs,
        tokensIn: outcome.usage.inputTokens,
        tokensOut: outcome.usage.outputTokens,
        tokensCachedIn: outcome.usage.cachedInputTokens ?? 0,
        tokensCacheWrite: outcome.usage.cacheWriteTokens ?? 0,
        tokensEstimated: outcome.usage.estimated,
        costUsd: outcome.costUsd,
        attempts: outcome.attempts,
        error: outcome.error,
        promptHash,
        responseHash,
      });
      summary.modelCalls += 1;
      keeper.observeAi(outcome.error === null, nowMs);
      if (outcome.error)
        deps.logger.warn({ cycleId, error: outcome.error }, 'decider call failed: every symbol HOLDs');
      for (const decision of outcome.decisions) {
        const view = views.get(decision.symbol) as SymbolMarketView;
        const market = marketSnapshot(decision.symbol, view, books, nowMs, correlations);
        const verdict = gate(deps, decision, account, market);
        const orderIds = plannedOrderIds(verdict, account, closeMs);
        const decisionId = journalDecision(deps, {
          cycleId,
          nowMs,
          decision,
          verdict,
          view,
          account,
          outcome,
          modelCallId,
          promptHash,
          responseHash,
          orderIds,
        });
        const submissions = await executeVerdict(deps, verdict, {
          account,
          closeMs,
          cycleId,
          decisionId,
          nowMs,
        });
        summary.submissions.push(...submissions);
        summary.decisions += 1;
        if (verdict.blockedBy.length > 0) summary.blocked += 1;
        if (verdict.order && isOpenAction(verdict.action)) summary.approvedOpens += 1;
        if (verdict.action === 'CLOSE') summary.approvedCloses += 1;
        for (const line of describeVerdict(verdict, decision)) {
          if (isHoldLine(line)) holds.push(line);
          else deps.logger.info({ cycleId, symbol: decision.symbol }, line);
        }
        if (
          verdict.order &&
          isOpenAction(verdict.action) &&
          submissions.some((s) => s.status !== 'rejected')
        ) {
          account.pendingEntries.push({
            symbol: verdict.symbol,
            side: verdict.order.side === 'BUY' ? 'LONG' : 'SHORT',
            qty: verdict.order.qty,
            price: verdict.order.fillPrice ?? verdict.order.price,
            entryType: verdict.order.type,
            stopLoss: verdict.order.stopLoss,
            plannedRiskUsdt: verdict.order.riskUsdt,
            createdAtMs: nowMs,
            orderLinkId: submissions[0]?.clientOrderId ?? null,
          });
        }
      }
    }
    if (holds.length > 0) deps.logger.info({ cycleId }, summariseHolds(holds));
    if (closeMs % ACCOUNT_LINE_EVERY_MS === 0)
      deps.logger.info({ cycleId }, describeAccount(account, deps.killSwitches.equityPeakUsdt, deps.limits));
    deps.journal.recordCycleEnd({ cycleId, finishedAtMs: nowMs, outcome: 'completed' });
    return summary;
  } catch (error) {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    deps.killSwitches.exchangeFailed(nowMs);
    deps.journal.recordEvent({
      atMs: nowMs,
      kind: 'cycle.failed',
      severity: 'error',
      message: detail,
      detail: { cycleId },
    });
    deps.journal.recordCycleEnd({ cycleId, finishedAtMs: nowMs, outcome: 'failed', detail });
    deps.logger.error({ cycleId, error: detail }, 'cycle failed: no new risk was taken after the failure');
    return summary;
  }
}

/** The UTC day's AI spend so far, fed to the budget kill switch (REDUCING once AI_DAILY_BUDGET_USD is spent). */
function observeAiSpend(deps: CycleDeps, nowMs: number): void {
  const dayStart = Math.floor(nowMs / DAY_MS) * DAY_MS;
  deps.killSwitches.observeAiSpend(deps.journal.aiCostSinceUsd(dayStart), nowMs);
}

function marketSnapshot(
  symbol: string,
  view: SymbolMarketView,
  books: Map<string, TopOfBook>,
  nowMs: number,
  correlations: MarketSnapshot['correlations'],
): MarketSnapshot {
  return {
    symbol,
    markPrice: view.markPrice,
    ...books.get(symbol),
    nowMs,
    lastClosedCandleMs: view.lastClosedCandleMs,
    preScore: view.scores.preScore,
    rangeScore: view.scores.rangeScore,
    correlations,
  };
}

/**
 * Why the model is not asked about a symbol this cycle, or null to ask. While the daily AI budget
 * is spent nobody is asked (open positions keep their exchange-side stops and the position
 * manager). Otherwise a symbol with a position or a pending entry is always asked (the model may
 * close it); a flat one is left out when the gate would refuse every possible open (AI_SKIP_FUTILE).
 */
function whyNotAsked(
  deps: CycleDeps,
  symbol: string,
  account: AccountSnapshot,
  market: MarketSnapshot,
): { codes: BlockReason[]; detail: string } | null {
  if (deps.killSwitches.aiBudgetSpent) {
    return {
      codes: [account.tradingState === 'HALTED' ? 'TRADING_HALTED' : 'TRADING_REDUCING'],
      detail: `${NOT_ASKED}: the daily AI budget is spent; open positions are managed by their stops until the next UTC day`,
    };
  }
  if (!deps.config.AI_SKIP_FUTILE) return null;
  const holds =
    account.positions.some((p) => p.symbol === symbol) ||
    account.pendingEntries.some((e) => e.symbol === symbol);
  if (holds) return null;
  const codes = reasonsNoOpenCanPass({
    symbol,
    account,
    instrument: deps.instruments.get(symbol) ?? null,
    market,
    limits: deps.limits,
  });
  if (codes.length === 0) return null;
  return { codes, detail: `${NOT_ASKED}: no answer could open ${symbol} now (${codes.join(', ')})` };
}

/** Each leg's cost of closing at its stop, as the gate counts it, for the prompt. */
function openRiskFigures(account: AccountSnapshot, limits: RiskLimits): OpenRiskFigures {
  const costs = accountRiskCosts(limits.slSlippageAllowancePct, account.feeRates ?? {});
  return {
    positionsUsdt: account.positions.map((p) => positionRiskUsdt(p, costs)),
    pendingEntriesUsdt: account.pendingEntries.map((e) => pendingEntryRiskUsdt(e, costs)),
  };
}

interface TopOfBook {
  bestBid: number | null;
  bestAsk: number | null;
}

async function marketViews(
  deps: CycleDeps,
  nowMs: number,
): Promise<{ views: Map<string, SymbolMarketView>; books: Map<string, TopOfBook> }> {
  const views = new Map<string, SymbolMarketView>();
  const books = new Map<string, TopOfBook>();
  for (const symbol of deps.symbols) {
    const ticker = await deps.exchange.getTicker(symbol);
    const view = deps.market.view(symbol, nowMs, ticker.markPrice);
    if (view) views.set(symbol, view);
    books.set(symbol, { bestBid: ticker.bidPrice, bestAsk: ticker.askPrice });
  }
  return { views, books };
}

function gate(
  deps: CycleDeps,
  decision: SymbolDecision,
  account: AccountSnapshot,
  market: MarketSnapshot,
): Verdict {
  if (decision.holdReason) {
    return {
      symbol: decision.symbol,
      proposedAction: 'HOLD',
      action: 'HOLD',
      blockedBy: [decision.holdReason],
      adjustments: [],
      detail: decision.detail ?? undefined,
    };
  }
  return evaluateProposal({
    proposal: decision.proposal,
    account,
    instrument: deps.instruments.get(decision.symbol) ?? null,
    market,
    limits: deps.limits,
  });
}

interface DecisionFacts {
  cycleId: string;
  nowMs: number;
  decision: SymbolDecision;
  verdict: Verdict;
  view: SymbolMarketView;
  account: AccountSnapshot;
  outcome: DecisionOutcome;
  modelCallId: number;
  promptHash: string;
  responseHash: string | null;
  orderIds: string[];
}

function journalDecision(deps: CycleDeps, f: DecisionFacts): number {
  const p = f.decision.proposal;
  return deps.journal.recordDecision({
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
    promptVersion: f.outcome.promptVersion,
    provider: f.outcome.provider,
    model: f.outcome.model,
    blockedBy: f.verdict.blockedBy,
    adjustments: f.verdict.adjustments,
    order: f.verdict.order ?? null,
    detail: f.verdict.detail ?? f.decision.detail ?? null,
    regime: f.view.scores.regime,
    preScore: f.view.scores.preScore,
    rangeScore: f.view.scores.rangeScore,
    orderIds: f.orderIds,
    latencyMs: f.outcome.latencyMs,
    modelCallId: f.modelCallId,
    promptHash: f.promptHash,
    responseHash: f.responseHash,
  });
}

function recordHold(
  deps: CycleDeps,
  cycleId: string,
  nowMs: number,
  symbol: string,
  promptVersion: string,
  account: AccountSnapshot,
  codes: BlockReason[],
  detail: string,
  view: SymbolMarketView | null = null,
): void {
  deps.journal.recordDecision({
    atMs: nowMs,
    cycleId,
    symbol,
    proposal: { symbol, action: 'HOLD' },
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
      markPrice: view?.markPrice ?? deps.market.lastPrice(symbol) ?? 0,
      ...(view ? { lastPrice: view.lastPrice, lastClosedCandleMs: view.lastClosedCandleMs } : {}),
      tradingState: account.tradingState,
    },
    promptVersion,
    provider: deps.decider.provider,
    model: deps.decider.model,
    blockedBy: codes,
    adjustments: [],
    detail,
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
