/** facts §5: per UID, per endpoint, per rolling second. */
const LIMITS_PER_SECOND: Record<string, number> = {
  '/v5/order/create': 10,
  '/v5/order/amend': 10,
  '/v5/order/cancel': 10,
  '/v5/order/cancel-all': 10,
  '/v5/order/realtime': 50,
  '/v5/order/history': 50,
  '/v5/execution/list': 50,
  '/v5/position/list': 50,
  '/v5/position/closed-pnl': 50,
  '/v5/account/wallet-balance': 50,
  '/v5/account/fee-rate': 10,
  '/v5/position/set-leverage': 10,
  '/v5/position/switch-mode': 10,
  '/v5/position/trading-stop': 10,
  '/v5/user/query-api': 10,
};

/** Public endpoints are limited per IP: 600 requests per 5 s (facts §5). */
const PUBLIC_LIMIT = 600;
const PUBLIC_WINDOW_MS = 5000;

export interface RateLimitVerdict {
  limit: number;
  remaining: number;
  /** When a refused caller may try again; about now when not exceeded. */
  resetAtMs: number;
  exceeded: boolean;
}

/** Rolling-window counters keyed by caller and endpoint. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly enforce: boolean) {}

  check(caller: string, path: string, signed: boolean, nowMs: number): RateLimitVerdict {
    const limit = signed ? (LIMITS_PER_SECOND[path] ?? 50) : PUBLIC_LIMIT;
    const windowMs = signed ? 1000 : PUBLIC_WINDOW_MS;
    const key = `${caller} ${signed ? path : '*public*'}`;
    const recent = (this.hits.get(key) ?? []).filter((t) => t > nowMs - windowMs);
    const exceeded = this.enforce && recent.length >= limit;
    if (!exceeded) recent.push(nowMs);
    this.hits.set(key, recent);
    const oldest = recent[0] ?? nowMs;
    return {
      limit,
      remaining: Math.max(0, limit - recent.length),
      resetAtMs: exceeded ? oldest + windowMs : nowMs,
      exceeded,
    };
  }
}
