import { checkFiniteNumber, checkPeriod, IndicatorBase } from './base.ts';
import { IndicatorUsageError } from './errors.ts';
import { SmoothedAverage } from './rolling-window.ts';

export interface MacdResult {
  /** EMA(fast) − EMA(slow). */
  macd: number;
  /** EMA(signal) of the MACD line. */
  signal: number;
  /** macd − signal. */
  histogram: number;
}

// Same class frame as the other indicators on purpose: the streaming contract (IndicatorBase), its state its own.
/**
 * MACD with SMA-seeded EMAs: the line exists once the slow EMA is seeded, the signal once
 * `signalPeriod` line values exist, so the first result comes after slow + signal − 1 inputs.
 */
export class Macd extends IndicatorBase<number, MacdResult> {
  readonly name: string;
  readonly warmUpInputs: number;
  private readonly fast: SmoothedAverage;
  private readonly slow: SmoothedAverage;
  private readonly signal: SmoothedAverage;
  private signalPushed = false;
  private savedSignalPushed = false;

  constructor(
    readonly fastPeriod = 12,
    readonly slowPeriod = 26,
    readonly signalPeriod = 9,
  ) {
    super();
    this.name = `MACD(${fastPeriod},${slowPeriod},${signalPeriod})`;
    checkPeriod(this.name, fastPeriod);
    checkPeriod(this.name, slowPeriod);
    checkPeriod(this.name, signalPeriod);
    if (fastPeriod >= slowPeriod) {
      throw new IndicatorUsageError(`${this.name}: the fast period must be shorter than the slow period`);
    }
    this.warmUpInputs = slowPeriod + signalPeriod - 1;
    this.fast = new SmoothedAverage(fastPeriod, 'ema');
    this.slow = new SmoothedAverage(slowPeriod, 'ema');
    this.signal = new SmoothedAverage(signalPeriod, 'ema');
  }

  protected check(input: number): void {
    checkFiniteNumber(this.name, input);
  }

  protected apply(input: number): void {
    this.savedSignalPushed = this.signalPushed;
    this.fast.push(input);
    this.slow.push(input);
    this.signalPushed = this.slow.isReady;
    if (this.signalPushed) this.signal.push(this.fast.current - this.slow.current);
  }

  protected revert(): void {
    if (this.signalPushed) this.signal.undoPush();
    this.fast.undoPush();
    this.slow.undoPush();
    this.signalPushed = this.savedSignalPushed;
  }

  getResult(): MacdResult | null {
    if (!this.signal.isReady) return null;
    const macd = this.fast.current - this.slow.current;
    const signal = this.signal.current;
    return { macd, signal, histogram: macd - signal };
  }
}
