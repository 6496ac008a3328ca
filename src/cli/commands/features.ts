import path from 'node:path';
import type { Command } from 'commander';
import { isTimeframe, TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from '../../domain/index.ts';
import { MarketDataError } from '../../market/errors.ts';
import { FeatureError, type FeatureRow, featureSeries } from '../../market/features/index.ts';
import { inferIntervalMs, readCandleCsv, readFundingCsv } from '../../market/feeds/csv.ts';
import { UsageError } from '../errors.ts';

interface FeaturesOptions {
  data: string;
  timeframe: string;
  context?: string;
  format: string;
  from?: string;
  to?: string;
  symbol?: string;
  funding?: string;
}

const FEATURE_COLUMNS = [
  ['close', 'close'],
  ['change_pct', 'changePct'],
  ['volatility_pct', 'volatilityPct'],
  ['atr', 'atr'],
  ['trend_strength', 'trendStrength'],
  ['adx', 'adx'],
  ['ema_20', 'ema20'],
  ['ema_200', 'ema200'],
  ['rsi', 'rsi'],
  ['macd_histogram', 'macdHistogram'],
  ['bollinger_width', 'bollingerWidth'],
  ['volume_ratio', 'volumeRatio'],
  ['support_distance_pct', 'supportDistancePct'],
  ['resistance_distance_pct', 'resistanceDistancePct'],
] as const;

/** Default context: the first timeframes at least 4× and 16× the decision timeframe (15m → 1h, 4h). */
export function defaultContextTimeframes(decision: Timeframe): Timeframe[] {
  const ms = TIMEFRAME_MS[decision];
  const pick = (factor: number) => TIMEFRAMES.find((tf) => TIMEFRAME_MS[tf] >= factor * ms);
  return [...new Set([pick(4), pick(16)].filter((tf): tf is Timeframe => tf !== undefined))];
}

function parseTimeframe(value: string, flag: string): Timeframe {
  if (!isTimeframe(value))
    throw new UsageError(`${flag} ${value} is not a timeframe (use one of ${TIMEFRAMES.join(', ')})`);
  return value;
}

function parseInstant(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms))
    throw new UsageError(`${flag} ${value} is not an ISO date/time (e.g. 2025-03-01 or 2025-03-01T12:00Z)`);
  return ms;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

function csvHeader(timeframes: Timeframe[], sample: FeatureRow): string {
  const columns = ['ts', 'close_time', 'symbol'];
  for (const tf of timeframes) for (const [name] of FEATURE_COLUMNS) columns.push(`${tf}_${name}`);
  columns.push('funding_rate', 'regime', 'separation_atr', 'pre_score', 'range_score');
  columns.push('pre_direction', ...sample.details.preScore.components.map((c) => `pre_${c.name}`));
  columns.push('range_direction', ...sample.details.rangeScore.components.map((c) => `range_${c.name}`));
  return columns.join(',');
}

function csvLine(timeframes: Timeframe[], row: FeatureRow, componentCount: [number, number]): string {
  const { view, details } = row;
  const cells = [
    new Date(view.lastClosedCandleMs).toISOString(),
    new Date(view.nowMs).toISOString(),
    view.symbol,
  ];
  for (const tf of timeframes) {
    const f = view.timeframes[tf];
    for (const [, key] of FEATURE_COLUMNS) cells.push(cell(f?.[key]));
  }
  cells.push(cell(view.fundingRate), cell(details.regime), cell(details.separationAtr));
  cells.push(cell(details.preScore.score), cell(details.rangeScore.score));
  const points = (list: { points: number }[], count: number) =>
    Array.from({ length: count }, (_, i) => cell(list[i]?.points));
  cells.push(cell(details.preScore.direction), ...points(details.preScore.components, componentCount[0]));
  cells.push(cell(details.rangeScore.direction), ...points(details.rangeScore.components, componentCount[1]));
  return cells.join(',');
}

