import type { BlockReason } from './block-reasons.ts';
import type { Regime } from './features.ts';
import type { OrderSide, PositionSide } from './position.ts';
import type { Action, EntryType, Proposal } from './proposal.ts';
import type { TradingState } from './trading-state.ts';
import type { Adjustment, OrderIntent } from './verdict.ts';

/**
 * What the engine hands the journal (SPEC section 7). Every timestamp is ms UTC; money in USDT
 * unless the name says otherwise; fractions are fractions (0.01 = 1%).
 */

export const CYCLE_OUTCOMES = ['completed', 'failed', 'interrupted'] as const;
export type CycleOutcome = (typeof CYCLE_OUTCOMES)[number];

export interface CycleStartRecord {
  /** Unique, chosen by the engine (the same id the decider and client order ids use). */
  cycleId: string;
  startedAtMs: number;
  mode: string;
  /** Every prompt version used in this cycle (two under an A/B split). */
  promptVersions: string[];
  symbols: string[];
  /** Open time of the decision-timeframe candle whose close started the cycle. */
  candleOpenMs?: number | null;
}

export interface CycleEndRecord {
  cycleId: string;
  finishedAtMs: number;
  outcome: CycleOutcome;
  detail?: string | null;
}

/** The facts the gate decided on, as they were at decision time. */
export interface DecisionInputSnapshot {
  entryPrice: number | null;
  slPct: number | null;
  tpPct: number | null;
  leverage: number | null;
  entryType: EntryType | null;
  walletAvailableUsdt: number;
  equityUsdt: number;
  positionsOpen: number;
  pendingEntries: number;
  markPrice: number;
  lastPrice?: number | null;
  tradingState: TradingState;
  lastClosedCandleMs?: number | null;
  /** Any further numeric or text facts worth auditing (funding rate, open risk…). */
  extra?: Record<string, number | string | boolean | null>;
}

/** One row per symbol per cycle, HOLDs included. */
export interface DecisionRecord {
  atMs: number;
  cycleId: string;
  symbol: string;
  /** The proposal the gate saw (after the decision layer's parsing; HOLD when it failed). */
  proposal: Proposal;
  /** This symbol's entry exactly as the model wrote it (parsed JSON), or null when there was none. */
  proposalReceived: unknown;
  /** The final action after the gate. */
  action: Action;
  /** Confidence after the setup-score cap, when the gate computed one. */
  effectiveConfidence?: number | null;
  finalLeverage: number | null;
  inputSnapshot: DecisionInputSnapshot;
  promptVersion: string;
  provider: string;
  model: string;
  blockedBy: BlockReason[];
  adjustments: Adjustment[];
  /** The exact order the gate approved, if any. */
  order?: OrderIntent | null;
  /** Why the decision layer or gate refused, in words (never a secret). */
  detail?: string | null;
  regime: Regime | null;
  preScore: number | null;
  rangeScore: number | null;
  /** Client order ids (deterministic, known before submission) of the orders this decision made. */
  orderIds: string[];
  latencyMs: number | null;
  /**
   * The model call this decision came from (the id `recordModelCall` returned), null when the
   * symbol was not asked. Tokens and cost live on that call, once, never on the decision.
   */
  modelCallId: number | null;
  /** SHA-256 hashes returned by `storeBlob` for the exact prompt and the raw response. */
  promptHash: string | null;
  responseHash: string | null;
}

/** One call to a decider: it answers for every symbol of its prompt version in the cycle. */
export interface ModelCallRecord {
  atMs: number;
  cycleId: string;
  promptVersion: string;
  provider: string;
  model: string;
  /** The symbols asked, in request order. */
  symbols: string[];
  latencyMs: number;
  tokensIn: number;
  tokensOut: number;
  /** Of tokensIn, read from the provider's prompt cache (0 when none or not stated). */
  tokensCachedIn?: number;
  /** Of tokensIn, written to the provider's prompt cache (Anthropic). */
  tokensCacheWrite?: number;
  /** true when counted locally because the provider stated no usage. */
  tokensEstimated: boolean;
  costUsd: number;
  /** HTTP attempts (retries included); 0 for local deciders. */
  attempts: number;
  /** Call-level failure, redacted; null when a reply arrived and parsed. */
  error: string | null;
  promptHash: string | null;
  responseHash: string | null;
}

export const ORDER_STATES = [
  'INTENT',
  'SUBMITTED',
  'OPEN',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELLED',
  'EXPIRED',
  'REJECTED',
  'OUTCOME_UNKNOWN',
] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const ORDER_ROLES = ['ENTRY', 'CLOSE', 'STOP_LOSS', 'TAKE_PROFIT'] as const;
export type OrderRole = (typeof ORDER_ROLES)[number];

/**
 * One step of an order's life. The first event of an order must carry what it is (symbol, side,
 * type, role, qty); later events may carry only what changed.
 */
