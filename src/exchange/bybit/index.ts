export { BybitExchange, type BybitExchangeOptions } from './adapter.ts';
export {
  BYBIT_ENDPOINTS,
  BYBIT_INTERVALS,
  type BybitEndpoints,
  type BybitEnvironment,
  bybitCapabilities,
  resolveEndpoints,
} from './capabilities.ts';
export { assertLiveKeyAllowed, liveKeyProblems, UnsafeApiKeyError } from './key-check.ts';
export { ensureOneWayMode, PositionModeError } from './position-mode.ts';
export { BybitRawClient, type RawClientOptions } from './raw-client.ts';
export type { BybitLog } from './streams.ts';
