import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import {
  type DecisionRow,
  type DecisionView,
  rangeParams,
  type TimeRange,
  toDecisionView,
} from './decision-view.ts';
import { JournalError } from './errors.ts';
import type { Journal } from './journal.ts';

export interface ExportOptions extends TimeRange {
  /** Also write the exact prompt and raw response text of every decision (large). */
  includeTexts?: boolean;
}

/** One element of ai_decisions.json: SPEC section 3's proposal fields, then section 7's audit fields. */
export type ExportedDecision = Record<string, unknown>;

/** Every decision in [from, to), oldest first, one at a time: memory stays flat on any journal size. */
export function* iterateExportedDecisions(
  journal: Journal,
  options: ExportOptions = {},
): Generator<ExportedDecision> {
  const rows = journal.db
    .prepare('SELECT * FROM decisions WHERE at_ms >= @fromMs AND at_ms < @toMs ORDER BY id')
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
  for (const row of rows) {
    const view = toDecisionView(row);
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
    // SPEC section 3: the proposal as the gate saw it.
    action: d.proposedAction,
    confidence: d.confidence,
    leverage: d.proposedLeverage,
    size_pct: d.sizePct,
    entry_type: d.entryType,
    entry_price: d.entryPrice,
    sl_pct: d.slPct,
    tp_pct: d.tpPct,
    rationale: d.rationale,
    // SPEC section 7: the audit record.
    id: d.id,
    timestamp: new Date(d.atMs).toISOString(),
    timestamp_ms: d.atMs,
    cycle_id: d.cycleId,
    symbol: d.symbol,
    final_action: d.action,
    proposed_leverage: d.proposedLeverage,
    final_leverage: d.finalLeverage,
    effective_confidence: d.effectiveConfidence,
    proposal_received: d.proposalReceived,
    input_snapshot: snakeKeys(d.inputSnapshot),
    prompt_version: d.promptVersion,
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
    tokens_in: d.tokensIn,
    tokens_out: d.tokensOut,
    cost_usd: d.costUsd,
    prompt_hash: d.promptHash,
    response_hash: d.responseHash,
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
    throw new JournalError(
      `cannot write ${outFile}: ${error instanceof Error ? error.message : String(error)}`,
    );
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
    throw new JournalError(
      `cannot write ${outFile}: ${error instanceof Error ? error.message : String(error)}`,
    );
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
