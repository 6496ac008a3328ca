import { systemWallTime, type WallTime } from '../market/feeds/clock.ts';

/**
 * The venue's time, as a wall clock the feed can use. For Bybit it is the wall clock plus an
 * offset; an emulator replaying history can run many times faster, so the rate is measured too
 * (samples at least a second apart; a rate within 2% of 1 counts as real time).
 */
export class VenueClock implements WallTime {
  private anchorWallMs = 0;
  private anchorVenueMs = 0;
  private rate = 1;
  private first: { wallMs: number; venueMs: number } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly serverTimeMs: () => Promise<number>,
    private readonly wallNow: () => number = Date.now,
  ) {}

  async sync(): Promise<void> {
    const before = this.wallNow();
    const venueMs = await this.serverTimeMs();
    const wallMs = (before + this.wallNow()) / 2;
    if (this.first === null) {
      this.first = { wallMs, venueMs };
    } else if (wallMs - this.first.wallMs >= 1000) {
      const measured = (venueMs - this.first.venueMs) / (wallMs - this.first.wallMs);
      this.rate = Math.abs(measured - 1) < 0.02 || !(measured > 0) ? 1 : measured;
    }
    this.anchorWallMs = wallMs;
    this.anchorVenueMs = venueMs;
  }

  start(intervalMs: number, onError: (error: unknown) => void): void {
    this.timer = setInterval(() => {
      this.sync().catch(onError);
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  nowMs(): number {
    return Math.round(this.anchorVenueMs + (this.wallNow() - this.anchorWallMs) * this.rate);
  }

  /** Sleeps `ms` of venue time. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return systemWallTime.sleep(Math.max(0, ms / this.rate), signal);
  }
}
