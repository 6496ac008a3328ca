import type { Candle, FundingRate, SymbolMarketView, Timeframe } from '../../domain/index.ts';
import { TIMEFRAME_MS } from '../../domain/index.ts';
import { aggregateCandles } from '../candles/aggregate.ts';
import { FeatureError } from './errors.ts';
import { FeatureEngine, type FeatureEngineOptions, type ScoreDetails } from './feature-engine.ts';

export interface FeatureSeriesOptions extends Omit<FeatureEngineOptions, 'contextTimeframes'> {
  contextTimeframes: Timeframe[];
  /** Interval of the source candles (e.g. 5m files), which every timeframe must be a multiple of. */
  sourceMs: number;
  /** Funding history; each row gets the latest rate published at or before its decision time. */
  funding?: readonly FundingRate[];
}

export interface FeatureRow {
  view: SymbolMarketView;
  details: ScoreDetails;
}

/**
 * Replays source candles through a FeatureEngine the way the live cycle sees them: every
 * timeframe is aggregated from the source, candles are fed when they close (all candles closing
 * at the same instant before any view), and one row is produced per closed decision candle.
 * Mark and last price are the decision candle's close (candle files carry no mark price).
 */
export function* featureSeries(
  source: readonly Candle[],
  options: FeatureSeriesOptions,
): Generator<FeatureRow> {
  const engine = new FeatureEngine(options);
  const events: Array<{ timeframe: Timeframe; candle: Candle; closesAt: number }> = [];
  for (const timeframe of engine.timeframes) {
    const targetMs = TIMEFRAME_MS[timeframe];
    if (targetMs % options.sourceMs !== 0) {
      throw new FeatureError(`timeframe ${timeframe} is not a multiple of the source candle interval`);
    }
    const candles =
      targetMs === options.sourceMs ? source : aggregateCandles(source, options.sourceMs, targetMs);
    for (const candle of candles) events.push({ timeframe, candle, closesAt: candle.ts + targetMs });
  }
  events.sort((a, b) => a.closesAt - b.closesAt || TIMEFRAME_MS[a.timeframe] - TIMEFRAME_MS[b.timeframe]);
  const funding = options.funding ?? [];
  let fundingIndex = -1;
  for (let i = 0; i < events.length; ) {
    const closesAt = events[i]?.closesAt ?? 0;
    let decisionClosed = false;
    for (; i < events.length && events[i]?.closesAt === closesAt; i++) {
      const event = events[i];
      if (event === undefined) break;
      engine.onClosedCandle(event.timeframe, event.candle);
      if (event.timeframe === engine.decisionTimeframe) decisionClosed = true;
    }
    if (!decisionClosed) continue;
    while (
      fundingIndex + 1 < funding.length &&
      (funding[fundingIndex + 1]?.ts ?? Number.POSITIVE_INFINITY) <= closesAt
    ) {
      fundingIndex += 1;
    }
    const close = engine.analysis(engine.decisionTimeframe)?.close ?? Number.NaN;
    const view = engine.view(closesAt, {
      markPrice: close,
      lastPrice: close,
      fundingRate: fundingIndex >= 0 ? (funding[fundingIndex]?.rate ?? null) : null,
    });
    yield { view, details: engine.scoreDetails() };
  }
}
