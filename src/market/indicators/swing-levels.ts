import { checkCandle, checkPeriod, IndicatorBase } from './base.ts';
import { RollingWindow } from './rolling-window.ts';
import type { OhlcvInput } from './types.ts';

export interface SwingLevelsResult {
  /** Highest remembered swing level at or below the latest close, null if none. */
  support: number | null;
  /** Lowest remembered swing level above the latest close, null if none. */
  resistance: number | null;
  /** Most recent confirmed pivot high / low, null until one has been seen. */
  latestSwingHigh: number | null;
  latestSwingLow: number | null;
}

export interface SwingLevelsOptions {
  /** Candles before the pivot that must be strictly lower (highs) / higher (lows). */
  left?: number;
  /** Candles after the pivot; a pivot is confirmed only once these have closed. */
  right?: number;
  /** How many pivot highs and how many pivot lows are remembered (bounded memory). */
  memory?: number;
}

/**
 * Swing support/resistance: a pivot high is a candle whose high is strictly above the highs of
 * the `left` candles before and the `right` candles after it (pivot lows mirror this). The last
 * `memory` pivots of each kind are kept; both kinds serve as levels, so a broken resistance
 * becomes support. Work per update is O(left + right + memory), independent of history.
 */
export class SwingLevels extends IndicatorBase<OhlcvInput, SwingLevelsResult> {
  readonly name: string;
  readonly warmUpInputs: number;
  readonly left: number;
  readonly right: number;
  readonly memory: number;
  private readonly highs: RollingWindow;
  private readonly lows: RollingWindow;
  private readonly pivotHighs: RollingWindow;
  private readonly pivotLows: RollingWindow;
  private latestClose = Number.NaN;
  private saved = { latestClose: Number.NaN, pushedHigh: false, pushedLow: false };
  private pushedHigh = false;
  private pushedLow = false;

  constructor(options: SwingLevelsOptions = {}) {
    super();
    this.left = options.left ?? 5;
    this.right = options.right ?? 5;
    this.memory = options.memory ?? 10;
    this.name = `SwingLevels(${this.left},${this.right},${this.memory})`;
    checkPeriod(this.name, this.left);
    checkPeriod(this.name, this.right);
    checkPeriod(this.name, this.memory);
    const span = this.left + this.right + 1;
    this.warmUpInputs = span;
    this.highs = new RollingWindow(span);
    this.lows = new RollingWindow(span);
    this.pivotHighs = new RollingWindow(this.memory);
    this.pivotLows = new RollingWindow(this.memory);
  }

  protected check(input: OhlcvInput): void {
    checkCandle(this.name, input);
  }

  protected apply(input: OhlcvInput): void {
    this.saved = { latestClose: this.latestClose, pushedHigh: this.pushedHigh, pushedLow: this.pushedLow };
    this.latestClose = input.close;
    this.highs.push(input.high);
    this.lows.push(input.low);
    this.pushedHigh = false;
    this.pushedLow = false;
    if (!this.highs.isFull) return;
    const pivotHigh = this.highs.at(this.left);
    const pivotLow = this.lows.at(this.left);
    let isHigh = true;
    let isLow = true;
    for (let i = 0; i < this.highs.size && (isHigh || isLow); i++) {
      if (i === this.left) continue;
      if (this.highs.at(i) >= pivotHigh) isHigh = false;
      if (this.lows.at(i) <= pivotLow) isLow = false;
    }
    if (isHigh) {
      this.pivotHighs.push(pivotHigh);
      this.pushedHigh = true;
    }
    if (isLow) {
      this.pivotLows.push(pivotLow);
      this.pushedLow = true;
    }
  }

  protected revert(): void {
    if (this.pushedHigh) this.pivotHighs.undoPush();
    if (this.pushedLow) this.pivotLows.undoPush();
    this.highs.undoPush();
    this.lows.undoPush();
    this.latestClose = this.saved.latestClose;
    this.pushedHigh = this.saved.pushedHigh;
    this.pushedLow = this.saved.pushedLow;
  }

  getResult(): SwingLevelsResult | null {
    if (!this.highs.isFull) return null;
    const close = this.latestClose;
    let support = Number.NEGATIVE_INFINITY;
    let resistance = Number.POSITIVE_INFINITY;
    for (const levels of [this.pivotHighs, this.pivotLows]) {
      for (let i = 0; i < levels.size; i++) {
        const level = levels.at(i);
        if (level <= close) {
          if (level > support) support = level;
        } else if (level < resistance) {
          resistance = level;
        }
      }
    }
    return {
      support: Number.isFinite(support) ? support : null,
      resistance: Number.isFinite(resistance) ? resistance : null,
      latestSwingHigh: this.pivotHighs.size > 0 ? this.pivotHighs.newest() : null,
      latestSwingLow: this.pivotLows.size > 0 ? this.pivotLows.newest() : null,
    };
  }
}
