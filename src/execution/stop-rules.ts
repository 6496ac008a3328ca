import { Decimal } from 'decimal.js';
import type { PositionSide, StopRule } from '../domain/index.ts';

/**
 * The position manager's rules (SPEC section 6) as pure calculators: each returns the stop it
 * wants or null. `ratchetStop` combines them into one move that only tightens, never crosses the
 * mark, lands on the tick and is skipped below one tick of improvement.
 */

export interface StopRuleConfig {
  breakEven: { enabled: boolean; triggerPct: number; offsetPct: number };
  profitLock: { enabled: boolean; ladder: readonly { movePct: number; lockPct: number }[] };
  trailing: {
    enabled: boolean;
    activationPct: number;
    atrMultiplier: number;
    minDistancePct: number;
    maxDistancePct: number;
  };
  /** null turns the time exit off. */
  maxHoldingMs: number | null;
}

export interface ManagedTrade {
  side: PositionSide;
  entryPrice: number;
  openedAtMs: number;
  /** The most favourable mark seen since the open (highest for a long, lowest for a short). */
  bestPrice: number;
}

export interface StopCandidate {
  stop: number;
  rule: StopRule;
  reason: string;
}

const sign = (side: PositionSide) => (side === 'LONG' ? 1 : -1);

/** Favourable move of `price` from entry, as a fraction of entry (negative when against). */
export function favourableMovePct(side: PositionSide, entryPrice: number, price: number): number {
  return (sign(side) * (price - entryPrice)) / entryPrice;
}

/** A price `pct` of entry on the winning side (locked profit) of entry. */
function lockedPrice(trade: ManagedTrade, pct: number): number {
  return trade.entryPrice * (1 + sign(trade.side) * pct);
}

const fmtPct = (x: number) => `${(x * 100).toFixed(2)}%`;

export function breakEvenStop(trade: ManagedTrade, config: StopRuleConfig): StopCandidate | null {
  const rule = config.breakEven;
  if (!rule.enabled) return null;
  const move = favourableMovePct(trade.side, trade.entryPrice, trade.bestPrice);
  if (!(move >= rule.triggerPct)) return null;
  return {
    stop: lockedPrice(trade, rule.offsetPct),
    rule: 'BREAK_EVEN',
    reason: `best move ${fmtPct(move)} ≥ ${fmtPct(rule.triggerPct)}: stop to entry ${rule.offsetPct >= 0 ? '+' : ''}${fmtPct(rule.offsetPct)}`,
  };
}

export function profitLockStop(trade: ManagedTrade, config: StopRuleConfig): StopCandidate | null {
  const rule = config.profitLock;
  if (!rule.enabled) return null;
  const move = favourableMovePct(trade.side, trade.entryPrice, trade.bestPrice);
  let best: { movePct: number; lockPct: number } | null = null;
  for (const rung of rule.ladder) {
    if (move >= rung.movePct && (best === null || rung.lockPct > best.lockPct)) best = rung;
  }
  if (best === null) return null;
  return {
    stop: lockedPrice(trade, best.lockPct),
    rule: 'PROFIT_LOCK',
    reason: `best move ${fmtPct(move)} ≥ rung ${fmtPct(best.movePct)}: lock ${fmtPct(best.lockPct)}`,
  };
}

/** Trail distance: ATR × multiplier as a fraction of the best price, clamped to [min, max]. */
export function trailingDistancePct(atr: number | null, bestPrice: number, config: StopRuleConfig): number {
  const t = config.trailing;
  const raw =
    atr !== null && Number.isFinite(atr) && atr > 0 ? (atr * t.atrMultiplier) / bestPrice : t.maxDistancePct;
  return Math.min(t.maxDistancePct, Math.max(t.minDistancePct, raw));
}

export function trailingStop(
  trade: ManagedTrade,
  atr: number | null,
  config: StopRuleConfig,
): StopCandidate | null {
  const rule = config.trailing;
  if (!rule.enabled) return null;
  const move = favourableMovePct(trade.side, trade.entryPrice, trade.bestPrice);
  if (!(move >= rule.activationPct)) return null;
  const distance = trailingDistancePct(atr, trade.bestPrice, config);
  return {
    stop: trade.bestPrice * (1 - sign(trade.side) * distance),
    rule: 'TRAILING',
    reason: `best ${trade.bestPrice} (move ${fmtPct(move)}), trail ${fmtPct(distance)}${atr === null ? ' (no ATR: widest)' : ` = ATR ${atr.toPrecision(6)} × ${rule.atrMultiplier} clamped`}`,
  };
}

export function timeExitDue(trade: ManagedTrade, nowMs: number, config: StopRuleConfig): boolean {
  return (
    config.maxHoldingMs !== null && config.maxHoldingMs > 0 && nowMs - trade.openedAtMs >= config.maxHoldingMs
  );
}

export interface RatchetInput {
  side: PositionSide;
  /** The stop on the exchange now; null when none is known. */
  currentStop: number | null;
  markPrice: number;
  tickSize: number;
  candidates: readonly (StopCandidate | null)[];
}

/**
 * The tightest candidate that, rounded to the tick away from the mark, stays at least one tick on
 * the losing side of the mark and tightens the current stop by at least one tick. A candidate
 * that would cross the mark is dropped, not clamped: the venue would refuse it, and the stop
 * already on the exchange keeps protecting the position. null when nothing qualifies.
 */
export function ratchetStop(input: RatchetInput): StopCandidate | null {
  const { side, currentStop, markPrice, tickSize } = input;
  if (!(markPrice > 0) || !(tickSize > 0)) return null;
  const s = sign(side);
  const tick = new Decimal(tickSize);
  const mark = new Decimal(markPrice);
  let chosen: StopCandidate | null = null;
  for (const c of input.candidates) {
    if (c === null || !Number.isFinite(c.stop) || c.stop <= 0) continue;
    // Rounding to the tick only loosens a stop, so a raw candidate that does not tighten by a
    // tick (less a margin far above float error) cannot qualify: skip the exact decimal work.
    if (currentStop !== null && s * (c.stop - currentStop) < tickSize - 1e-9 * c.stop) continue;
    const steps = new Decimal(c.stop).div(tick);
    const stop = (side === 'LONG' ? steps.floor() : steps.ceil()).mul(tick);
    if (stop.lte(0) || mark.sub(stop).mul(s).lt(tick)) continue;
    if (currentStop !== null && stop.sub(currentStop).mul(s).lt(tick)) continue;
    if (chosen === null || s * stop.toNumber() > s * chosen.stop) chosen = { ...c, stop: stop.toNumber() };
  }
  return chosen;
}
