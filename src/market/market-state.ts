import type { Candle, SymbolMarketView, Timeframe } from '../domain/index.ts';
import { TIMEFRAME_MS } from '../domain/index.ts';
import { CandleAggregator } from './candles/aggregate.ts';
import { FeatureEngine } from './features/feature-engine.ts';
import { ReturnCorrelation } from './features/index.ts';

export interface MarketStateOptions {
  symbols: readonly string[];
  /** The timeframe of the candles fed in (5m files, 5m stream). */
  baseTimeframe: Timeframe;
  decisionTimeframe: Timeframe;
  contextTimeframes: readonly Timeframe[];
  /** Decision candles of returns behind the correlation matrix the gate's cluster check reads. */
  correlationWindow: number;
}

interface SymbolState {
  features: FeatureEngine;
  aggregators: Map<Timeframe, CandleAggregator>;
  lastCandle: Candle | null;
  fundingRate: number | null;
}

/**
 * Everything the engine knows about the market: base candles in, aggregated to the decision and
 * context timeframes, features out. Only closed candles enter; a decision sees only what had
 * closed by its time (the feature engine refuses look-ahead).
 */
export class MarketState {
  readonly decisionMs: number;
  private readonly symbols = new Map<string, SymbolState>();
  private readonly correlation: ReturnCorrelation;

  constructor(private readonly options: MarketStateOptions) {
    this.decisionMs = TIMEFRAME_MS[options.decisionTimeframe];
    const baseMs = TIMEFRAME_MS[options.baseTimeframe];
    this.correlation = new ReturnCorrelation({
      timeframe: options.decisionTimeframe,
      window: options.correlationWindow,
    });
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
      this.correlation.onClosedCandle(symbol, candle);
      decisionClosed = true;
    }
    for (const [tf, aggregator] of state.aggregators) {
      const completed = aggregator.push(candle);
      if (completed === null) continue;
      state.features.onClosedCandle(tf, completed);
      if (tf === decisionTimeframe) {
        this.correlation.onClosedCandle(symbol, completed);
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

  /** ATR of the decision timeframe (the trailing stop's distance), null while warming up. */
  atr(symbol: string): number | null {
    return this.symbols.get(symbol)?.features.analysis(this.options.decisionTimeframe)?.atr ?? null;
  }

  /** Rolling correlation of decision-timeframe returns, paired by candle time: { A: { B: rho } }. */
  correlations(): Record<string, Record<string, number>> {
    return this.correlation.matrix();
  }

  private state(symbol: string): SymbolState {
    const state = this.symbols.get(symbol);
    if (!state) throw new Error(`${symbol} is not a configured symbol`);
    return state;
  }
}
