import {
  ACTIONS,
  type BlockReason,
  CYCLE_OUTCOMES,
  type CycleEndRecord,
  type CycleStartRecord,
  type DecisionRecord,
  ENTRY_TYPES,
  type EquityRecord,
  EVENT_SEVERITIES,
  type EventRecord,
  EXIT_REASONS,
  FILL_KINDS,
  type FillRecord,
  type FundingRecord,
  isBlockReason,
  type ModelCallRecord,
  ORDER_SIDES,
  type PositionCloseRecord,
  type PositionManagerStateRecord,
  type PositionOpenRecord,
  REGIMES,
  SIDES,
  STOP_RULES,
  type StopMoveRecord,
  TRADING_STATES,
  type TradingStateChangeRecord,
} from '../domain/index.ts';
import { JournalWriteError } from './errors.ts';
import {
  lenientJson,
  num,
  oneOf,
  optionalNum,
  optionalOneOf,
  optionalStrictJson,
  optionalText,
  strictJson,
  text,
  timeMs,
} from './validate.ts';

/**
 * SQL and field checks for every append-only record but order events. Rows of a decider's account
 * also bind `@decider` and `@shadow`, which the journal handle adds (migration 007).
 */

export const CYCLE_START_SQL = `INSERT INTO cycles (id, started_at_ms, mode, prompt_versions_json, symbols_json, candle_open_ms)
  VALUES (@id, @startedAtMs, @mode, @promptVersions, @symbols, @candleOpenMs)`;

// Every *Row builder here has this shape on purpose: one per table, each field checked by name so a bad record names its column.
export function cycleStartRow(r: CycleStartRecord) {
  const what = 'cycle start';
  need(what, r);
  return {
    id: text(what, 'cycleId', r.cycleId),
    startedAtMs: timeMs(what, 'startedAtMs', r.startedAtMs),
    mode: text(what, 'mode', r.mode),
    promptVersions: strictJson(what, 'promptVersions', textList(what, 'promptVersions', r.promptVersions)),
    symbols: strictJson(what, 'symbols', textList(what, 'symbols', r.symbols)),
    candleOpenMs: r.candleOpenMs == null ? null : timeMs(what, 'candleOpenMs', r.candleOpenMs),
  };
}

export const CYCLE_END_SQL = `INSERT INTO cycle_ends (cycle_id, finished_at_ms, outcome, detail)
  VALUES (@cycleId, @finishedAtMs, @outcome, @detail)`;

export function cycleEndRow(r: CycleEndRecord) {
  const what = 'cycle end';
  need(what, r);
  return {
    cycleId: text(what, 'cycleId', r.cycleId),
    finishedAtMs: timeMs(what, 'finishedAtMs', r.finishedAtMs),
    outcome: oneOf(what, 'outcome', r.outcome, CYCLE_OUTCOMES),
    detail: optionalText(what, 'detail', r.detail),
  };
}

export const DECISION_SQL = `INSERT INTO decisions (at_ms, cycle_id, symbol, proposed_action, final_action, confidence,
  effective_confidence, proposed_leverage, final_leverage, size_pct, entry_type, entry_price, sl_pct, tp_pct, rationale,
  proposal_received_json, input_snapshot_json, prompt_version, provider, model, blocked_by_json, adjustments_json,
  order_json, detail, regime, pre_score, range_score, order_ids_json, latency_ms, model_call_id,
  prompt_hash, response_hash, decider, shadow)
  VALUES (@atMs, @cycleId, @symbol, @proposedAction, @finalAction, @confidence, @effectiveConfidence,
  @proposedLeverage, @finalLeverage, @sizePct, @entryType, @entryPrice, @slPct, @tpPct, @rationale,
  @proposalReceived, @inputSnapshot, @promptVersion, @provider, @model, @blockedBy, @adjustments, @order, @detail,
  @regime, @preScore, @rangeScore, @orderIds, @latencyMs, @modelCallId, @promptHash, @responseHash, @decider, @shadow)`;

