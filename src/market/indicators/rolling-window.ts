/**
 * Fixed-capacity ring buffer with a one-step undo of the last push: the building block that
 * lets windowed indicators update in O(1) and still support `replace`.
 */
export class RollingWindow {
  private readonly values: Float64Array;
  private head = 0;
  private count = 0;
  private lastEvicted = 0;
  private lastPushEvicted = false;

  constructor(readonly capacity: number) {
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get isFull(): boolean {
    return this.count === this.capacity;
  }

  /** Appends a value; returns the evicted oldest value, or undefined while the window fills. */
  push(value: number): number | undefined {
    let evicted: number | undefined;
    if (this.count === this.capacity) {
      evicted = this.values[this.head];
      this.lastEvicted = evicted ?? 0;
      this.lastPushEvicted = true;
    } else {
      this.count += 1;
      this.lastPushEvicted = false;
    }
    this.values[this.head] = value;
    this.head = (this.head + 1) % this.capacity;
    return evicted;
  }

  /** Reverts the last push exactly (only one level deep). */
  undoPush(): void {
    this.head = (this.head - 1 + this.capacity) % this.capacity;
    if (this.lastPushEvicted) {
      this.values[this.head] = this.lastEvicted;
    } else {
      this.values[this.head] = 0;
      this.count -= 1;
    }
  }

  /** i = 0 is the oldest value still in the window, size − 1 the newest. */
  at(i: number): number {
    const start = (this.head - this.count + this.capacity) % this.capacity;
    return this.values[(start + i) % this.capacity] ?? Number.NaN;
  }

  newest(): number {
    return this.at(this.count - 1);
  }
}

/**
 * Rolling mean and population variance over a window in O(1) per update. Sums are kept around
 * a shift (the window mean at the last resync) and recomputed from the window every `capacity`
 * pushes, so float drift cannot build up and large prices do not cancel small variances.
 */
export class RollingMoments {
  readonly window: RollingWindow;
  private shift = 0;
  private sum = 0;
  private sumSquares = 0;
  private pushesSinceResync = 0;
  private saved = { shift: 0, sum: 0, sumSquares: 0, pushesSinceResync: 0 };

  constructor(readonly capacity: number) {
    this.window = new RollingWindow(capacity);
  }

  get size(): number {
    return this.window.size;
  }

  get isFull(): boolean {
    return this.window.isFull;
  }

  push(value: number): void {
    this.saved = {
      shift: this.shift,
      sum: this.sum,
      sumSquares: this.sumSquares,
      pushesSinceResync: this.pushesSinceResync,
    };
    if (this.window.size === 0) this.shift = value;
    const evicted = this.window.push(value);
    const d = value - this.shift;
    this.sum += d;
    this.sumSquares += d * d;
    if (evicted !== undefined) {
      const e = evicted - this.shift;
      this.sum -= e;
      this.sumSquares -= e * e;
    }
    this.pushesSinceResync += 1;
    if (this.pushesSinceResync >= this.capacity) this.resync();
  }

  undoPush(): void {
    this.window.undoPush();
    this.shift = this.saved.shift;
    this.sum = this.saved.sum;
    this.sumSquares = this.saved.sumSquares;
    this.pushesSinceResync = this.saved.pushesSinceResync;
  }

  mean(): number {
    return this.shift + this.sum / this.window.size;
  }

  /** Population variance (divides by the window size), never negative. */
  variance(): number {
    const n = this.window.size;
    const v = (this.sumSquares - (this.sum * this.sum) / n) / n;
    return Math.max(v, 0);
  }

  private resync(): void {
    const n = this.window.size;
    let total = 0;
    for (let i = 0; i < n; i++) total += this.window.at(i);
    this.shift = total / n;
    let sum = 0;
    let sumSquares = 0;
    for (let i = 0; i < n; i++) {
      const d = this.window.at(i) - this.shift;
      sum += d;
      sumSquares += d * d;
    }
    this.sum = sum;
    this.sumSquares = sumSquares;
    this.pushesSinceResync = 0;
  }
}

/**
 * Exponential smoothing seeded with the simple average of the first `period` values:
 * `ema` weight 2/(period+1), `wilder` weight 1/period (Wilder's RMA). O(1), one-step undo.
 */
export class SmoothedAverage {
  private readonly weight: number;
  private count = 0;
  private seedSum = 0;
  private value = Number.NaN;
  private saved = { count: 0, seedSum: 0, value: Number.NaN };

  constructor(
    readonly period: number,
    kind: 'ema' | 'wilder',
  ) {
    this.weight = kind === 'ema' ? 2 / (period + 1) : 1 / period;
  }

  push(x: number): void {
    this.saved = { count: this.count, seedSum: this.seedSum, value: this.value };
    this.count += 1;
    if (this.count < this.period) {
      this.seedSum += x;
    } else if (this.count === this.period) {
      this.seedSum += x;
      this.value = this.seedSum / this.period;
    } else {
      this.value = this.value + (x - this.value) * this.weight;
    }
  }

  undoPush(): void {
    this.count = this.saved.count;
    this.seedSum = this.saved.seedSum;
    this.value = this.saved.value;
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  /** NaN until ready. */
  get current(): number {
    return this.value;
  }
}
