import {
  type PendingOrderRow,
  type PositionRow,
  pendingOrderRows,
  positionRows,
  totalOpenRiskUsdt,
} from './positions.ts';
import type { WebServerOptions } from './types.ts';
import type { VenueReader } from './venue.ts';

export interface LiveView {
  tradingState: string;
  exchangeReachable: boolean;
  exchangeError: string | null;
  positions: PositionRow[];
  pendingOrders: PendingOrderRow[];
  openRiskUsdt: number | null;
  openRiskCapUsdt: number;
}

/** Positions, pending entries and open risk: venue truth, journal beside it; the state from the engine. */
export async function liveView(
  options: WebServerOptions,
  venue: VenueReader | null,
  maxTotalRiskUsdt: number,
): Promise<LiveView> {
  const journaled = options.queries.openPositions();
  const read = venue
    ? await venue.read()
    : ({ ok: false, error: 'no running bot: journal view only' } as const);
  const positions = positionRows(journaled, read);
  const pendingOrders = pendingOrderRows(read);
  return {
    tradingState: options.bot?.tradingState() ?? options.journal.lastTradingState()?.to ?? 'ACTIVE',
    exchangeReachable: read.ok,
    exchangeError: read.ok ? null : read.error,
    positions,
    pendingOrders,
    openRiskUsdt: read.ok ? totalOpenRiskUsdt(positions, pendingOrders) : null,
    openRiskCapUsdt: maxTotalRiskUsdt,
  };
}
