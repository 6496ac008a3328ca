export { BybitExchange, type BybitExchangeOptions } from './adapter.ts';
export type { BybitEndpoints, BybitEnvironment } from './capabilities.ts';
export { assertLiveKeyAllowed, liveKeyProblems, UnsafeApiKeyError } from './key-check.ts';
export { PositionModeError } from './position-mode.ts';
export type { RawClientOptions } from './raw-client.ts';
export type { BybitLog } from './streams.ts';
