import type { Candle, SymbolMarketView, Timeframe } from '../domain/index.ts';
import { TIMEFRAME_MS } from '../domain/index.ts';
import { CandleAggregator } from '../market/candles/aggregate.ts';
import { FeatureEngine } from '../market/features/feature-engine.ts';

export interface MarketStateOptions {
  symbols: readonly string[];
  /** The timeframe of the candles fed in (5m files, 5m stream). */
  baseTimeframe: Timeframe;
  decisionTimeframe: Timeframe;
  contextTimeframes: readonly Timeframe[];
}

interface SymbolState {
  features: FeatureEngine;
  aggregators: Map<Timeframe, CandleAggregator>;
  lastCandle: Candle | null;
  fundingRate: number | null;
  /** Decision-timeframe closes, newest last, for the return correlation. */
  decisionCloses: number[];
}

const CORRELATION_KEEP = 500;

/**
 * Everything the engine knows about the market: base candles in, aggregated to the decision and
 * context timeframes, features out. Only closed candles enter; a decision sees only what had
 * closed by its time (the feature engine refuses look-ahead).
 */
export class MarketState {
  readonly decisionMs: number;
  private readonly symbols = new Map<string, SymbolState>();

  constructor(private readonly options: MarketStateOptions) {
    this.decisionMs = TIMEFRAME_MS[options.decisionTimeframe];
    const baseMs = TIMEFRAME_MS[options.baseTimeframe];
    for (const symbol of options.symbols) {
      const aggregators = new Map<Timeframe, CandleAggregator>();
      for (const tf of [options.decisionTimeframe, ...options.contextTimeframes]) {
        if (tf !== options.baseTimeframe) aggregators.set(tf, new CandleAggregator(baseMs, TIMEFRAME_MS[tf]));
      }
      this.symbols.set(symbol, {
        features: new FeatureEngine({
          symbol,
          decisionTimeframe: options.decisionTimeframe,
          contextTimeframes: [...options.contextTimeframes],
        }),
        aggregators,
        lastCandle: null,
        fundingRate: null,
        decisionCloses: [],
      });
    }
  }

  /** Feeds one closed base candle; returns true when it completed a decision-timeframe candle. */
  onClosedCandle(symbol: string, candle: Candle): boolean {
    const state = this.state(symbol);
    if (state.lastCandle !== null && candle.ts <= state.lastCandle.ts) return false;
    state.lastCandle = candle;
    let decisionClosed = false;
    const { decisionTimeframe, baseTimeframe } = this.options;
    if (decisionTimeframe === baseTimeframe) {
      state.features.onClosedCandle(decisionTimeframe, candle);
      this.rememberClose(state, candle.close);
      decisionClosed = true;
    }
    for (const [tf, aggregator] of state.aggregators) {
      const completed = aggregator.push(candle);
      if (completed === null) continue;
      state.features.onClosedCandle(tf, completed);
      if (tf === decisionTimeframe) {
        this.rememberClose(state, completed.close);
        decisionClosed = true;
      }
    }
    return decisionClosed;
  }

  onFunding(symbol: string, rate: number): void {
    this.state(symbol).fundingRate = rate;
  }

  lastPrice(symbol: string): number | null {
    return this.symbols.get(symbol)?.lastCandle?.close ?? null;
  }

  lastCandle(symbol: string): Candle | null {
    return this.symbols.get(symbol)?.lastCandle ?? null;
  }

  /** The market view at `nowMs`, or null while the decision timeframe has no closed candle yet. */
  view(symbol: string, nowMs: number, markPrice?: number | null): SymbolMarketView | null {
    const state = this.state(symbol);
    const last = state.lastCandle?.close;
    if (last === undefined || state.features.analysis(this.options.decisionTimeframe) === null) return null;
    return state.features.view(nowMs, {
      lastPrice: last,
      markPrice: markPrice ?? last,
      fundingRate: state.fundingRate,
    });
  }

  /** Pearson correlation of decision-timeframe log returns over the last `window` candles. */
  correlations(window: number): Record<string, Record<string, number>> {
    const names = [...this.symbols.keys()];
    const out: Record<string, Record<string, number>> = {};
    for (let i = 0; i < names.length; i++) {
      for (let j = i + 1; j < names.length; j++) {
        const a = names[i] as string;
        const b = names[j] as string;
        const rho = correlationOfCloses(this.state(a).decisionCloses, this.state(b).decisionCloses, window);
        if (rho === null) continue;
        out[a] ??= {};
        (out[a] as Record<string, number>)[b] = rho;
      }
    }
    return out;
  }

  private rememberClose(state: SymbolState, close: number): void {
    state.decisionCloses.push(close);
    if (state.decisionCloses.length > CORRELATION_KEEP) state.decisionCloses.shift();
  }

  private state(symbol: string): SymbolState {
    const state = this.symbols.get(symbol);
    if (!state) throw new Error(`${symbol} is not a configured symbol`);
    return state;
  }
}

/** Correlation of aligned log returns; null when either series is too short or flat. */
export function correlationOfCloses(
  a: readonly number[],
  b: readonly number[],
  window: number,
): number | null {
  const n = Math.min(a.length, b.length, window + 1) - 1;
  if (n < 10) return null;
  const ra: number[] = [];
  const rb: number[] = [];
  for (let k = n; k >= 1; k--) {
    const a1 = a[a.length - k] as number;
    const a0 = a[a.length - k - 1] as number;
    const b1 = b[b.length - k] as number;
    const b0 = b[b.length - k - 1] as number;
    ra.push(Math.log(a1 / a0));
    rb.push(Math.log(b1 / b0));
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let k = 0; k < ra.length; k++) {
    const da = (ra[k] as number) - ma;
    const db = (rb[k] as number) - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  if (va === 0 || vb === 0) return null;
  return cov / Math.sqrt(va * vb);
}
