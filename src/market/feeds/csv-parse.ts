import type { Candle, FundingRate } from '../../domain/index.ts';
import { TIMEFRAME_MS, TIMEFRAMES } from '../../domain/index.ts';
import type { MarketDataProblem } from '../errors.ts';
import { scanDecimal } from './fast-number.ts';

export const CANDLE_CSV_HEADER = 'ts,open,high,low,close,volume';
export const FUNDING_CSV_HEADER = 'ts,rate';

export interface CandleCsvOptions {
  /** The candle interval the file must have; inferred from the data (most common step) when absent. */
  expectedIntervalMs?: number;
  /** Accept missing rows (a step larger than the interval); they are reported otherwise. */
  allowGaps?: boolean;
}

export interface CandleCsvReport {
  candles: Candle[];
  problems: MarketDataProblem[];
  /** Data rows in the file (good and bad). */
  rows: number;
  /** The interval the checks used: expected, else inferred; null when it cannot be known (under 2 rows). */
  intervalMs: number | null;
  /** Missing candles counted across all gaps (reported as problems unless allowGaps). */
  missingCandles: number;
}

export interface FundingCsvReport {
  rates: FundingRate[];
  problems: MarketDataProblem[];
  rows: number;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A human label for an interval: `5m`, `1h`, else milliseconds. */
export function intervalLabel(intervalMs: number): string {
  for (const timeframe of TIMEFRAMES) if (TIMEFRAME_MS[timeframe] === intervalMs) return timeframe;
  return `${intervalMs}ms`;
}

/** Parses one cell strictly (the slow path, for rows the scanner refused): a plain decimal, or why not. */
function parseNumber(cell: string, column: string): number | string {
  if (cell === '') return `${column} is empty`;
  if (DECIMAL.test(cell)) {
    const value = Number(cell);
    return Number.isFinite(value) ? value : `${column} (${cell}) is not a finite number`;
  }
  if (/^[+-]?nan$/i.test(cell)) return `${column} is NaN`;
  if (/^[+-]?inf(inity)?$/i.test(cell)) return `${column} is ${cell}, not a finite number`;
  return `${column} (${JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell)}) is not a number`;
}

function parseTs(cell: string): number | string {
  const value = parseNumber(cell, 'ts');
  if (typeof value === 'string') return value;
  if (!Number.isSafeInteger(value) || value < 0)
    return `ts (${cell}) is not a whole, non-negative number of ms`;
  return value;
}

interface Lines {
  header: string;
  /** Data lines with their 1-based line numbers; a single trailing empty line is dropped. */
  data: Array<{ text: string; line: number }>;
}

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '').replace(/^\uFEFF/, '');
}

function splitLines(text: string): Lines {
  const raw = text.split('\n');
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
  const strip = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);
  const header = strip(raw[0] ?? '').replace(/^\uFEFF/, '');
  const data: Lines['data'] = [];
  for (let i = 1; i < raw.length; i++) data.push({ text: strip(raw[i] as string), line: i + 1 });
  return { header, data };
}

const STANDARD_INTERVALS = new Set<number>(Object.values(TIMEFRAME_MS));

/**
 * The candle interval of a series: the most common positive step between consecutive timestamps that is a
 * standard timeframe (1m…1d), else the most common step; the smaller one on a tie. Null under 2 rows.
 */
export function inferIntervalMs(timestamps: readonly number[]): number | null {
  const counts = new Map<number, number>();
  for (let i = 1; i < timestamps.length; i++) {
    const step = (timestamps[i] as number) - (timestamps[i - 1] as number);
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  const mostCommon = (standardOnly: boolean): number | null => {
    let best: number | null = null;
    let bestCount = 0;
    for (const [step, count] of counts) {
      if (standardOnly && !STANDARD_INTERVALS.has(step)) continue;
      if (count > bestCount || (count === bestCount && best !== null && step < best)) {
        best = step;
        bestCount = count;
      }
    }
    return best;
  };
  return mostCommon(true) ?? mostCommon(false);
}

/** Calls `visit` for each data line (after the header) as a [start, end) range without its line break. */
function eachDataLine(text: string, visit: (start: number, end: number, line: number) => void): number {
  let pos = text.indexOf('\n');
  if (pos < 0) return 0;
  pos++;
  let line = 2;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    const next = end < 0 ? text.length : end + 1;
    if (end < 0) end = text.length;
    if (end > pos && text.charCodeAt(end - 1) === 13) end--;
    visit(pos, end, line);
    pos = next;
    line++;
  }
  return line - 2;
}