export function decisionRow(r: DecisionRecord) {
  const what = `decision for ${String(r?.symbol)}`;
  need(what, r);
  need(`${what}: proposal`, r.proposal);
  need(`${what}: inputSnapshot`, r.inputSnapshot);
  const p = r.proposal;
  if (p.symbol !== undefined && p.symbol !== r.symbol) {
    throw new JournalWriteError(`${what}: proposal.symbol ${String(p.symbol)} is not the decision's symbol`);
  }
  const blockedBy = list(what, 'blockedBy', r.blockedBy).map((code): BlockReason => {
    if (!isBlockReason(code))
      throw new JournalWriteError(`${what}: blockedBy has unknown code ${String(code)}`);
    return code;
  });
  return {
    atMs: timeMs(what, 'atMs', r.atMs),
    cycleId: text(what, 'cycleId', r.cycleId),
    symbol: text(what, 'symbol', r.symbol),
    proposedAction: oneOf(what, 'proposal.action', p.action, ACTIONS),
    finalAction: oneOf(what, 'action', r.action, ACTIONS),
    confidence: optionalNum(what, 'proposal.confidence', p.confidence),
    effectiveConfidence: optionalNum(what, 'effectiveConfidence', r.effectiveConfidence),
    proposedLeverage: optionalNum(what, 'proposal.leverage', p.leverage),
    finalLeverage: optionalNum(what, 'finalLeverage', r.finalLeverage),
    sizePct: optionalNum(what, 'proposal.sizePct', p.sizePct),
    entryType: optionalOneOf(what, 'proposal.entryType', p.entryType, ENTRY_TYPES),
    entryPrice: optionalNum(what, 'proposal.entryPrice', p.entryPrice),
    slPct: optionalNum(what, 'proposal.slPct', p.slPct),
    tpPct: optionalNum(what, 'proposal.tpPct', p.tpPct),
    rationale: optionalText(what, 'proposal.rationale', p.rationale),
    proposalReceived: lenientJson(r.proposalReceived),
    inputSnapshot: strictJson(what, 'inputSnapshot', r.inputSnapshot),
    promptVersion: text(what, 'promptVersion', r.promptVersion),
    provider: text(what, 'provider', r.provider),
    model: text(what, 'model', r.model),
    blockedBy: strictJson(what, 'blockedBy', blockedBy),
    adjustments: strictJson(what, 'adjustments', list(what, 'adjustments', r.adjustments)),
    order: optionalStrictJson(what, 'order', r.order),
    detail: optionalText(what, 'detail', r.detail),
    regime: optionalOneOf(what, 'regime', r.regime, REGIMES),
    preScore: optionalNum(what, 'preScore', r.preScore),
    rangeScore: optionalNum(what, 'rangeScore', r.rangeScore),
    orderIds: strictJson(what, 'orderIds', textList(what, 'orderIds', r.orderIds)),
    latencyMs: optionalNum(what, 'latencyMs', r.latencyMs),
    modelCallId: optionalRowId(what, 'modelCallId', r.modelCallId),
    promptHash: optionalText(what, 'promptHash', r.promptHash),
    responseHash: optionalText(what, 'responseHash', r.responseHash),
  };
}

export const MODEL_CALL_SQL = `INSERT INTO model_calls (at_ms, cycle_id, prompt_version, provider, model, symbols_json,
  latency_ms, tokens_in, tokens_out, tokens_estimated, cost_usd, attempts, error, prompt_hash, response_hash,
  tokens_cached_in, tokens_cache_write, decider, shadow)
  VALUES (@atMs, @cycleId, @promptVersion, @provider, @model, @symbols, @latencyMs, @tokensIn, @tokensOut,
  @tokensEstimated, @costUsd, @attempts, @error, @promptHash, @responseHash, @tokensCachedIn, @tokensCacheWrite, @decider, @shadow)`;

