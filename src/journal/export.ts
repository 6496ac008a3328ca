import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { DecisionInputSnapshot } from '../domain/index.ts';
import { errorMessage } from '../domain/index.ts';
import {
  type DecisionRow,
  type DecisionView,
  rangeParams,
  type TimeRange,
  toDecisionView,
} from './decision-view.ts';
import { JournalError } from './errors.ts';
import type { Journal } from './journal.ts';
import { databaseOf, leadRows } from './lookups.ts';
import { ModelCallReader, type ModelCallView } from './model-calls.ts';

export interface ExportOptions extends TimeRange {
  /** Also write the exact prompt and raw response text of every decision (large). */
  includeTexts?: boolean;
}

/** One element of ai_decisions.json: the seed's fields under the seed's names, then SPEC section 7's. */
export type ExportedDecision = Record<string, unknown>;

/** Every decision of the lead in [from, to), oldest first, one at a time: memory stays flat on any journal size. */
export function* iterateExportedDecisions(
  journal: Journal,
  options: ExportOptions = {},
): Generator<ExportedDecision> {
  const rows = databaseOf(journal)
    .prepare(`SELECT * FROM decisions WHERE at_ms >= @fromMs AND at_ms < @toMs AND ${leadRows()} ORDER BY id`)
    .iterate(rangeParams(options)) as IterableIterator<DecisionRow>;
  let lastHash: string | null = null;
  let lastText: string | null = null;
  const text = (hash: string | null): string | null => {
    if (hash === null) return null;
    if (hash !== lastHash) {
      lastHash = hash;
      lastText = journal.findBlob(hash);
    }
    return lastText;
  };
  const calls = new ModelCallReader(databaseOf(journal));
  for (const row of rows) {
    const view = toDecisionView(row, calls.forDecision(row));
    const record = toExportedDecision(view);
    if (options.includeTexts) {
      record.prompt = text(view.promptHash);
      record.raw_response = text(view.responseHash);
    }
    yield record;
  }
}

export function toExportedDecision(d: DecisionView): ExportedDecision {
  return {
    // The seed's ai_decisions.json: action and leverage are the final, gated values.
    timestamp: new Date(d.atMs).toISOString(),
    symbol: d.symbol,
    action: d.action,
    confidence: d.confidence,
    leverage: d.finalLeverage,
    size_pct: d.sizePct,
    input_snapshot: seedSnapshot(d.inputSnapshot),
    prompt_version: d.promptVersion,
    // What the model proposed, beside the final values.
    proposed_action: d.proposedAction,
    proposed_leverage: d.proposedLeverage,
    rationale: d.rationale,
    effective_confidence: d.effectiveConfidence,
    proposal_received: d.proposalReceived,
    // SPEC section 7: the rest of the audit record.
    id: d.id,
    timestamp_ms: d.atMs,
    cycle_id: d.cycleId,
    provider: d.provider,
    model: d.model,
    blocked_by: d.blockedBy,
    adjustments: d.adjustments,
    order: d.order === null ? null : snakeKeys(d.order),
    detail: d.detail,
    regime: d.regime,
    pre_score: d.preScore,
    range_score: d.rangeScore,
    order_ids: d.orderIds,
    latency_ms: d.latencyMs,
    model_call_id: d.modelCall?.id ?? null,
    model_call: d.modelCall === null ? null : exportedCall(d.modelCall),
    prompt_hash: d.promptHash,
    response_hash: d.responseHash,
  };
}

/** The seed's seven input fields first, under its names, then every further fact Warden kept. */
function seedSnapshot(s: DecisionInputSnapshot): Record<string, unknown> {
  const {
    entryPrice,
    slPct,
    tpPct,
    leverage,
    entryType,
    walletAvailableUsdt,
    positionsOpen,
    extra,
    ...further
  } = s;
  return {
    entry_price: entryPrice ?? null,
    sl_pct: slPct ?? null,
    tp_pct: tpPct ?? null,
    leverage: leverage ?? null,
    entry_type: entryType ?? null,
    wallet_available: walletAvailableUsdt ?? null,
    positions_open: positionsOpen ?? null,
    ...(snakeKeys(further) as Record<string, unknown>),
    ...(extra ? { extra: snakeKeys(extra) } : {}),
  };
}

/** The call's usage, the same object on every decision of the call: count it once per `id`. */
function exportedCall(c: ModelCallView): Record<string, unknown> {
  return {
    id: c.id,
    symbols: c.symbols,
    tokens_in: c.tokensIn,
    tokens_out: c.tokensOut,
    tokens_cached_in: c.tokensCachedIn,
    tokens_cache_write: c.tokensCacheWrite,
    tokens_estimated: c.tokensEstimated,
    cost_usd: c.costUsd,
    latency_ms: c.latencyMs,
    attempts: c.attempts,
    error: c.error,
    legacy: c.legacy,
  };
}

/**
 * Writes ai_decisions.json (a JSON array, one decision per line) to a temporary file beside
 * `outFile`, fsyncs it and renames it into place: a reader never sees half a file.
 */
export function exportDecisions(
  journal: Journal,
  outFile: string,
  options: ExportOptions = {},
): { count: number } {
  const tmpFile = `${outFile}.${process.pid}.tmp`;
  let fd: number;
  try {
    fd = openSync(tmpFile, 'w');
  } catch (error) {
    throw new JournalError(`cannot write ${outFile}: ${errorMessage(error)}`);
  }
  let count = 0;
  try {
    count = writeDecisionsJson(journal, (chunk) => writeSync(fd, chunk), options).count;
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmpFile, outFile);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(tmpFile, { force: true });
    if (error instanceof JournalError) throw error;
    throw new JournalError(`cannot write ${outFile}: ${errorMessage(error)}`);
  }
  return { count };
}

/**
 * Streams the ai_decisions.json array through `write` in chunks of about 64 kB (e.g. to
 * stdout); memory stays flat on any journal size.
 */
export function writeDecisionsJson(
  journal: Journal,
  write: (chunk: string) => void,
  options: ExportOptions = {},
): { count: number } {
  let count = 0;
  let buffer = '[';
  for (const record of iterateExportedDecisions(journal, options)) {
    buffer += `${count === 0 ? '\n' : ',\n'}${JSON.stringify(record)}`;
    count += 1;
    if (buffer.length >= 1 << 16) {
      write(buffer);
      buffer = '';
    }
  }
  write(`${buffer}${count === 0 ? ']\n' : '\n]\n'}`);
  return { count };
}

function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([key, v]) => [
      key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      snakeKeys(v),
    ]),
  );
}
