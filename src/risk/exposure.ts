import type { PendingEntry, Position, PositionSide } from '../domain/index.ts';

type PositionRiskInput = Pick<Position, 'side' | 'qty' | 'entryPrice' | 'markPrice' | 'stopLoss'>;
type PendingRiskInput = Pick<PendingEntry, 'side' | 'qty' | 'price' | 'stopLoss' | 'plannedRiskUsdt'>;

/**
 * Risk still open on a position: qty × distance from the current stop to the entry on the losing
 * side; zero once the stop is in profit; the whole notional (at the higher of entry and mark)
 * when no stop is known.
 */
export function positionRiskUsdt(position: PositionRiskInput): number {
  const { qty, entryPrice, markPrice, stopLoss } = position;
  if (stopLoss === null) return qty * Math.max(entryPrice, markPrice);
  const lossPerUnit = position.side === 'LONG' ? entryPrice - stopLoss : stopLoss - entryPrice;
  return qty * Math.max(0, lossPerUnit);
}

/** A pending entry's planned risk; recomputed from price and stop when it was not recorded. */
export function pendingEntryRiskUsdt(entry: PendingRiskInput): number {
  const planned = entry.plannedRiskUsdt;
  if (planned !== null && planned !== undefined && Number.isFinite(planned) && planned >= 0) return planned;
  if (entry.stopLoss === null) return entry.qty * entry.price;
  const lossPerUnit = entry.side === 'LONG' ? entry.price - entry.stopLoss : entry.stopLoss - entry.price;
  return entry.qty * Math.max(0, lossPerUnit);
}

export interface Exposure {
  positions: readonly (PositionRiskInput & { symbol: string })[];
  pendingEntries: readonly (PendingRiskInput & { symbol: string })[];
}

interface Leg {
  symbol: string;
  side: PositionSide;
  riskUsdt: number;
}

function legs(exposure: Exposure): Leg[] {
  return [
    ...exposure.positions.map((p) => ({ symbol: p.symbol, side: p.side, riskUsdt: positionRiskUsdt(p) })),
    ...exposure.pendingEntries.map((e) => ({
      symbol: e.symbol,
      side: e.side,
      riskUsdt: pendingEntryRiskUsdt(e),
    })),
  ];
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function openRiskUsdt(exposure: Exposure): number {
  return sum(legs(exposure).map((l) => l.riskUsdt));
}

export function symbolRiskUsdt(exposure: Exposure, symbol: string): number {
  return sum(
    legs(exposure)
      .filter((l) => l.symbol === symbol)
      .map((l) => l.riskUsdt),
  );
}

export type CorrelationMatrix = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** Either orientation of the matrix; null when the pair is unknown. */
export function correlationOf(matrix: CorrelationMatrix | null, a: string, b: string): number | null {
  if (a === b) return 1;
  const value = matrix?.[a]?.[b] ?? matrix?.[b]?.[a];
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/**
 * Risk of same-direction legs on other symbols that move with `symbol`. An unknown correlation
 * counts as correlated: without evidence of diversification, the legs share one budget.
 */
export function correlatedRiskUsdt(
  exposure: Exposure,
  symbol: string,
  side: PositionSide,
  matrix: CorrelationMatrix | null,
  threshold: number,
): number {
  return sum(
    legs(exposure)
      .filter((l) => l.symbol !== symbol && l.side === side)
      .filter((l) => {
        const correlation = correlationOf(matrix, symbol, l.symbol);
        return correlation === null || correlation >= threshold;
      })
      .map((l) => l.riskUsdt),
  );
}
