import type { RiskLimits } from '../domain/index.ts';
import { accountRiskCosts } from '../risk/index.ts';
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
  limits: Pick<RiskLimits, 'maxTotalRiskUsdt' | 'slSlippageAllowancePct'>,
): Promise<LiveView> {
  const journaled = options.queries.openPositions();
  const read = venue
    ? await venue.read()
    : ({ ok: false, error: 'no running bot: journal view only' } as const);
  const feeRates = read.ok ? read.snapshot.feeRates : (venue?.knownFeeRates() ?? {});
  const costs = accountRiskCosts(limits.slSlippageAllowancePct, feeRates);
  const positions = positionRows(journaled, read, costs);
  const pendingOrders = pendingOrderRows(read, costs);
  return {
    tradingState: options.bot?.tradingState() ?? options.journal.lastTradingState()?.to ?? 'ACTIVE',
    exchangeReachable: read.ok,
    exchangeError: read.ok ? null : read.error,
    positions,
    pendingOrders,
    openRiskUsdt: read.ok ? totalOpenRiskUsdt(positions, pendingOrders) : null,
    openRiskCapUsdt: limits.maxTotalRiskUsdt,
  };
}
