import type { BlockReason } from './block-reasons.ts';
import type { PositionSide } from './position.ts';
import type { Proposal } from './proposal.ts';

/** Why the decision layer turned a symbol into HOLD on its own (SPEC section 3). */
export type DecisionHoldReason = Extract<BlockReason, 'AI_INVALID_OUTPUT' | 'AI_UNAVAILABLE'>;

/** The proposal for one symbol, plus the code when the layer itself forced HOLD. */
export interface SymbolDecision {
  symbol: string;
  proposal: Proposal;
  /** null when the model's own entry validated (a model HOLD included). */
  holdReason: DecisionHoldReason | null;
  /** What was wrong, for the journal; never contains a secret. */
  detail?: string | null;
  /** This symbol's entry exactly as the model wrote it (parsed JSON); null when there was none or several. */
  received: unknown;
}

export interface TokenUsage {
  /** Every input token of the call, cached ones included. */
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, those read from the provider's prompt cache (billed at the cached rate). */
  cachedInputTokens?: number;
  /** Of `inputTokens`, those written to the cache (Anthropic bills them above the input rate). */
  cacheWriteTokens?: number;
  /** true when counted locally with a tokenizer because the provider reported nothing. */
  estimated: boolean;
}

/** Everything one decider call produced, for the gate (decisions) and the journal (the rest). */
export interface DecisionOutcome {
  cycleId: string;
  promptVersion: string;
  provider: string;
  model: string;
  /** One entry per requested symbol, in request order. */
  decisions: SymbolDecision[];
  /** The model's reply text as received (null when no reply arrived). */
  rawResponse: string | null;
  latencyMs: number;
  usage: TokenUsage;
  costUsd: number;
  /** HTTP attempts made (retries included); 0 for local deciders. */
  attempts: number;
  /** Symbols the reply named that were not requested: ignored. */
  ignoredSymbols: string[];
  /** Requested symbols the reply did not list: HOLD (AI_INVALID_OUTPUT only beside an entry with no readable symbol). */
  missingSymbols: string[];
  /** Call-level failure (timeout, HTTP error, unparseable reply), redacted. */
  error: string | null;
}

/** A cooldown the gate is enforcing after a close, shown to the model as data. */
export interface ActiveCooldown {
  symbol: string;
  /** The side that may not be opened until `untilMs`. */
  side: PositionSide;
  untilMs: number;
}

/** Summary of recent closed trades, shown to the model as data. */
export interface RecentPerformance {
  trades: number;
  wins: number;
  losses: number;
  netPnlUsdt: number;
  /** Losing closes in a row, most recent first. */
  consecutiveLosses: number;
  bySymbol: Record<string, { trades: number; wins: number; netPnlUsdt: number }>;
}

export interface DrawdownState {
  /** Equity below its peak, as a fraction of the peak (0 at a new high). */
  fromPeakPct: number;
  /** Realized PnL since the start of the UTC day. */
  dailyRealizedPnlUsdt: number;
}

/** Parameters the system has tuned from its own history (flat, numeric, snake_case names). */
export type LearnedParameters = Record<string, number>;
