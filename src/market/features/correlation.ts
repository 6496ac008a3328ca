import type { Candle, Timeframe } from '../../domain/index.ts';
import { TIMEFRAME_MS } from '../../domain/index.ts';
import { RollingWindow } from '../indicators/index.ts';
import { FeatureError } from './errors.ts';

class PairWindow {
  private readonly xs: RollingWindow;
  private readonly ys: RollingWindow;
  private sx = 0;
  private sy = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;
  private pushesSinceResync = 0;

  constructor(readonly size: number) {
    this.xs = new RollingWindow(size);
    this.ys = new RollingWindow(size);
  }

  push(x: number, y: number): void {
    const oldX = this.xs.push(x);
    const oldY = this.ys.push(y);
    this.add(x, y, 1);
    if (oldX !== undefined && oldY !== undefined) this.add(oldX, oldY, -1);
    this.pushesSinceResync += 1;
    // Recompute the sums from the window now and then so float drift cannot accumulate.
    if (this.pushesSinceResync >= this.size) this.resync();
  }

  correlation(): number | null {
    if (!this.xs.isFull) return null;
    const n = this.size;
    const covariance = n * this.sxy - this.sx * this.sy;
    const varianceX = n * this.sxx - this.sx * this.sx;
    const varianceY = n * this.syy - this.sy * this.sy;
    if (!(varianceX > 0) || !(varianceY > 0)) return null;
    const rho = covariance / Math.sqrt(varianceX * varianceY);
    return Math.min(1, Math.max(-1, rho));
  }

  private resync(): void {
    this.sx = 0;
    this.sy = 0;
    this.sxx = 0;
    this.syy = 0;
    this.sxy = 0;
    for (let i = 0; i < this.xs.size; i++) this.add(this.xs.at(i), this.ys.at(i), 1);
    this.pushesSinceResync = 0;
  }

  /** Adds (sign 1) or removes (sign −1) one pair from the running sums. */
  private add(x: number, y: number, sign: 1 | -1): void {
    this.sx += sign * x;
    this.sy += sign * y;
    this.sxx += sign * x * x;
    this.syy += sign * y * y;
    this.sxy += sign * x * y;
  }
}

interface SymbolReturns {
  lastTs: number;
  lastClose: number;
  /** The log return ending with the candle at `returnTs`, if that candle followed its predecessor without a gap. */
  returnTs: number;
  lastReturn: number;
}

export interface ReturnCorrelationOptions {
  /** The decision timeframe whose closed candles are fed. */
  timeframe: Timeframe;
  /** Number of paired log returns per correlation (default 96: one day of 15m candles). */
  window?: number;
}

/**
 * Rolling Pearson correlation of log returns between symbols, O(1) per pair per candle with
 * running sums. Returns are paired by candle open time; a return across a gap (missing candle)
 * is not formed, so only like-for-like intervals are compared.
 */
export class ReturnCorrelation {
  readonly window: number;
  readonly timeframeMs: number;
  private readonly symbols = new Map<string, SymbolReturns>();
  private readonly pairs = new Map<string, PairWindow>();

  constructor(options: ReturnCorrelationOptions) {
    this.timeframeMs = TIMEFRAME_MS[options.timeframe];
    this.window = options.window ?? 96;
    if (!Number.isInteger(this.window) || this.window < 3) {
      throw new FeatureError(`correlation window must be an integer ≥ 3, got ${options.window}`);
    }
  }

  onClosedCandle(symbol: string, candle: Candle): void {
    const { ts, close } = candle;
    if (!Number.isSafeInteger(ts) || ts % this.timeframeMs !== 0) {
      throw new FeatureError(`${symbol}: candle ts ${ts} is not aligned to the correlation timeframe`);
    }
    if (!Number.isFinite(close) || close <= 0) {
      throw new FeatureError(`${symbol}: close must be a positive finite price, got ${close}`);
    }
    const state = this.symbols.get(symbol);
    if (state === undefined) {
      this.symbols.set(symbol, { lastTs: ts, lastClose: close, returnTs: Number.NaN, lastReturn: 0 });
      return;
    }
    if (ts <= state.lastTs) {
      throw new FeatureError(`${symbol}: candle ${new Date(ts).toISOString()} is not after the previous one`);
    }
    const contiguous = ts - state.lastTs === this.timeframeMs;
    const logReturn = Math.log(close / state.lastClose);
    state.lastTs = ts;
    state.lastClose = close;
    state.returnTs = contiguous ? ts : Number.NaN;
    state.lastReturn = logReturn;
    if (!contiguous) return;
    for (const [other, otherState] of this.symbols) {
      if (other === symbol || otherState.returnTs !== ts) continue;
      const [a, b] = symbol < other ? [symbol, other] : [other, symbol];
      const [x, y] = symbol < other ? [logReturn, otherState.lastReturn] : [otherState.lastReturn, logReturn];
      const key = `${a}\u0000${b}`;
      let pair = this.pairs.get(key);
      if (pair === undefined) {
        pair = new PairWindow(this.window);
        this.pairs.set(key, pair);
      }
      pair.push(x, y);
    }
  }

  /** null until `window` paired returns exist, or when one side did not move at all. */
  correlation(a: string, b: string): number | null {
    const [first, second] = a < b ? [a, b] : [b, a];
    return this.pairs.get(`${first}\u0000${second}`)?.correlation() ?? null;
  }

  /** { A: { B: rho }, B: { A: rho } } for every pair with a full window (both orientations). */
  matrix(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [key, pair] of this.pairs) {
      const rho = pair.correlation();
      if (rho === null) continue;
      const [a, b] = key.split('\u0000') as [string, string];
      out[a] ??= {};
      out[b] ??= {};
      out[a][b] = rho;
      out[b][a] = rho;
    }
    return out;
  }
}