export function modelCallRow(r: ModelCallRecord) {
  const what = `model call of cycle ${String(r?.cycleId)} (${String(r?.promptVersion)})`;
  need(what, r);
  return {
    atMs: timeMs(what, 'atMs', r.atMs),
    cycleId: text(what, 'cycleId', r.cycleId),
    promptVersion: text(what, 'promptVersion', r.promptVersion),
    provider: text(what, 'provider', r.provider),
    model: text(what, 'model', r.model),
    symbols: strictJson(what, 'symbols', textList(what, 'symbols', r.symbols)),
    latencyMs: nonNegative(what, 'latencyMs', r.latencyMs),
    tokensIn: count(what, 'tokensIn', r.tokensIn),
    tokensOut: count(what, 'tokensOut', r.tokensOut),
    tokensEstimated: bool(what, 'tokensEstimated', r.tokensEstimated),
    costUsd: nonNegative(what, 'costUsd', r.costUsd),
    attempts: count(what, 'attempts', r.attempts),
    error: optionalText(what, 'error', r.error),
    promptHash: optionalText(what, 'promptHash', r.promptHash),
    responseHash: optionalText(what, 'responseHash', r.responseHash),
    tokensCachedIn: count(what, 'tokensCachedIn', r.tokensCachedIn ?? 0),
    tokensCacheWrite: count(what, 'tokensCacheWrite', r.tokensCacheWrite ?? 0),
  };
}

export const FILL_SQL = `INSERT OR IGNORE INTO fills (exec_id, at_ms, client_order_id, exchange_order_id, symbol, side,
  price, qty, fee_usdt, is_maker, closed_qty, kind, position_id, decider, shadow)
  VALUES (@execId, @atMs, @clientOrderId, @exchangeOrderId, @symbol, @side, @price, @qty, @feeUsdt, @isMaker,
  @closedQty, @kind, @positionId, @decider, @shadow)`;

export function fillRow(r: FillRecord) {
  const what = `fill ${String(r?.execId)}`;
  need(what, r);
  return {
    execId: text(what, 'execId', r.execId),
    atMs: timeMs(what, 'atMs', r.atMs),
    clientOrderId: optionalText(what, 'clientOrderId', r.clientOrderId),
    exchangeOrderId: optionalText(what, 'exchangeOrderId', r.exchangeOrderId),
    symbol: text(what, 'symbol', r.symbol),
    side: oneOf(what, 'side', r.side, ORDER_SIDES),
    price: num(what, 'price', r.price),
    qty: num(what, 'qty', r.qty),
    feeUsdt: num(what, 'feeUsdt', r.feeUsdt),
    isMaker: bool(what, 'isMaker', r.isMaker),
    closedQty: num(what, 'closedQty', r.closedQty),
    kind: oneOf(what, 'kind', r.kind, FILL_KINDS),
    positionId: optionalText(what, 'positionId', r.positionId),
  };
}

export const POSITION_OPEN_SQL = `INSERT INTO position_opens (position_id, opened_at_ms, symbol, side, qty, entry_price,
  stop_loss, take_profit, leverage, entry_client_order_id, decision_id, detail_json, decider, shadow)
  VALUES (@positionId, @openedAtMs, @symbol, @side, @qty, @entryPrice, @stopLoss, @takeProfit, @leverage,
  @entryClientOrderId, @decisionId, @detail, @decider, @shadow)`;

export function positionOpenRow(r: PositionOpenRecord) {
  const what = `position open ${String(r?.positionId)}`;
  need(what, r);
  return {
    positionId: text(what, 'positionId', r.positionId),
    openedAtMs: timeMs(what, 'openedAtMs', r.openedAtMs),
    symbol: text(what, 'symbol', r.symbol),
    side: oneOf(what, 'side', r.side, SIDES),
    qty: positive(what, 'qty', r.qty),
    entryPrice: positive(what, 'entryPrice', r.entryPrice),
    stopLoss: optionalNum(what, 'stopLoss', r.stopLoss),
    takeProfit: optionalNum(what, 'takeProfit', r.takeProfit),
    leverage: optionalNum(what, 'leverage', r.leverage),
    entryClientOrderId: optionalText(what, 'entryClientOrderId', r.entryClientOrderId),
    decisionId: optionalRowId(what, 'decisionId', r.decisionId),
    detail: optionalStrictJson(what, 'detail', r.detail),
  };
}

