import type { FeedClock } from './types.ts';

/** A clock that never waits: a backtest runs as fast as its consumer. `now()` is the last time reached. */
export class InstantClock implements FeedClock {
  private current: number;

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  async waitUntil(atMs: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (atMs > this.current) this.current = atMs;
  }
}

export interface WallTime {
  nowMs(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemWallTime: WallTime = {
  nowMs: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Simulated time running `speed`× faster than the wall clock from `startMs` (a demo at 60× shows
 * a 5m candle every 5 s). If the consumer falls behind, events come as fast as it takes them.
 */
export class ScaledClock implements FeedClock {
  private readonly wallStart: number;

  constructor(
    private readonly startMs: number,
    readonly speed: number,
    private readonly wall: WallTime = systemWallTime,
  ) {
    if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`replay speed must be > 0, got ${speed}`);
    this.wallStart = wall.nowMs();
  }

  now(): number {
    return this.startMs + (this.wall.nowMs() - this.wallStart) * this.speed;
  }

  async waitUntil(atMs: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const wallAt = this.wallStart + (atMs - this.startMs) / this.speed;
    const delay = wallAt - this.wall.nowMs();
    if (delay > 0) await this.wall.sleep(delay, signal);
  }
}
