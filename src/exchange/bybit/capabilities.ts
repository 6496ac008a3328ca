import type { Timeframe } from '../../domain/index.ts';
import { ORDER_LINK_ID_PATTERN } from '../venue-rules.ts';

/** Every Bybit V5 quirk the adapter relies on, in one place (bybit-v5-facts). */
export const bybitCapabilities = {
  category: 'linear',
  /** One-way mode: `positionIdx` is always 0. */
  positionIdx: 0,
  /** One TP and one SL cover the whole position and close it at Market. */
  tpslMode: 'Full',
  /** Stops and take-profits trigger on the mark price, not the last trade. */
  stopTriggerBy: 'MarkPrice',
  orderLinkIdPattern: ORDER_LINK_ID_PATTERN,
  klineMaxLimit: 1000,
  /** `/v5/market/kline` answers newest first. */
  klinesNewestFirst: true,
  openOrdersPageLimit: 50,
  executionsPageLimit: 100,
  instrumentsPageLimit: 1000,
  /** `/v5/order/history` and `/v5/execution/list` accept at most a 7-day window. */
  historyWindowMs: 7 * 24 * 3_600_000,
  /** Default non-VIP linear fee rates, used only when the fee-rate endpoint cannot be asked (no key). */
  defaultTakerFee: 0.00055,
  defaultMakerFee: 0.0002,
  /** Over the IP limit Bybit answers HTTP 403 and asks for at least 10 minutes of silence. */
  ipBanRetryAfterMs: 10 * 60_000,
  /** Wait this long after a 10006 that carries no usable reset header. */
  fallbackRateLimitWaitMs: 1000,
  /** `"0"` removes a stop, take-profit or trailing stop. */
  removeLegValue: '0',
  withdrawPermission: { group: 'Wallet', name: 'Withdraw' },
} as const;

export const BYBIT_INTERVALS: Readonly<Record<Timeframe, string>> = {
  '1m': '1',
  '3m': '3',
  '5m': '5',
  '15m': '15',
  '30m': '30',
  '1h': '60',
  '2h': '120',
  '4h': '240',
  '6h': '360',
  '12h': '720',
  '1d': 'D',
};

export function timeframeFromInterval(interval: string): Timeframe | null {
  for (const [timeframe, value] of Object.entries(BYBIT_INTERVALS)) {
    if (value === interval) return timeframe as Timeframe;
  }
  return null;
}

export type BybitEnvironment = 'live' | 'testnet' | 'demo';

export interface BybitEndpoints {
  restUrl: string;
  wsPublicUrl: string;
  wsPrivateUrl: string;
}

/** facts §2: demo trading uses the mainnet public stream. */
export const BYBIT_ENDPOINTS: Readonly<Record<BybitEnvironment, BybitEndpoints>> = {
  live: {
    restUrl: 'https://api.bybit.com',
    wsPublicUrl: 'wss://stream.bybit.com/v5/public/linear',
    wsPrivateUrl: 'wss://stream.bybit.com/v5/private',
  },
  testnet: {
    restUrl: 'https://api-testnet.bybit.com',
    wsPublicUrl: 'wss://stream-testnet.bybit.com/v5/public/linear',
    wsPrivateUrl: 'wss://stream-testnet.bybit.com/v5/private',
  },
  demo: {
    restUrl: 'https://api-demo.bybit.com',
    wsPublicUrl: 'wss://stream.bybit.com/v5/public/linear',
    wsPrivateUrl: 'wss://stream-demo.bybit.com/v5/private',
  },
};

export function resolveEndpoints(
  environment: BybitEnvironment,
  overrides: Partial<BybitEndpoints> = {},
): BybitEndpoints {
  const base = BYBIT_ENDPOINTS[environment];
  return {
    restUrl: (overrides.restUrl ?? base.restUrl).replace(/\/+$/, ''),
    wsPublicUrl: overrides.wsPublicUrl ?? base.wsPublicUrl,
    wsPrivateUrl: overrides.wsPrivateUrl ?? base.wsPrivateUrl,
  };
}
