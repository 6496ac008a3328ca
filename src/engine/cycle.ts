import type { WardenConfig } from '../config/schema.ts';
import {
  askFor,
  assignPromptVersions,
  type Decider,
  type ModelAsk,
  parseAbSplit,
  whyNotAsked,
} from '../decision/index.ts';
import type {
  AccountSnapshot,
  BlockReason,
  InstrumentRules,
  RiskLimits,
  SymbolDecision,
  SymbolMarketView,
} from '../domain/index.ts';
import { errorText, isOpenAction } from '../domain/index.ts';
import type { Logger } from '../domain/logger.ts';
import type { ExchangePort } from '../exchange/port.ts';
import type { Executor, SubmissionReport } from '../execution/executor.ts';
import type { Reconciler } from '../execution/reconciler.ts';
import { executeVerdict, plannedOrderIds, sentEntry } from '../execution/verdict-orders.ts';
import type { Journal } from '../journal/index.ts';
import type { MarketState } from '../market/market-state.ts';
import { openOutlook, type SymbolOutlook, verdictForDecision } from '../risk/index.ts';
import { type CycleAccount, observeAiSpend, readCycleAccount } from './cycle-account.ts';
import { journalDecision, journalHold, journalModelCall, type ModelCallRefs } from './cycle-journal.ts';
import { type CycleMarket, readCycleMarket } from './cycle-market.ts';
import { openRiskFigures, promptInput } from './cycle-prompt.ts';
import {
  ACCOUNT_LINE_EVERY_MS,
  describeAccount,
  describeVerdict,
  isHoldLine,
  summariseHolds,
} from './decision-log.ts';
import type { KillSwitchKeeper } from './kill-switches.ts';
import { recordFailedStep } from './step-failure.ts';

/** What one decider trades with: its account (an exchange port), journal handle, executor, ledger, kill switches. */
export interface DeciderSeat {
  decider: Decider;
  exchange: ExchangePort;
  journal: Journal;
  executor: Executor;
  ledger: Reconciler;
  killSwitches: KillSwitchKeeper;
  logger: Logger;
}

/** The market and the rules every decider of the feed shares. */
export interface SharedCycleParts {
  mode: string;
  symbols: readonly string[];
  market: MarketState;
  limits: RiskLimits;
  instruments: ReadonlyMap<string, InstrumentRules>;
  config: Pick<
    WardenConfig,
    'PROMPT_VERSION' | 'PROMPT_AB_SPLIT' | 'DECISION_TIMEFRAME' | 'CORRELATION_WINDOW' | 'AI_SKIP_FUTILE'
  >;
}

/**
 * A shadow decider (issue 19): the same gate and execution paths as the lead, on its own paper
 * exchange (a virtual sub-account) and journal handle. It holds no reference to the venue.
 */
export interface ShadowSeat extends DeciderSeat {
  id: string;
  /** The one prompt version it is asked with (shadows are never A/B split). */
  promptVersion: string;
}

