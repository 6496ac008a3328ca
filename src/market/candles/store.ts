import type { Candle, Timeframe } from '../../domain/index.ts';
import { TIMEFRAME_MS } from '../../domain/index.ts';

/** A candle offered to the store out of order, twice, or off the timeframe's grid. */
export class CandleStoreError extends Error {
  override readonly name = 'CandleStoreError';
}

/** Closed candles of one symbol and timeframe in a ring buffer, plus the forming candle kept apart. */
export class CandleSeries {
  private readonly ring: Array<Candle | undefined>;
  private start = 0;
  private count = 0;
  private formingCandle: Candle | null = null;

  constructor(
    readonly symbol: string,
    readonly timeframe: Timeframe,
    readonly capacity: number,
  ) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new CandleStoreError(`candle history capacity must be a whole number ≥ 1, got ${capacity}`);
    }
    this.ring = new Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  private where(): string {
    return `${this.symbol} ${this.timeframe}`;
  }

  private checkGrid(candle: Candle): void {
    if (!Number.isSafeInteger(candle.ts) || candle.ts % TIMEFRAME_MS[this.timeframe] !== 0) {
      throw new CandleStoreError(
        `${this.where()}: candle ts ${candle.ts} is not on the ${this.timeframe} grid`,
      );
    }
  }

  /** Appends a closed candle; its ts must be after the last closed one. Clears a forming candle it closes. */
  append(candle: Candle): void {
    this.checkGrid(candle);
    const last = this.lastClosedTs();
    if (last !== null && candle.ts <= last) {
      const what = candle.ts === last ? 'duplicates' : 'is before';
      throw new CandleStoreError(
        `${this.where()}: closed candle ts ${new Date(candle.ts).toISOString()} ${what} the last closed ${new Date(last).toISOString()}`,
      );
    }
    const frozen = Object.freeze({ ...candle });
    if (this.count < this.capacity) {
      this.ring[(this.start + this.count) % this.capacity] = frozen;
      this.count++;
    } else {
      this.ring[this.start] = frozen;
      this.start = (this.start + 1) % this.capacity;
    }
    if (this.formingCandle && this.formingCandle.ts <= candle.ts) this.formingCandle = null;
  }

  /** Shows the still-forming candle (never fed to indicators); replaced on every update. */
  replaceForming(candle: Candle): void {
    this.checkGrid(candle);
    const last = this.lastClosedTs();
    if (last !== null && candle.ts <= last) {
      throw new CandleStoreError(
        `${this.where()}: forming candle ts ${new Date(candle.ts).toISOString()} is not after the last closed ${new Date(last).toISOString()}`,
      );
    }
    this.formingCandle = Object.freeze({ ...candle });
  }

  forming(): Candle | null {
    return this.formingCandle;
  }

  /** The i-th closed candle, oldest first (0 = oldest kept). */
  at(index: number): Candle | undefined {
    if (index < 0 || index >= this.count) return undefined;
    return this.ring[(this.start + index) % this.capacity];
  }

  lastClosed(): Candle | null {
    return this.count === 0 ? null : (this.at(this.count - 1) ?? null);
  }

  lastClosedTs(): number | null {
    return this.lastClosed()?.ts ?? null;
  }

  /** The last n closed candles, oldest first (fewer when the history is shorter). */
  last(n: number): Candle[] {
    const take = Math.max(0, Math.min(Math.floor(n), this.count));
    const out: Candle[] = new Array(take);
    for (let i = 0; i < take; i++) out[i] = this.at(this.count - take + i) as Candle;
    return out;
  }
}

/** Candle histories per symbol and timeframe, each bounded to `capacity` closed candles. */
export class CandleStore {
  private readonly series = new Map<string, CandleSeries>();

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new CandleStoreError(`candle history capacity must be a whole number ≥ 1, got ${capacity}`);
    }
  }

  /** The series of a symbol and timeframe, created empty on first use. */
  get(symbol: string, timeframe: Timeframe): CandleSeries {
    const key = `${symbol}|${timeframe}`;
    let found = this.series.get(key);
    if (!found) {
      found = new CandleSeries(symbol, timeframe, this.capacity);
      this.series.set(key, found);
    }
    return found;
  }

  append(symbol: string, timeframe: Timeframe, candle: Candle): void {
    this.get(symbol, timeframe).append(candle);
  }

  replaceForming(symbol: string, timeframe: Timeframe, candle: Candle): void {
    this.get(symbol, timeframe).replaceForming(candle);
  }

  last(symbol: string, timeframe: Timeframe, n: number): Candle[] {
    return this.series.get(`${symbol}|${timeframe}`)?.last(n) ?? [];
  }

  lastClosedTs(symbol: string, timeframe: Timeframe): number | null {
    return this.series.get(`${symbol}|${timeframe}`)?.lastClosedTs() ?? null;
  }

  forming(symbol: string, timeframe: Timeframe): Candle | null {
    return this.series.get(`${symbol}|${timeframe}`)?.forming() ?? null;
  }

  /** Symbols with at least one series, in first-use order. */
  symbols(): string[] {
    return [...new Set([...this.series.values()].map((s) => s.symbol))];
  }
}
