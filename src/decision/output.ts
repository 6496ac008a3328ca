import { isDeepStrictEqual } from 'node:util';
import {
  blankProposal,
  type DecisionHoldReason,
  type Proposal,
  type SymbolDecision,
} from '../domain/index.ts';
import { extractJsonObjects, MAX_REPLY_CHARS } from './json-extract.ts';
import { isWireDocument, type WireDecision, wireDecisionSchema } from './wire.ts';

export interface ParsedReply {
  decisions: SymbolDecision[];
  ignoredSymbols: string[];
  missingSymbols: string[];
  /** Reply-level problem (no document, ambiguous documents), null when the document was usable. */
  error: string | null;
}

export function holdProposal(symbol: string): Proposal {
  return blankProposal(symbol, 'HOLD');
}

export function forcedHold(
  symbol: string,
  reason: DecisionHoldReason,
  detail: string,
  received: unknown = null,
): SymbolDecision {
  return { symbol, proposal: holdProposal(symbol), holdReason: reason, detail, received };
}

/** Every symbol HOLD with AI_UNAVAILABLE: the call failed, timed out or had nothing recorded. */
export function unavailableForAll(symbols: readonly string[], detail: string): SymbolDecision[] {
  return symbols.map((symbol) => forcedHold(symbol, 'AI_UNAVAILABLE', detail));
}

function toProposal(symbol: string, wire: WireDecision): Proposal {
  return {
    symbol,
    action: wire.action,
    confidence: wire.confidence ?? null,
    leverage: wire.leverage ?? null,
    sizePct: wire.size_pct ?? null,
    entryType: wire.entry_type ?? null,
    entryPrice: wire.entry_price ?? null,
    slPct: wire.sl_pct ?? null,
    tpPct: wire.tp_pct ?? null,
    rationale: wire.rationale ?? null,
  };
}

/** The decisions documents in a parsed value: itself, or nested once a model wrapped it ({"result":{...}}). */
function wireDocumentsIn(value: unknown, depth = 0): unknown[] {
  if (isWireDocument(value)) return [value];
  if (depth >= 3 || value === null || typeof value !== 'object') return [];
  return Object.values(value).flatMap((child) => wireDocumentsIn(child, depth + 1));
}

function entrySymbol(entry: unknown): string | null {
  if (entry === null || typeof entry !== 'object') return null;
  const symbol = (entry as { symbol?: unknown }).symbol;
  return typeof symbol === 'string' && symbol.trim() !== '' ? symbol.trim().toUpperCase() : null;
}

function describeIssues(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 4)
    .map((issue) => `${issue.path.map(String).join('.') || 'entry'}: ${issue.message}`)
    .join('; ');
}

/** The detail of a symbol the reply did not list: the short answer format's HOLD. */
export const NOT_LISTED = 'not listed in the reply: HOLD';

/**
 * Turns a model reply into exactly one decision per requested symbol. The model lists only the
 * symbols it acts on: a symbol it left out is a plain HOLD (a full list, as older prompt versions
 * asked for, reads the same). An entry that does not validate or a symbol answered twice is HOLD
 * with AI_INVALID_OUTPUT, and so is every left-out symbol when some entry has no readable symbol
 * (it may have meant one of them); the other symbols still pass. Symbols nobody asked about are
 * ignored and reported.
 */
export function parseReply(raw: string, symbols: readonly string[]): ParsedReply {
  const documents = extractJsonObjects(raw).flatMap((candidate) => wireDocumentsIn(candidate));
  const distinct = documents.filter((doc, i) => documents.findIndex((d) => isDeepStrictEqual(d, doc)) === i);
  if (distinct.length !== 1) {
    const error =
      raw.length > MAX_REPLY_CHARS
        ? `the reply is ${raw.length} characters long, over the ${MAX_REPLY_CHARS} searched`
        : distinct.length === 0
          ? 'the reply holds no JSON object with a "decisions" array'
          : `the reply holds ${distinct.length} different "decisions" documents; refusing to guess which one is meant`;
    return {
      decisions: symbols.map((s) => forcedHold(s, 'AI_INVALID_OUTPUT', error)),
      ignoredSymbols: [],
      missingSymbols: [],
      error,
    };
  }
  const requested = new Set(symbols);
  const bySymbol = new Map<string, unknown[]>();
  const ignored = new Set<string>();
  let unattributed = 0;
  for (const entry of (distinct[0] as { decisions: unknown[] }).decisions) {
    const symbol = entrySymbol(entry);
    if (symbol === null) unattributed++;
    else if (!requested.has(symbol)) {
      if (ignored.size < 20) ignored.add(symbol.length > 30 ? `${symbol.slice(0, 30)}…` : symbol);
    } else bySymbol.set(symbol, [...(bySymbol.get(symbol) ?? []), entry]);
  }
  const missingSymbols: string[] = [];
  const decisions = symbols.map((symbol): SymbolDecision => {
    const entries = bySymbol.get(symbol) ?? [];
    if (entries.length === 0) {
      missingSymbols.push(symbol);
      if (unattributed > 0) {
        const detail = `the reply has no entry for ${symbol} and ${unattributed} entries with no readable symbol`;
        return forcedHold(symbol, 'AI_INVALID_OUTPUT', detail);
      }
      return {
        symbol,
        proposal: holdProposal(symbol),
        holdReason: null,
        detail: NOT_LISTED,
        received: null,
      };
    }
    if (entries.length > 1) {
      return forcedHold(symbol, 'AI_INVALID_OUTPUT', `the reply has ${entries.length} entries for ${symbol}`);
    }
    const parsed = wireDecisionSchema.safeParse(entries[0]);
    if (!parsed.success) {
      const detail = `invalid entry for ${symbol}: ${describeIssues(parsed.error)}`;
      return forcedHold(symbol, 'AI_INVALID_OUTPUT', detail, entries[0]);
    }
    return {
      symbol,
      proposal: toProposal(symbol, parsed.data),
      holdReason: null,
      detail: null,
      received: entries[0],
    };
  });
  return { decisions, ignoredSymbols: [...ignored].sort(), missingSymbols, error: null };
}