/** The lead's seat (its orders reach the venue) with the shared parts, and the shadows beside it. */
export interface CycleDeps extends SharedCycleParts, DeciderSeat {
  shadows: readonly ShadowSeat[];
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

export function cycleIdFor(closeMs: number): string {
  return `c${closeMs}`;
}

/** One cycle in progress: its keys, its running summary and the HOLD lines folded into one log line. */
interface CycleRun {
  cycleId: string;
  closeMs: number;
  nowMs: number;
  summary: CycleSummary;
  holds: string[];
}

/**
 * One decision cycle (SPEC section 2): account snapshot → market → for each prompt version, the
 * symbols worth asking → one model call → each decision through the gate → the approved orders
 * through the journaled execution paths → journal and log. HOLDs are journaled too. The market is
 * read once; each shadow then runs the same path on its own account, its model call concurrent
 * with the lead's. The summary is the lead's.
 */
export async function runCycle(deps: CycleDeps, closeMs: number, nowMs: number): Promise<CycleSummary> {
  const run = startCycle(closeMs, nowMs);
  const plan = promptPlan(deps, run.cycleId);
  deps.journal.recordCycleStart({
    cycleId: run.cycleId,
    startedAtMs: nowMs,
    mode: deps.mode,
    promptVersions: plan.map((p) => p.promptVersion),
    symbols: [...deps.symbols],
    candleOpenMs: closeMs - deps.market.decisionMs,
  });
  try {
    const account = await readCycleAccount(deps, nowMs);
    const market = await readCycleMarket(deps.exchange, deps.market, deps.symbols, nowMs);
    const shadows = deps.shadows.map((seat) =>
      runShadowCycle(shadowDeps(deps, seat), closeMs, nowMs, market),
    );
    try {
      await decideAndAct(deps, run, plan, account, market);
    } finally {
      await Promise.all(shadows);
    }
    finishCycle(deps, run, account.account);
  } catch (error) {
    failCycle(deps, run, error);
  }
  return run.summary;
}

function promptPlan(deps: SharedCycleParts, cycleId: string) {
  const split = parseAbSplit(deps.config.PROMPT_AB_SPLIT);
  return assignPromptVersions(cycleId, deps.symbols, deps.config.PROMPT_VERSION, split);
}

/** For each prompt version: the symbols worth asking → one model call → each decision through gate and execution. */
async function decideAndAct(
  deps: CycleDeps,
  run: CycleRun,
  plan: ReturnType<typeof promptPlan>,
  { account, closes }: CycleAccount,
  market: CycleMarket,
): Promise<void> {
  const openRisk = openRiskFigures(account, deps.limits);
  for (const { promptVersion, symbols } of plan) {
    const asked = chooseAsked(deps, run, promptVersion, symbols, account, market);
    if (asked.length === 0) continue;
    const views = asked.map((s) => market.views.get(s) as SymbolMarketView);
    const input = promptInput(deps, { nowMs: run.nowMs, views, account, openRisk, closes });
    const ask = askFor(run.cycleId, promptVersion, input);
    const call = await callModel(deps, run, ask);
    for (const decision of call.outcome.decisions) {
      await settleDecision(deps, run, decision, call, account, market);
    }
  }
}

/**
 * A shadow's deps: only the shared parts and its own seat (no venue, no other account), with its
 * one prompt version.
 */
function shadowDeps(deps: CycleDeps, seat: ShadowSeat): CycleDeps {
  return {
    mode: deps.mode,
    symbols: deps.symbols,
    market: deps.market,
    limits: deps.limits,
    instruments: deps.instruments,
    config: { ...deps.config, PROMPT_VERSION: seat.promptVersion, PROMPT_AB_SPLIT: undefined },
    decider: seat.decider,
    exchange: seat.exchange,
    journal: seat.journal,
    executor: seat.executor,
    ledger: seat.ledger,
    killSwitches: seat.killSwitches,
    logger: seat.logger,
    shadows: [],
  };
}

/**
 * The shadow's turn in a cycle, on the market the lead read. Its failure is its own: journaled on
 * its rows, the lead's cycle goes on.
 */
async function runShadowCycle(deps: CycleDeps, closeMs: number, nowMs: number, market: CycleMarket) {
  const run = startCycle(closeMs, nowMs);
  try {
    const account = await readCycleAccount(deps, nowMs);
    await decideAndAct(deps, run, promptPlan(deps, run.cycleId), account, market);
    if (run.holds.length > 0) deps.logger.debug({ cycleId: run.cycleId }, summariseHolds(run.holds));
  } catch (error) {
    recordFailedStep(deps, nowMs, error, {
      kind: 'shadow.cycle-failed',
      step: 'shadow cycle',
      next: 'the lead is not affected',
      detail: { cycleId: run.cycleId },
    });
  }
}

function startCycle(closeMs: number, nowMs: number): CycleRun {
  const cycleId = cycleIdFor(closeMs);
  return {
    cycleId,
    closeMs,
    nowMs,
    holds: [],
    summary: {
      cycleId,
      decisions: 0,
      approvedOpens: 0,
      approvedCloses: 0,
      blocked: 0,
      notAsked: 0,
      modelCalls: 0,
      submissions: [],
    },
  };
}

/**
 * The symbols of one prompt version the model is asked about. The others are journaled HOLD here:
 * those still warming up, and those the decision layer leaves out (AI budget spent, no open possible).
 */
function chooseAsked(
  deps: CycleDeps,
  run: CycleRun,
  promptVersion: string,
  symbols: readonly string[],
  account: AccountSnapshot,
  market: CycleMarket,
): string[] {
  const hold = (symbol: string, codes: BlockReason[], detail: string) => {
    const view = market.views.get(symbol) ?? null;
    journalHold(deps.journal, {
      cycleId: run.cycleId,
      nowMs: run.nowMs,
      symbol,
      promptVersion,
      account,
      codes,
      detail,
      view,
      lastPrice: view ? null : deps.market.lastPrice(symbol),
      provider: deps.decider.provider,
      model: deps.decider.model,
    });
    run.summary.decisions += 1;
    run.summary.blocked += 1;
  };
  const ready = symbols.filter((s) => market.views.has(s));
  for (const symbol of symbols.filter((s) => !market.views.has(s))) {
    hold(symbol, ['STALE_MARKET_DATA'], 'indicators have no closed decision candle yet');
  }
  if (ready.length === 0) return [];
  observeAiSpend(deps, run.nowMs);
  account.tradingState = deps.killSwitches.state.state;
  const asked: string[] = [];
  // The account does not change until the model answers: validated once for every symbol.
  let outlook: SymbolOutlook | null = null;
  for (const symbol of ready) {
    const notAsked = whyNotAsked({
      symbol,
      account,
      aiBudgetSpent: deps.killSwitches.aiBudgetSpent,
      skipFutile: deps.config.AI_SKIP_FUTILE,
      reasonsNoOpenCanPass: () => {
        outlook ??= openOutlook(account, deps.limits);
        return outlook(symbol, deps.instruments.get(symbol) ?? null, market.snapshot(symbol));
      },
    });
    if (notAsked === null) {
      asked.push(symbol);
      continue;
    }
    hold(symbol, notAsked.codes, notAsked.detail);
    // Folded into the cycle's one HOLD line; the full reason is in the decision row's detail.
    run.holds.push(`${symbol}: not asked → HOLD (${notAsked.codes.join(', ')})`);
    run.summary.notAsked += 1;
  }
  return asked;
}

/** The model call, journaled: the prompt before it is sent, the answer and the call row after. */
async function callModel(deps: CycleDeps, run: CycleRun, ask: ModelAsk): Promise<ModelCallRefs> {
  const promptHash = deps.journal.storeBlob(ask.promptText, run.nowMs);
  const outcome = await deps.decider.decide(ask.request);
  const call = journalModelCall(deps.journal, {
    cycleId: run.cycleId,
    nowMs: run.nowMs,
    symbols: ask.request.symbols,
    promptHash,
    outcome,
  });
  run.summary.modelCalls += 1;
  deps.killSwitches.observeAi(outcome.error === null, run.nowMs);
  if (outcome.error)
    deps.logger.warn(
      { cycleId: run.cycleId, error: outcome.error },
      'decider call failed: every symbol HOLDs',
    );
  return call;
}

/** One decision: the gate's verdict, the decision row, the orders it approves, the log lines. */
async function settleDecision(
  deps: CycleDeps,
  run: CycleRun,
  decision: SymbolDecision,
  call: ModelCallRefs,
  account: AccountSnapshot,
  market: CycleMarket,
): Promise<void> {
  const { cycleId, closeMs, nowMs, summary } = run;
  const verdict = verdictForDecision(decision, {
    account,
    instrument: deps.instruments.get(decision.symbol) ?? null,
    market: market.snapshot(decision.symbol),
    limits: deps.limits,
  });
  const decisionId = journalDecision(deps.journal, {
    cycleId,
    nowMs,
    decision,
    verdict,
    view: market.views.get(decision.symbol) as SymbolMarketView,
    account,
    call,
    orderIds: plannedOrderIds(deps.executor, verdict, account, closeMs),
  });
  const submissions = await executeVerdict(deps, verdict, { account, closeMs, cycleId, decisionId, nowMs });
  summary.submissions.push(...submissions);
  summary.decisions += 1;
  if (verdict.blockedBy.length > 0) summary.blocked += 1;
  if (verdict.order && isOpenAction(verdict.action)) summary.approvedOpens += 1;
  if (verdict.action === 'CLOSE') summary.approvedCloses += 1;
  for (const line of describeVerdict(verdict, decision)) {
    if (isHoldLine(line)) run.holds.push(line);
    else deps.logger.info({ cycleId, symbol: decision.symbol }, line);
  }
  const entry = sentEntry(verdict, submissions, nowMs);
  if (entry) account.pendingEntries.push(entry);
}

/** The cycle's one HOLD line, the periodic account line, and the completed cycle row. */
function finishCycle(deps: CycleDeps, run: CycleRun, account: AccountSnapshot): void {
  if (run.holds.length > 0) deps.logger.info({ cycleId: run.cycleId }, summariseHolds(run.holds));
  if (run.closeMs % ACCOUNT_LINE_EVERY_MS === 0)
    deps.logger.info(
      { cycleId: run.cycleId },
      describeAccount(account, deps.killSwitches.equityPeakUsdt, deps.limits),
    );
  deps.journal.recordCycleEnd({ cycleId: run.cycleId, finishedAtMs: run.nowMs, outcome: 'completed' });
}

function failCycle(deps: CycleDeps, run: CycleRun, error: unknown): void {
  const detail = errorText(error);
  deps.killSwitches.exchangeFailed(run.nowMs);
  deps.journal.recordEvent({
    atMs: run.nowMs,
    kind: 'cycle.failed',
    severity: 'error',
    message: detail,
    detail: { cycleId: run.cycleId },
  });
  deps.journal.recordCycleEnd({ cycleId: run.cycleId, finishedAtMs: run.nowMs, outcome: 'failed', detail });
  deps.logger.error(
    { cycleId: run.cycleId, error: detail },
    'cycle failed: no new risk was taken after the failure',
  );
}