export const POSITION_CLOSE_SQL = `INSERT INTO position_closes (position_id, closed_at_ms, exit_price, qty, exit_reason,
  gross_pnl_usdt, fees_usdt, exit_client_order_id, detail_json, decider, shadow)
  VALUES (@positionId, @closedAtMs, @exitPrice, @qty, @exitReason, @grossPnlUsdt, @feesUsdt, @exitClientOrderId, @detail, @decider, @shadow)`;

export function positionCloseRow(r: PositionCloseRecord) {
  const what = `position close ${String(r?.positionId)}`;
  need(what, r);
  const feesUsdt = num(what, 'feesUsdt', r.feesUsdt);
  if (feesUsdt < 0)
    throw new JournalWriteError(`${what}: feesUsdt is a cost and must be ≥ 0 (got ${feesUsdt})`);
  return {
    positionId: text(what, 'positionId', r.positionId),
    closedAtMs: timeMs(what, 'closedAtMs', r.closedAtMs),
    exitPrice: positive(what, 'exitPrice', r.exitPrice),
    qty: positive(what, 'qty', r.qty),
    exitReason: oneOf(what, 'exitReason', r.exitReason, EXIT_REASONS),
    grossPnlUsdt: num(what, 'grossPnlUsdt', r.grossPnlUsdt),
    feesUsdt,
    exitClientOrderId: optionalText(what, 'exitClientOrderId', r.exitClientOrderId),
    detail: optionalStrictJson(what, 'detail', r.detail),
  };
}

export const STOP_MOVE_SQL = `INSERT INTO stop_moves (at_ms, position_id, symbol, old_stop, new_stop, rule, reason, mark_price, decider, shadow)
  VALUES (@atMs, @positionId, @symbol, @oldStop, @newStop, @rule, @reason, @markPrice, @decider, @shadow)`;

export function stopMoveRow(r: StopMoveRecord) {
  const what = `stop move ${String(r?.positionId)}`;
  need(what, r);
  return {
    atMs: timeMs(what, 'atMs', r.atMs),
    positionId: text(what, 'positionId', r.positionId),
    symbol: text(what, 'symbol', r.symbol),
    oldStop: optionalNum(what, 'oldStop', r.oldStop),
    newStop: positive(what, 'newStop', r.newStop),
    rule: oneOf(what, 'rule', r.rule, STOP_RULES),
    reason: text(what, 'reason', r.reason),
    markPrice: optionalNum(what, 'markPrice', r.markPrice),
  };
}

export const PM_STATE_SQL = `INSERT INTO position_manager_state (position_id, symbol, updated_at_ms, state_json, decider, shadow)
  VALUES (@positionId, @symbol, @updatedAtMs, @state, @decider, @shadow)
  ON CONFLICT (position_id) DO UPDATE SET symbol = excluded.symbol, updated_at_ms = excluded.updated_at_ms,
  state_json = excluded.state_json`;

export function pmStateRow(r: PositionManagerStateRecord) {
  const what = `position manager state ${String(r?.positionId)}`;
  need(what, r);
  need(`${what}: state`, r.state);
  return {
    positionId: text(what, 'positionId', r.positionId),
    symbol: text(what, 'symbol', r.symbol),
    updatedAtMs: timeMs(what, 'updatedAtMs', r.updatedAtMs),
    state: strictJson(what, 'state', r.state),
  };
}

export const FUNDING_SQL = `INSERT OR IGNORE INTO funding_payments (at_ms, symbol, position_id, rate, position_value_usdt,
  amount_usdt, exec_id, decider, shadow) VALUES (@atMs, @symbol, @positionId, @rate, @positionValueUsdt, @amountUsdt, @execId, @decider, @shadow)`;

// Same shape as cycleStartRow on purpose: one row builder per table (see there).
export function fundingRow(r: FundingRecord) {
  const what = 'funding payment';
  need(what, r);
  return {
    atMs: timeMs(what, 'atMs', r.atMs),
    symbol: text(what, 'symbol', r.symbol),
    positionId: optionalText(what, 'positionId', r.positionId),
    rate: num(what, 'rate', r.rate),
    positionValueUsdt: optionalNum(what, 'positionValueUsdt', r.positionValueUsdt),
    amountUsdt: num(what, 'amountUsdt', r.amountUsdt),
    execId: optionalText(what, 'execId', r.execId),
  };
}