function headerProblem(header: string, expected: string): MarketDataProblem | null {
  if (header.trim().toLowerCase() === expected) return null;
  return { line: 1, message: `header is ${JSON.stringify(header)}, expected "${expected}"` };
}

/** Parses and checks a candle CSV text; never throws on bad data, it lists every problem instead. */
export function parseCandleCsv(text: string, options: CandleCsvOptions = {}): CandleCsvReport {
  const candles: Candle[] = [];
  const report = parseCandleRows(text, options, (candle) => candles.push(candle));
  return { ...report, candles };
}

/**
 * The same parse and checks, each good row handed to `onCandle` as it is read (a columnar store
 * copies it and drops the object, so a file never exists as an array of candle objects).
 */
export function parseCandleRows(
  text: string,
  options: CandleCsvOptions,
  onCandle: (candle: Candle) => void,
): Omit<CandleCsvReport, 'candles'> {
  const problems: MarketDataProblem[] = [];
  const bad = headerProblem(firstLine(text), CANDLE_CSV_HEADER);
  if (bad) return { problems: [bad], rows: 0, intervalMs: null, missingCandles: 0 };

  const timestamps: number[] = [];
  const lines: number[] = [];
  const rows = eachDataLine(text, (start, end, line) => {
    const candle = scanCandle(text, start, end) ?? parseCandleSlowly(text.slice(start, end), line, problems);
    if (!candle) return;
    const ohlc = checkOhlc(candle);
    if (ohlc) problems.push({ line, message: ohlc });
    onCandle(candle);
    timestamps.push(candle.ts);
    lines.push(line);
  });
  if (rows === 0) problems.push({ line: 0, message: 'the file has a header but no candles' });

  const intervalMs = options.expectedIntervalMs ?? inferIntervalMs(timestamps);
  const missingCandles = checkSequence(timestamps, lines, intervalMs, options.allowGaps ?? false, problems);
  problems.sort((a, b) => a.line - b.line);
  return { problems, rows, intervalMs, missingCandles };
}

const scratch = new Float64Array(6);

/** Fast path for a well-formed row of six plain decimals; null sends the row to the strict slow path. */
function scanCandle(text: string, rowStart: number, rowEnd: number): Candle | null {
  let start = rowStart;
  for (let cell = 0; cell < 6; cell++) {
    let comma = rowEnd;
    if (cell < 5) {
      comma = text.indexOf(',', start);
      if (comma < 0 || comma > rowEnd) return null;
    }
    const value = scanDecimal(text, start, comma);
    if (Number.isNaN(value)) return null;
    scratch[cell] = value;
    start = comma + 1;
  }
  const ts = scratch[0] as number;
  if (!Number.isSafeInteger(ts) || ts < 0) return null;
  return {
    ts,
    open: scratch[1] as number,
    high: scratch[2] as number,
    low: scratch[3] as number,
    close: scratch[4] as number,
    volume: scratch[5] as number,
  };
}

/** Strict cell-by-cell parse with a message for each bad cell; null (and a problem) when the row is unusable. */
function parseCandleSlowly(row: string, line: number, problems: MarketDataProblem[]): Candle | null {
  const cells = row.split(',');
  if (cells.length !== 6) {
    problems.push({ line, message: `${cells.length} cells, expected 6 (${CANDLE_CSV_HEADER})` });
    return null;
  }
  const ts = parseTs(cells[0] as string);
  const open = parseNumber(cells[1] as string, 'open');
  const high = parseNumber(cells[2] as string, 'high');
  const low = parseNumber(cells[3] as string, 'low');
  const close = parseNumber(cells[4] as string, 'close');
  const volume = parseNumber(cells[5] as string, 'volume');
  const cellErrors = [ts, open, high, low, close, volume].filter((v): v is string => typeof v === 'string');
  if (cellErrors.length > 0) {
    problems.push({ line, message: cellErrors.join('; ') });
    return null;
  }
  return { ts, open, high, low, close, volume } as Candle;
}