export interface OrderEventRecord {
  atMs: number;
  clientOrderId: string;
  state: OrderState;
  exchangeOrderId?: string | null;
  symbol?: string | null;
  side?: OrderSide | null;
  type?: EntryType | null;
  role?: OrderRole | null;
  qty?: number | null;
  price?: number | null;
  stopLoss?: number | null;
  takeProfit?: number | null;
  reduceOnly?: boolean | null;
  filledQty?: number | null;
  avgFillPrice?: number | null;
  decisionId?: number | null;
  cycleId?: string | null;
  positionId?: string | null;
  /** Venue reason for a reject or cancel, or why the outcome is unknown. */
  reason?: string | null;
  detail?: Record<string, unknown> | null;
}

export const FILL_KINDS = ['TRADE', 'LIQUIDATION', 'OTHER'] as const;
export type FillKind = (typeof FILL_KINDS)[number];

export interface FillRecord {
  /** Venue execution id: recording the same one twice is a no-op. */
  execId: string;
  atMs: number;
  clientOrderId: string | null;
  exchangeOrderId: string | null;
  symbol: string;
  side: OrderSide;
  price: number;
  qty: number;
  feeUsdt: number;
  isMaker: boolean;
  closedQty: number;
  kind: FillKind;
  positionId?: string | null;
}

export interface PositionOpenRecord {
  /** Unique, chosen by the engine (e.g. the entry order's client id). */
  positionId: string;
  openedAtMs: number;
  symbol: string;
  side: PositionSide;
  qty: number;
  entryPrice: number;
  stopLoss: number | null;
  takeProfit: number | null;
  leverage: number | null;
  entryClientOrderId: string | null;
  /** The decision that opened it; null for a position adopted by the reconciler. */
  decisionId: number | null;
  detail?: Record<string, unknown> | null;
}

export const EXIT_REASONS = [
  'STOP_LOSS',
  'TAKE_PROFIT',
  'LIQUIDATION',
  'DECISION_CLOSE',
  'MANUAL',
  'TIME_EXIT',
  'KILL_SWITCH',
  'RECONCILIATION',
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export interface PositionCloseRecord {
  positionId: string;
  closedAtMs: number;
  exitPrice: number;
  qty: number;
  exitReason: ExitReason;
  /** Price PnL before fees and funding. */
  grossPnlUsdt: number;
  /** Entry and exit fees together, as a positive cost. */
  feesUsdt: number;
  exitClientOrderId?: string | null;
  detail?: Record<string, unknown> | null;
}

export const STOP_RULES = ['INITIAL', 'BREAK_EVEN', 'PROFIT_LOCK', 'TRAILING', 'RESTORE', 'MANUAL'] as const;
export type StopRule = (typeof STOP_RULES)[number];

export interface StopMoveRecord {
  atMs: number;
  positionId: string;
  symbol: string;
  oldStop: number | null;
  newStop: number;
  rule: StopRule;
  reason: string;
  markPrice?: number | null;
}

export interface FundingRecord {
  atMs: number;
  symbol: string;
  positionId: string | null;
  rate: number;
  positionValueUsdt: number | null;
  /** Signed: positive when received, negative when paid. */
  amountUsdt: number;
  /** Venue execution id: recording the same payment twice is a no-op. */
  execId?: string | null;
}

export interface EquityRecord {
  atMs: number;
  equityUsdt: number;
  walletBalanceUsdt: number;
  availableUsdt: number;
  unrealisedPnlUsdt: number;
}

export interface TradingStateChangeRecord {
  atMs: number;
  from: TradingState;
  to: TradingState;
  reason: string;
  /** Who moved it: a kill switch name, "operator", "startup"… */
  source: string;
}

export const EVENT_SEVERITIES = ['debug', 'info', 'warn', 'error', 'critical'] as const;
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

export interface EventRecord {
  atMs: number;
  kind: string;
  severity: EventSeverity;
  symbol?: string | null;
  message: string;
  detail?: Record<string, unknown> | null;
}

/** The position manager's memory for one position, so a restart continues exactly. */
export interface PositionManagerStateRecord {
  positionId: string;
  symbol: string;
  updatedAtMs: number;
  state: Record<string, unknown>;
}

/** An order as the journal projects it from its events (read back by the reconciler and the reports). */
export interface JournalOrder {
  clientOrderId: string;
  exchangeOrderId: string | null;
  symbol: string;
  side: 'BUY' | 'SELL';
  type: 'LIMIT' | 'MARKET';
  role: 'ENTRY' | 'CLOSE' | 'STOP_LOSS' | 'TAKE_PROFIT';
  qty: number;
  price: number | null;
  stopLoss: number | null;
  takeProfit: number | null;
  reduceOnly: boolean;
  state: OrderState;
  filledQty: number;
  avgFillPrice: number | null;
  decisionId: number | null;
  cycleId: string | null;
  positionId: string | null;
  reason: string | null;
  createdAtMs: number;
  updatedAtMs: number;
  submittedAtMs: number | null;
}

/** A position journaled as open and never as closed. */
export interface JournalOpenPosition {
  positionId: string;
  symbol: string;
  side: PositionSide;
  qty: number;
  entryPrice: number;
  openedAtMs: number;
  /** The latest stop journaled: the last stop move, else the stop at open. */
  stopLoss: number | null;
  takeProfit: number | null;
  leverage: number | null;
  entryClientOrderId: string | null;
  decisionId: number | null;
}