/** Writes `warden features` output line by line; returns the number of rows printed. */
export function printFeatures(options: FeaturesOptions, write: (chunk: string) => void): number {
  const decision = parseTimeframe(options.timeframe, '--timeframe');
  const context =
    options.context === undefined
      ? defaultContextTimeframes(decision)
      : options.context
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
          .map((s) => parseTimeframe(s, '--context'));
  if (options.format !== 'csv' && options.format !== 'json') {
    throw new UsageError(`--format ${options.format} is not supported (use csv or json)`);
  }
  const fromMs = parseInstant(options.from, '--from');
  const toMs = parseInstant(options.to, '--to');
  const symbol = (options.symbol ?? path.basename(options.data).split(/[-_.]/)[0] ?? '').toUpperCase();
  try {
    const candles = readCandleCsv(options.data);
    const sourceMs = inferIntervalMs(candles.map((c) => c.ts));
    if (sourceMs === null)
      throw new UsageError(`${options.data}: needs at least two candles to know their interval`);
    const funding = options.funding === undefined ? [] : readFundingCsv(options.funding);
    const timeframes = [decision, ...context];
    let printed = 0;
    let buffer: string[] = [];
    let componentCount: [number, number] = [0, 0];
    for (const row of featureSeries(candles, {
      symbol,
      decisionTimeframe: decision,
      contextTimeframes: context,
      sourceMs,
      funding,
    })) {
      const ts = row.view.lastClosedCandleMs;
      if ((fromMs !== null && ts < fromMs) || (toMs !== null && ts >= toMs)) continue;
      if (options.format === 'json') {
        buffer.push(JSON.stringify({ ...row.view, scoreDetails: row.details }));
      } else {
        if (printed === 0) {
          componentCount = [row.details.preScore.components.length, row.details.rangeScore.components.length];
          buffer.push(csvHeader(timeframes, row));
        }
        buffer.push(csvLine(timeframes, row, componentCount));
      }
      printed += 1;
      if (buffer.length >= 500) {
        write(`${buffer.join('\n')}\n`);
        buffer = [];
      }
    }
    if (buffer.length > 0) write(`${buffer.join('\n')}\n`);
    return printed;
  } catch (error) {
    if (error instanceof MarketDataError || error instanceof FeatureError)
      throw new UsageError(error.message);
    if (error instanceof Error && error.name === 'CandleAggregationError')
      throw new UsageError(error.message);
    throw error;
  }
}

export function registerFeaturesCommand(program: Command): void {
  program
    .command('features')
    .description(
      'Print, for every closed candle, the indicators, features and server-side scores Warden computes',
    )
    .requiredOption(
      '--data <file>',
      'candle CSV (ts,open,high,low,close,volume), e.g. a 5m file of ../shared/data',
    )
    .option('--timeframe <tf>', 'decision timeframe, aggregated from the file', '15m')
    .option(
      '--context <tfs>',
      'comma-separated context timeframes (default: ~4× and ~16× the decision timeframe)',
    )
    .option('--format <format>', 'csv (with a header) or json (one JSON object per line)', 'csv')
    .option(
      '--from <iso>',
      'first decision candle (open time) to print; indicators still warm up from the file start',
    )
    .option('--to <iso>', 'print decision candles opening before this time')
    .option('--symbol <symbol>', 'symbol name (default: the file name up to the first "-")')
    .option('--funding <file>', 'funding CSV (ts,rate) to show the latest funding rate')
    .action((options: FeaturesOptions) => {
      // A reader that stops early (`| head`) closes the pipe: that is not an error worth a stack trace.
      let readerGone = false;
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
        readerGone = true;
      });
      const printed = printFeatures(options, (chunk) => {
        if (!readerGone) process.stdout.write(chunk);
      });
      if (printed === 0) process.stderr.write('warden features: no closed candle in the requested range\n');
    });
}
