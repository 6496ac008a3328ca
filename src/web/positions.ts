import type { PositionSide } from '../domain/index.ts';
import type { ExchangeOrder, ExchangePosition } from '../exchange/port.ts';
import type { JournalOpenPosition } from '../journal/index.ts';
import {
  pendingEntryRiskUsdt,
  positionRiskUsdt,
  type RiskCosts,
  UnknownFeeRatesError,
} from '../risk/index.ts';
import type { VenueRead } from './venue.ts';

export interface PositionRow {
  symbol: string;
  side: PositionSide;
  qty: number;
  entryPrice: number;
  markPrice: number | null;
  /** The stop on the venue when it could be read, else the last one journaled. */
  stopLoss: number | null;
  takeProfit: number | null;
  leverage: number | null;
  /** (mark − stop) / mark for a long, (stop − mark) / mark for a short; null without mark or stop. */
  distanceToStopPct: number | null;
  unrealisedPnlUsdt: number | null;
  /**
   * What closing at the stop will cost (the gate's formula: distance, slippage allowance, exit fee;
   * 0 once the stop locks in more than that); null when the symbol's fee rates are not known yet.
   */
  riskUsdt: number | null;
  liquidationPrice: number | null;
  openedAtMs: number | null;
  positionId: string | null;
  decisionId: number | null;
  /** journal+venue: both agree it is open; venue-only: not (yet) journaled; journal-only: venue shows flat. */
  source: 'journal+venue' | 'venue-only' | 'journal-only';
}

export interface PendingOrderRow {
  symbol: string;
  side: 'BUY' | 'SELL';
  type: 'LIMIT' | 'MARKET';
  qty: number;
  filledQty: number;
  price: number | null;
  stopLoss: number | null;
  takeProfit: number | null;
  clientOrderId: string;
  createdAtMs: number;
  /** The gate's formula for an entry not yet filled (its entry fee included); null without fee rates. */
  riskUsdt: number | null;
}

/** A figure that needs fee rates not read yet is unknown, never costed at zero. */
function costed(compute: () => number): number | null {
  try {
    return compute();
  } catch (error) {
    if (error instanceof UnknownFeeRatesError) return null;
    throw error;
  }
}

export function distanceToStopPct(
  side: PositionSide,
  markPrice: number | null,
  stop: number | null,
): number | null {
  if (markPrice === null || stop === null || markPrice <= 0) return null;
  return side === 'LONG' ? (markPrice - stop) / markPrice : (stop - markPrice) / markPrice;
}

/** Open positions as the trader needs them: venue truth first, the journal's ids and times beside. */
export function positionRows(
  journaled: readonly JournalOpenPosition[],
  venue: VenueRead,
  costs: RiskCosts,
): PositionRow[] {
  const rows: PositionRow[] = [];
  const seen = new Set<string>();
  const live: ExchangePosition[] = venue.ok ? venue.snapshot.positions : [];
  for (const p of live) {
    const j = journaled.find((x) => x.symbol === p.symbol && x.side === p.side) ?? null;
    if (j) seen.add(j.positionId);
    const stopLoss = p.stopLoss ?? j?.stopLoss ?? null;
    rows.push({
      symbol: p.symbol,
      side: p.side,
      qty: p.qty,
      entryPrice: p.entryPrice,
      markPrice: p.markPrice,
      stopLoss,
      takeProfit: p.takeProfit ?? j?.takeProfit ?? null,
      leverage: p.leverage,
      distanceToStopPct: distanceToStopPct(p.side, p.markPrice, stopLoss),
      unrealisedPnlUsdt: p.unrealisedPnlUsdt,
      riskUsdt: costed(() => positionRiskUsdt({ ...p, stopLoss }, costs)),
      liquidationPrice: p.liquidationPrice,
      openedAtMs: j?.openedAtMs ?? null,
      positionId: j?.positionId ?? null,
      decisionId: j?.decisionId ?? null,
      source: j ? 'journal+venue' : 'venue-only',
    });
  }
  for (const j of journaled) {
    if (seen.has(j.positionId)) continue;
    // When the venue is unreadable the journal is all we know; when it answered, the position is
    // closing (the ledger will journal the close on its next sync).
    rows.push({
      symbol: j.symbol,
      side: j.side,
      qty: j.qty,
      entryPrice: j.entryPrice,
      markPrice: null,
      stopLoss: j.stopLoss,
      takeProfit: j.takeProfit,
      leverage: j.leverage,
      distanceToStopPct: null,
      unrealisedPnlUsdt: null,
      riskUsdt: costed(() => positionRiskUsdt({ ...j, markPrice: j.entryPrice }, costs)),
      liquidationPrice: null,
      openedAtMs: j.openedAtMs,
      positionId: j.positionId,
      decisionId: j.decisionId,
      source: 'journal-only',
    });
  }
  return rows.sort((a, b) => a.symbol.localeCompare(b.symbol));
}

/** Entry orders still resting on the venue (stops and take-profits are shown with their position). */
export function pendingOrderRows(venue: VenueRead, costs: RiskCosts): PendingOrderRow[] {
  if (!venue.ok) return [];
  return venue.snapshot.openOrders
    .filter((o) => o.stopKind === 'NONE' && !o.reduceOnly)
    .map((o) => ({
      symbol: o.symbol,
      side: o.side,
      type: o.type,
      qty: o.qty,
      filledQty: o.filledQty,
      price: o.price,
      stopLoss: o.stopLoss,
      takeProfit: o.takeProfit,
      clientOrderId: o.clientOrderId,
      createdAtMs: o.createdAtMs,
      riskUsdt: costed(() => entryRisk(o, costs)),
    }))
    .sort((a, b) => b.createdAtMs - a.createdAtMs);
}

function entryRisk(o: ExchangeOrder, costs: RiskCosts): number {
  const price = o.price ?? o.avgFillPrice ?? 0;
  return pendingEntryRiskUsdt(
    {
      symbol: o.symbol,
      side: o.side === 'BUY' ? 'LONG' : 'SHORT',
      qty: Math.max(0, o.qty - o.filledQty),
      price,
      entryType: o.type,
      stopLoss: o.stopLoss,
    },
    costs,
  );
}

/** The same total the gate's MAX_TOTAL_RISK_USDT check adds up; null when a leg could not be costed. */
export function totalOpenRiskUsdt(
  positions: readonly PositionRow[],
  pending: readonly PendingOrderRow[],
): number | null {
  let total = 0;
  for (const row of [...positions, ...pending]) {
    if (row.riskUsdt === null) return null;
    total += row.riskUsdt;
  }
  return total;
}