/** OHLC consistency of one candle, or null when it is sound. */
export function checkOhlc(c: Candle): string | null {
  const issues: string[] = [];
  for (const key of ['open', 'high', 'low', 'close'] as const) {
    if (c[key] <= 0) issues.push(`${key} (${c[key]}) is not a positive price`);
  }
  if (c.volume < 0) issues.push(`volume (${c.volume}) is negative`);
  if (c.high < c.low) issues.push(`high (${c.high}) is below low (${c.low})`);
  else {
    if (c.high < Math.max(c.open, c.close))
      issues.push(`high (${c.high}) is below max(open, close) (${Math.max(c.open, c.close)})`);
    if (c.low > Math.min(c.open, c.close))
      issues.push(`low (${c.low}) is above min(open, close) (${Math.min(c.open, c.close)})`);
  }
  return issues.length > 0 ? issues.join('; ') : null;
}

/** Order, duplicates, alignment and gaps; returns the number of missing candles. */
function checkSequence(
  ts: readonly number[],
  lines: readonly number[],
  intervalMs: number | null,
  allowGaps: boolean,
  problems: MarketDataProblem[],
): number {
  let missing = 0;
  const label = intervalMs ? intervalLabel(intervalMs) : '';
  let latest = Number.NEGATIVE_INFINITY;
  let latestLine = 0;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i] as number;
    const line = lines[i] as number;
    if (intervalMs && t % intervalMs !== 0) {
      problems.push({ line, message: `ts ${t} (${iso(t)}) is not aligned to the ${label} interval` });
    }
    if (i > 0 && t === latest) {
      problems.push({ line, message: `ts ${t} (${iso(t)}) duplicates line ${latestLine}` });
      continue;
    }
    if (i > 0 && t < latest) {
      problems.push({
        line,
        message: `ts ${t} (${iso(t)}) is before line ${latestLine} (${iso(latest)}): rows must be sorted by ts`,
      });
      continue;
    }
    if (i > 0 && intervalMs && t - latest > intervalMs) {
      const gap = Math.ceil((t - latest) / intervalMs) - 1;
      missing += gap;
      if (!allowGaps) {
        problems.push({
          line,
          message: `${gap} missing ${label} candle(s) between ${iso(latest)} (line ${latestLine}) and ${iso(t)}`,
        });
      }
    }
    latest = t;
    latestLine = line;
  }
  return missing;
}

/** Parses and checks a funding CSV text (`ts,rate`, rate per interval as a fraction). */
export function parseFundingCsv(text: string): FundingCsvReport {
  const { header, data } = splitLines(text);
  const problems: MarketDataProblem[] = [];
  const bad = headerProblem(header, FUNDING_CSV_HEADER);
  if (bad) return { rates: [], problems: [bad], rows: data.length };
  if (data.length === 0) problems.push({ line: 0, message: 'the file has a header but no funding rates' });

  const rates: FundingRate[] = [];
  let previous: { ts: number; line: number } | null = null;
  for (const { text: row, line } of data) {
    const cells = row.split(',');
    if (cells.length !== 2) {
      problems.push({ line, message: `${cells.length} cells, expected 2 (${FUNDING_CSV_HEADER})` });
      continue;
    }
    const ts = parseTs(cells[0] as string);
    const rate = parseNumber(cells[1] as string, 'rate');
    if (typeof ts === 'string' || typeof rate === 'string') {
      problems.push({ line, message: [ts, rate].filter((v) => typeof v === 'string').join('; ') });
      continue;
    }
    if (Math.abs(rate) >= 1) {
      problems.push({ line, message: `rate (${rate}) is not a fraction per interval (0.0001 = 0.01%)` });
    }
    if (previous && ts === previous.ts) {
      problems.push({ line, message: `ts ${ts} (${iso(ts)}) duplicates line ${previous.line}` });
    } else if (previous && ts < previous.ts) {
      problems.push({
        line,
        message: `ts ${ts} (${iso(ts)}) is before line ${previous.line} (${iso(previous.ts)}): rows must be sorted by ts`,
      });
    }
    previous = { ts, line };
    rates.push({ ts, rate });
  }
  return { rates, problems, rows: data.length };
}

export function iso(ts: number): string {
  const date = new Date(ts);
  return Number.isNaN(date.getTime()) ? String(ts) : date.toISOString();
}
