import { ACTIONS, ENTRY_TYPES, SIDES, TRADING_STATES } from '../domain/index.ts';
import type { ValidAccount, ValidInstrument, ValidMarket, ValidProposal } from './input.ts';

/**
 * The common case of the gate's input schemas (input.ts) checked by hand: plain objects whose
 * every field has exactly the expected type and range. Each function returns what the zod schema
 * returns for such a value, or `undefined` for anything else (a wrong type, an extra shape, an
 * absent key, a getter…), and the zod schema then decides and words the error. So these only
 * ever say yes, never no; a property test holds each one to its schema on valid and broken
 * inputs alike. They exist because the cycle validates the account and the market of every
 * symbol, and zod's records cost more than the rest of the check.
 */

type Fields = Record<string, unknown>;

const NOT_ACCEPTED = undefined;

/** An object literal (or one without a prototype, as a dictionary may be): no class, no array. */
function plain(value: unknown): value is Fields {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const positive = (v: unknown): v is number => finite(v) && v > 0;
const nonNegative = (v: unknown): v is number => finite(v) && v >= 0;
const text = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const member = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (list as readonly string[]).includes(v);
const feeRate = (v: unknown): v is number => finite(v) && v > -0.01 && v < 0.01;

/** A `.nullish().transform(v => v ?? null)` field: absent, undefined or null give null. */
const ABSENT = Symbol('absent');
function orNull(v: unknown, check: (v: unknown) => boolean): number | null | typeof ABSENT {
  if (v === undefined || v === null) return null;
  return check(v) ? (v as number) : ABSENT;
}

/** A record of string keys: a plain object with only enumerable string keys and no `__proto__` key. */
function recordKeys(value: unknown): string[] | undefined {
  if (!plain(value)) return NOT_ACCEPTED;
  const keys = Object.keys(value);
  if (Object.getOwnPropertyNames(value).length !== keys.length) return NOT_ACCEPTED;
  if (Object.getOwnPropertySymbols(value).length > 0 || Object.hasOwn(value, '__proto__'))
    return NOT_ACCEPTED;
  return keys;
}

/** A record whose every value passes `item`, copied; undefined when the record or any value does not. */
function recordOf<T>(value: unknown, item: (v: unknown) => T | undefined): Record<string, T> | undefined {
  const keys = recordKeys(value);
  if (!keys) return NOT_ACCEPTED;
  const out: Record<string, T> = {};
  for (const key of keys) {
    const parsed = item((value as Fields)[key]);
    if (parsed === undefined) return NOT_ACCEPTED;
    out[key] = parsed;
  }
  return out;
}

function arrayOf<T>(value: unknown, item: (v: unknown) => T | undefined): T[] | undefined {
  if (!Array.isArray(value)) return NOT_ACCEPTED;
  const out: T[] = [];
  for (let i = 0; i < value.length; i++) {
    if (!Object.hasOwn(value, i)) return NOT_ACCEPTED;
    const parsed = item(value[i]);
    if (parsed === undefined) return NOT_ACCEPTED;
    out.push(parsed);
  }
  return out;
}

export function fastProposal(v: unknown): ValidProposal | undefined {
  if (!plain(v) || !('rationale' in v)) return NOT_ACCEPTED;
  const { symbol, action, confidence, leverage, sizePct, entryType, entryPrice, slPct, tpPct, rationale } = v;
  if (!text(symbol) || !member(ACTIONS, action)) return NOT_ACCEPTED;
  for (const n of [confidence, leverage, sizePct, entryPrice, slPct, tpPct]) {
    if (n !== null && typeof n !== 'number') return NOT_ACCEPTED;
  }
  if (entryType !== null && !member(ENTRY_TYPES, entryType)) return NOT_ACCEPTED;
  return {
    symbol,
    action,
    confidence: confidence as number | null,
    leverage: leverage as number | null,
    sizePct: sizePct as number | null,
    entryType,
    entryPrice: entryPrice as number | null,
    slPct: slPct as number | null,
    tpPct: tpPct as number | null,
    rationale: typeof rationale === 'string' ? rationale : null,
  };
}

function fastPosition(v: unknown): ValidAccount['positions'][number] | undefined {
  if (!plain(v)) return NOT_ACCEPTED;
  const { symbol, side, qty, entryPrice, markPrice } = v;
  if (!text(symbol) || !member(SIDES, side)) return NOT_ACCEPTED;
  if (!positive(qty) || !positive(entryPrice) || !positive(markPrice)) return NOT_ACCEPTED;
  const stopLoss = orNull(v.stopLoss, positive);
  const takeProfit = orNull(v.takeProfit, positive);
  const leverage = orNull(v.leverage, positive);
  if (stopLoss === ABSENT || takeProfit === ABSENT || leverage === ABSENT) return NOT_ACCEPTED;
  return { symbol, side, qty, entryPrice, markPrice, stopLoss, takeProfit, leverage };
}

function fastPendingEntry(v: unknown): ValidAccount['pendingEntries'][number] | undefined {
  if (!plain(v)) return NOT_ACCEPTED;
  const { symbol, side, qty, price } = v;
  if (!text(symbol) || !member(SIDES, side) || !positive(qty) || !positive(price)) return NOT_ACCEPTED;
  const hasEntryType = Object.hasOwn(v, 'entryType');
  const entryType = hasEntryType ? v.entryType : undefined;
  if (hasEntryType && !member(ENTRY_TYPES, entryType)) return NOT_ACCEPTED;
  const stopLoss = orNull(v.stopLoss, positive);
  const plannedRiskUsdt = orNull(v.plannedRiskUsdt, nonNegative);
  if (stopLoss === ABSENT || plannedRiskUsdt === ABSENT) return NOT_ACCEPTED;
  return {
    symbol,
    side,
    qty,
    price,
    ...(hasEntryType ? { entryType: entryType as (typeof ENTRY_TYPES)[number] } : {}),
    stopLoss,
    plannedRiskUsdt,
  };
}

function fastClosedTrade(v: unknown): ValidAccount['recentCloses'][number] | undefined {
  if (!plain(v)) return NOT_ACCEPTED;
  const { symbol, side, closedAtMs, realizedPnlUsdt } = v;
  if (!text(symbol) || !member(SIDES, side) || !finite(closedAtMs) || !finite(realizedPnlUsdt))
    return NOT_ACCEPTED;
  return { symbol, side, closedAtMs, realizedPnlUsdt };
}

function fastFeeRates(v: unknown): ValidAccount['feeRates'] | undefined {
  if (v === undefined || v === null) return null;
  return recordOf(v, (rates) => {
    if (!plain(rates)) return NOT_ACCEPTED;
    const { takerFee, makerFee } = rates;
    return feeRate(takerFee) && feeRate(makerFee) ? { takerFee, makerFee } : NOT_ACCEPTED;
  });
}

export function fastAccount(v: unknown): ValidAccount | undefined {
  if (!plain(v)) return NOT_ACCEPTED;
  const { walletAvailableUsdt, equityUsdt, tradingState } = v;
  if (!nonNegative(walletAvailableUsdt) || !finite(equityUsdt) || !member(TRADING_STATES, tradingState))
    return NOT_ACCEPTED;
  const positions = arrayOf(v.positions, fastPosition);
  const pendingEntries = arrayOf(v.pendingEntries, fastPendingEntry);
  const recentCloses = arrayOf(v.recentCloses, fastClosedTrade);
  const equityPeakUsdt = orNull(v.equityPeakUsdt, finite);
  const feeRates = fastFeeRates(v.feeRates);
  if (!positions || !pendingEntries || !recentCloses || equityPeakUsdt === ABSENT || feeRates === undefined)
    return NOT_ACCEPTED;
  return {
    walletAvailableUsdt,
    equityUsdt,
    tradingState,
    positions,
    pendingEntries,
    recentCloses,
    equityPeakUsdt,
    feeRates,
  };
}

export function fastInstrument(v: unknown): ValidInstrument | undefined {
  if (!plain(v)) return NOT_ACCEPTED;
  const { symbol, tickSize, qtyStep, minQty, minNotionalUsdt, maxLeverage, takerFee, makerFee } = v;
  if (!text(symbol) || !positive(tickSize) || !positive(qtyStep) || !positive(minQty)) return NOT_ACCEPTED;
  if (!nonNegative(minNotionalUsdt) || !finite(maxLeverage) || maxLeverage < 1) return NOT_ACCEPTED;
  if (!feeRate(takerFee) || !feeRate(makerFee)) return NOT_ACCEPTED;
  const maxQty = orNull(v.maxQty, positive);
  const maxMarketQty = orNull(v.maxMarketQty, positive);
  const minLeverage = orNull(v.minLeverage, positive);
  if (maxQty === ABSENT || maxMarketQty === ABSENT || minLeverage === ABSENT) return NOT_ACCEPTED;
  return {
    symbol,
    tickSize,
    qtyStep,
    minQty,
    maxQty,
    maxMarketQty,
    minNotionalUsdt,
    maxLeverage,
    minLeverage,
    takerFee,
    makerFee,
  };
}

function fastCorrelations(v: unknown): ValidMarket['correlations'] | undefined {
  if (v === undefined || v === null) return null;
  return recordOf(v, (row) => recordOf(row, (c) => (finite(c) && c >= -1 && c <= 1 ? c : NOT_ACCEPTED)));
}

// Same shape as fastAccount on purpose: each mirrors its own zod schema (input.ts) field by field.
export function fastMarket(v: unknown): ValidMarket | undefined {
  if (!plain(v)) return NOT_ACCEPTED;
  const { symbol, markPrice, nowMs, lastClosedCandleMs } = v;
  if (!text(symbol) || !positive(markPrice) || !finite(nowMs) || !finite(lastClosedCandleMs))
    return NOT_ACCEPTED;
  const bestBid = orNull(v.bestBid, positive);
  const bestAsk = orNull(v.bestAsk, positive);
  const preScore = orNull(v.preScore, finite);
  const rangeScore = orNull(v.rangeScore, finite);
  const correlations = fastCorrelations(v.correlations);
  if (bestBid === ABSENT || bestAsk === ABSENT || preScore === ABSENT || rangeScore === ABSENT)
    return NOT_ACCEPTED;
  if (correlations === undefined) return NOT_ACCEPTED;
  return {
    symbol,
    markPrice,
    bestBid,
    bestAsk,
    nowMs,
    lastClosedCandleMs,
    preScore,
    rangeScore,
    correlations,
  };
}
