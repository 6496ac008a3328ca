import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type Candle, isTimeframe, TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from '../../domain/index.ts';
import { BybitExchange } from '../../exchange/bybit/index.ts';
import type { ExchangePort } from '../../exchange/port.ts';
import { CANDLE_CSV_HEADER } from '../../market/feeds/csv.ts';
import { UsageError } from '../errors.ts';
import { dataGroup } from './data.ts';

const PAGE = 1000;

export interface DownloadRequest {
  symbol: string;
  timeframe: Timeframe;
  fromMs: number;
  /** Exclusive. */
  toMs: number;
  outFile: string;
}

export interface DownloadResult {
  written: number;
  /** Where the download started: `fromMs`, or after the last candle already in the file. */
  startedAtMs: number;
  resumed: boolean;
  /** Missing candle slots the venue had no data for. */
  gaps: number;
  lastTs: number | null;
}

/** The ts of the file's last row, or null for a file with only the header; refuses a foreign file. */
function lastTsInFile(file: string): number | null {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines[0]?.trim() !== CANDLE_CSV_HEADER) {
    throw new UsageError(
      `${file} exists but is not a candle file (first line must be "${CANDLE_CSV_HEADER}"); pick another --out`,
    );
  }
  const last = lines[lines.length - 1] as string;
  if (lines.length === 1) return null;
  const ts = Number(last.split(',')[0]);
  if (!Number.isInteger(ts)) throw new UsageError(`${file}: cannot read the last row's ts ("${last}")`);
  return ts;
}

const row = (c: Candle) => `${c.ts},${c.open},${c.high},${c.low},${c.close},${c.volume}`;

/**
 * Pages closed candles out of the venue (1000 per request, oldest first after the adapter's
 * reordering) and appends them to `outFile` page by page, so an interrupted download resumes
 * after its last written candle. The forming candle is never written.
 */
export async function downloadCandles(
  exchange: Pick<ExchangePort, 'getKlines' | 'getServerTimeMs'>,
  request: DownloadRequest,
  onPage: (written: number, lastTs: number) => void = () => {},
): Promise<DownloadResult> {
  const tf = TIMEFRAME_MS[request.timeframe];
  const alignedFrom = Math.ceil(request.fromMs / tf) * tf;
  let resumed = false;
  let cursor = alignedFrom;
  let lastTs: number | null = null;
  if (existsSync(request.outFile)) {
    lastTs = lastTsInFile(request.outFile);
    if (lastTs !== null) {
      cursor = Math.max(alignedFrom, lastTs + tf);
      resumed = true;
    }
  } else {
    writeFileSync(request.outFile, `${CANDLE_CSV_HEADER}\n`);
  }
  const startedAtMs = cursor;
  const nowMs = await exchange.getServerTimeMs();
  const end = Math.min(request.toMs, nowMs);
  let written = 0;
  let gaps = 0;
  while (cursor < end) {
    const windowEnd = Math.min(end - 1, cursor + (PAGE - 1) * tf);
    const page = await exchange.getKlines({
      symbol: request.symbol,
      timeframe: request.timeframe,
      startMs: cursor,
      endMs: windowEnd,
      limit: PAGE,
    });
    const fresh: Candle[] = [];
    for (const candle of page) {
      if (candle.ts < cursor || candle.ts > windowEnd || candle.ts + tf > nowMs) continue;
      if (lastTs !== null && candle.ts <= lastTs) continue;
      if (lastTs !== null) gaps += Math.max(0, (candle.ts - lastTs) / tf - 1);
      fresh.push(candle);
      lastTs = candle.ts;
    }
    if (fresh.length > 0) {
      appendFileSync(request.outFile, `${fresh.map(row).join('\n')}\n`);
      written += fresh.length;
      onPage(written, (fresh[fresh.length - 1] as Candle).ts);
    }
    cursor = windowEnd + 1;
  }
  return { written, startedAtMs, resumed, gaps, lastTs };
}

/** `2025-01-01`, a full ISO time, or ms since the epoch. */
export function parseDate(text: string, flag: string): number {
  const ms = /^\d+$/.test(text)
    ? Number(text)
    : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(ms))
    throw new UsageError(`${flag} must be a date like 2025-01-01, an ISO time or ms, got "${text}"`);
  return ms;
}

interface DownloadCliOptions {
  symbol: string;
  timeframe: string;
  from: string;
  to: string;
  out: string;
  baseUrl?: string;
}

export function registerDataDownloadCommand(program: Command): void {
  dataGroup(program)
    .command('download')
    .description(
      'Download closed candles from Bybit public klines into a CSV (ts,open,high,low,close,volume); resumes an existing file',
    )
    .requiredOption('--symbol <symbol>', 'USDT perpetual, e.g. BTCUSDT')
    .requiredOption('--timeframe <tf>', `one of ${TIMEFRAMES.join(', ')}`)
    .requiredOption('--from <date>', 'first candle (UTC date, ISO time or ms)')
    .requiredOption('--to <date>', 'end, exclusive (UTC date, ISO time or ms)')
    .requiredOption('--out <file>', 'CSV file to write or resume')
    .option('--base-url <url>', 'REST base URL (default: BYBIT_REST_URL, else api.bybit.com)')
    .action(async (options: DownloadCliOptions) => {
      if (!/^[A-Z0-9]{2,20}USDT$/.test(options.symbol)) {
        throw new UsageError(`--symbol must be a USDT perpetual like BTCUSDT, got "${options.symbol}"`);
      }
      if (!isTimeframe(options.timeframe)) {
        throw new UsageError(
          `--timeframe must be one of ${TIMEFRAMES.join(', ')}, got "${options.timeframe}"`,
        );
      }
      const fromMs = parseDate(options.from, '--from');
      const toMs = parseDate(options.to, '--to');
      if (toMs <= fromMs) throw new UsageError('--to must be after --from');
      const restUrl = options.baseUrl ?? process.env.BYBIT_REST_URL;
      if (restUrl !== undefined && !/^https?:\/\//.test(restUrl)) {
        throw new UsageError(`--base-url must be an http(s) URL, got "${restUrl}"`);
      }
      const exchange = new BybitExchange({
        environment: 'live',
        ...(restUrl ? { endpoints: { restUrl } } : {}),
      });
      const result = await downloadCandles(
        exchange,
        { symbol: options.symbol, timeframe: options.timeframe, fromMs, toMs, outFile: options.out },
        (written, lastTs) =>
          process.stderr.write(`  ${written} candles, up to ${new Date(lastTs).toISOString()}\n`),
      );
      const from = new Date(result.startedAtMs).toISOString();
      process.stdout.write(
        `${options.out}: ${result.resumed ? 'resumed, ' : ''}${result.written} candle(s) written from ${from}` +
          `${result.lastTs !== null ? `, last ${new Date(result.lastTs).toISOString()}` : ''}` +
          `${result.gaps > 0 ? `; ${result.gaps} missing slot(s) the venue had no data for` : ''}\n`,
      );
    });
}
