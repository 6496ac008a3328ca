import { checkCandle, checkPeriod, IndicatorBase } from './base.ts';
import { RollingMoments } from './rolling-window.ts';
import type { OhlcvInput } from './types.ts';

// Same class frame as the other indicators on purpose: the streaming contract (IndicatorBase), its state its own.
/**
 * Relative volume: the latest candle's volume divided by the average volume of the `period`
 * candles before it. null while warming up and whenever that average is 0 (no trading to
 * compare with: the ratio is undefined, not infinite).
 */
export class VolumeRatio extends IndicatorBase<OhlcvInput, number> {
  readonly name: string;
  readonly warmUpInputs: number;
  private readonly priorVolumes: RollingMoments;
  private latestVolume = Number.NaN;
  private zeroVolumes = 0;
  private saved = { latestVolume: Number.NaN, zeroVolumes: 0 };

  constructor(readonly period = 20) {
    super();
    this.name = `VolumeRatio(${period})`;
    checkPeriod(this.name, period);
    this.warmUpInputs = period + 1;
    this.priorVolumes = new RollingMoments(period);
  }

  override get isStable(): boolean {
    return this.priorVolumes.isFull && !Number.isNaN(this.latestVolume);
  }

  protected check(input: OhlcvInput): void {
    checkCandle(this.name, input);
  }

  protected apply(input: OhlcvInput): void {
    this.saved = { latestVolume: this.latestVolume, zeroVolumes: this.zeroVolumes };
    if (!Number.isNaN(this.latestVolume)) {
      if (this.priorVolumes.isFull && this.priorVolumes.window.at(0) === 0) this.zeroVolumes -= 1;
      if (this.latestVolume === 0) this.zeroVolumes += 1;
      this.priorVolumes.push(this.latestVolume);
    }
    this.latestVolume = input.volume;
  }

  protected revert(): void {
    if (!Number.isNaN(this.saved.latestVolume)) this.priorVolumes.undoPush();
    this.latestVolume = this.saved.latestVolume;
    this.zeroVolumes = this.saved.zeroVolumes;
  }

  getResult(): number | null {
    if (!this.isStable) return null;
    // Counting zeros keeps "no volume at all" exact even when float sums leave a tiny residue.
    if (this.zeroVolumes === this.period) return null;
    const baseline = this.priorVolumes.mean();
    return baseline > 0 ? this.latestVolume / baseline : null;
  }
}
