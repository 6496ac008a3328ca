import type { FaultPlan } from '../../src/exchange/emulator/index.ts';

const PATHS = [
  '/v5/order/create',
  '/v5/order/cancel',
  '/v5/order/realtime',
  '/v5/position/list',
  '/v5/position/trading-stop',
  '/v5/account/wallet-balance',
  '/v5/execution/list',
  '/v5/market/kline',
];

/** One random fault for the emulator's control API: the kinds a real venue throws at a bot. */
export function randomFault(rnd: () => number, requestTimeoutMs: number): { name: string; plan: FaultPlan } {
  const path = PATHS[Math.floor(rnd() * PATHS.length)] as string;
  const count = 1 + Math.floor(rnd() * 3);
  switch (Math.floor(rnd() * 7)) {
    case 0:
      return { name: `rate limit ${path}`, plan: { rateLimit: { count, path, retryAfterMs: 200 } } };
    case 1:
      return { name: `HTTP 503 ${path}`, plan: { serverError: { count, path, status: 503 } } };
    case 2:
      return { name: 'HTTP 500 anywhere', plan: { serverError: { count: 1, status: 500 } } };
    case 3:
      return {
        name: `late answer ${path}`,
        plan: { lateAnswer: { count: 1, path, delayMs: requestTimeoutMs + 300 } },
      };
    case 4:
      return { name: 'stop refused', plan: { rejectTradingStop: { count } } };
    case 5:
      return { name: 'partial fills', plan: { partialFills: { maxQtyPerEvent: 0.001 + rnd() * 0.01 } } };
    default:
      return { name: 'private stream stalled', plan: { stallStreams: 'private' } };
  }
}

/** Lifts the standing faults (partial fills, stalled streams); counted ones run out by themselves. */
export const LIFT_STANDING_FAULTS: FaultPlan = { partialFills: null, stallStreams: null };