export const EQUITY_SQL = `INSERT INTO equity_snapshots (at_ms, equity_usdt, wallet_balance_usdt, available_usdt,
  unrealised_pnl_usdt, decider, shadow) VALUES (@atMs, @equityUsdt, @walletBalanceUsdt, @availableUsdt, @unrealisedPnlUsdt, @decider, @shadow)`;

export function equityRow(r: EquityRecord) {
  const what = 'equity snapshot';
  need(what, r);
  return {
    atMs: timeMs(what, 'atMs', r.atMs),
    equityUsdt: num(what, 'equityUsdt', r.equityUsdt),
    walletBalanceUsdt: num(what, 'walletBalanceUsdt', r.walletBalanceUsdt),
    availableUsdt: num(what, 'availableUsdt', r.availableUsdt),
    unrealisedPnlUsdt: num(what, 'unrealisedPnlUsdt', r.unrealisedPnlUsdt),
  };
}

export const STATE_CHANGE_SQL = `INSERT INTO trading_state_changes (at_ms, from_state, to_state, reason, source, decider, shadow)
  VALUES (@atMs, @from, @to, @reason, @source, @decider, @shadow)`;

export function stateChangeRow(r: TradingStateChangeRecord) {
  const what = 'trading state change';
  need(what, r);
  return {
    atMs: timeMs(what, 'atMs', r.atMs),
    from: oneOf(what, 'from', r.from, TRADING_STATES),
    to: oneOf(what, 'to', r.to, TRADING_STATES),
    reason: text(what, 'reason', r.reason),
    source: text(what, 'source', r.source),
  };
}

export const EVENT_SQL = `INSERT INTO events (at_ms, kind, severity, symbol, message, detail_json, decider, shadow)
  VALUES (@atMs, @kind, @severity, @symbol, @message, @detail, @decider, @shadow)`;

export function eventRow(r: EventRecord) {
  const what = `event ${String(r?.kind)}`;
  need(what, r);
  return {
    atMs: timeMs(what, 'atMs', r.atMs),
    kind: text(what, 'kind', r.kind),
    severity: oneOf(what, 'severity', r.severity, EVENT_SEVERITIES),
    symbol: optionalText(what, 'symbol', r.symbol),
    message: text(what, 'message', r.message),
    detail: optionalStrictJson(what, 'detail', r.detail),
  };
}

function need(what: string, value: unknown): void {
  if (value === null || typeof value !== 'object') throw new JournalWriteError(`${what}: record is missing`);
}

function list(what: string, field: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new JournalWriteError(`${what}: ${field} must be an array`);
  return value;
}

function textList(what: string, field: string, value: unknown): string[] {
  return list(what, field, value).map((item, i) => text(what, `${field}[${i}]`, item));
}

function positive(what: string, field: string, value: unknown): number {
  const n = num(what, field, value);
  if (n <= 0) throw new JournalWriteError(`${what}: ${field} must be above 0 (got ${n})`);
  return n;
}

function nonNegative(what: string, field: string, value: unknown): number {
  const n = num(what, field, value);
  if (n < 0) throw new JournalWriteError(`${what}: ${field} must be ≥ 0 (got ${n})`);
  return n;
}

function count(what: string, field: string, value: unknown): number {
  const n = nonNegative(what, field, value);
  if (!Number.isSafeInteger(n))
    throw new JournalWriteError(`${what}: ${field} must be a whole number (got ${n})`);
  return n;
}

function bool(what: string, field: string, value: unknown): 0 | 1 {
  if (typeof value !== 'boolean') throw new JournalWriteError(`${what}: ${field} must be true or false`);
  return value ? 1 : 0;
}

export function optionalRowId(what: string, field: string, value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new JournalWriteError(
      `${what}: ${field} must be a row id returned by the journal (got ${String(value)})`,
    );
  }
  return value;
}
