import type {
  Action,
  Adjustment,
  BlockReason,
  DecisionInputSnapshot,
  EntryType,
  OrderIntent,
  Regime,
} from '../domain/index.ts';
import type { ModelCallView } from './model-calls.ts';

/** A decisions row as SQLite returns it. */
export interface DecisionRow {
  id: number;
  at_ms: number;
  cycle_id: string;
  symbol: string;
  proposed_action: Action;
  final_action: Action;
  confidence: number | null;
  effective_confidence: number | null;
  proposed_leverage: number | null;
  final_leverage: number | null;
  size_pct: number | null;
  entry_type: EntryType | null;
  entry_price: number | null;
  sl_pct: number | null;
  tp_pct: number | null;
  rationale: string | null;
  proposal_received_json: string;
  input_snapshot_json: string;
  prompt_version: string;
  provider: string;
  model: string;
  blocked_by_json: string;
  adjustments_json: string;
  order_json: string | null;
  detail: string | null;
  regime: Regime | null;
  pre_score: number | null;
  range_score: number | null;
  order_ids_json: string;
  latency_ms: number | null;
  /** Written only before migration 5: a copy of the whole call's usage on each of its rows. */
  tokens_in: number | null;
  tokens_out: number | null;
  cost_usd: number | null;
  model_call_id: number | null;
  prompt_hash: string | null;
  response_hash: string | null;
}

// Mirrors DecisionRecord on purpose: the read shape adds the id, the call and what older journals leave null.
/** One journaled decision, every audit field, as the dashboard and export read it. */
export interface DecisionView {
  id: number;
  atMs: number;
  cycleId: string;
  symbol: string;
  proposedAction: Action;
  action: Action;
  confidence: number | null;
  effectiveConfidence: number | null;
  proposedLeverage: number | null;
  finalLeverage: number | null;
  sizePct: number | null;
  entryType: EntryType | null;
  entryPrice: number | null;
  slPct: number | null;
  tpPct: number | null;
  rationale: string | null;
  proposalReceived: unknown;
  inputSnapshot: DecisionInputSnapshot;
  promptVersion: string;
  provider: string;
  model: string;
  blockedBy: BlockReason[];
  adjustments: Adjustment[];
  order: OrderIntent | null;
  detail: string | null;
  regime: Regime | null;
  preScore: number | null;
  rangeScore: number | null;
  orderIds: string[];
  latencyMs: number | null;
  modelCallId: number | null;
  /** The call this decision came from (its tokens and cost are the call's, shared by its symbols). */
  modelCall: ModelCallView | null;
  promptHash: string | null;
  responseHash: string | null;
}

export function toDecisionView(row: DecisionRow, modelCall: ModelCallView | null): DecisionView {
  return {
    id: row.id,
    atMs: row.at_ms,
    cycleId: row.cycle_id,
    symbol: row.symbol,
    proposedAction: row.proposed_action,
    action: row.final_action,
    confidence: row.confidence,
    effectiveConfidence: row.effective_confidence,
    proposedLeverage: row.proposed_leverage,
    finalLeverage: row.final_leverage,
    sizePct: row.size_pct,
    entryType: row.entry_type,
    entryPrice: row.entry_price,
    slPct: row.sl_pct,
    tpPct: row.tp_pct,
    rationale: row.rationale,
    proposalReceived: JSON.parse(row.proposal_received_json) as unknown,
    inputSnapshot: JSON.parse(row.input_snapshot_json) as DecisionInputSnapshot,
    promptVersion: row.prompt_version,
    provider: row.provider,
    model: row.model,
    blockedBy: JSON.parse(row.blocked_by_json) as BlockReason[],
    adjustments: JSON.parse(row.adjustments_json) as Adjustment[],
    order: row.order_json === null ? null : (JSON.parse(row.order_json) as OrderIntent),
    detail: row.detail,
    regime: row.regime,
    preScore: row.pre_score,
    rangeScore: row.range_score,
    orderIds: JSON.parse(row.order_ids_json) as string[],
    latencyMs: row.latency_ms,
    modelCallId: row.model_call_id,
    modelCall,
    promptHash: row.prompt_hash,
    responseHash: row.response_hash,
  };
}

/** [fromMs, toMs): either end open when absent. */
export interface TimeRange {
  fromMs?: number | null;
  toMs?: number | null;
}

export function rangeParams(range: TimeRange = {}): { fromMs: number; toMs: number } {
  return { fromMs: range.fromMs ?? Number.MIN_SAFE_INTEGER, toMs: range.toMs ?? Number.MAX_SAFE_INTEGER };
}
