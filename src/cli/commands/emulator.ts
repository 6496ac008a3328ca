import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type Candle, isTimeframe, TIMEFRAME_MS, TIMEFRAMES, type Timeframe } from '../../domain/index.ts';
import { type ReplaySeries, startEmulator } from '../../exchange/emulator/index.ts';
import { fundingFromSeries } from '../../exchange/paper/index.ts';
import { readCandleCsv, readFundingCsv } from '../../market/feeds/csv.ts';
import { UsageError } from '../errors.ts';

const DAY_MS = 86_400_000;
const DEFAULT_FUNDING_RATE = 0.0001;

interface EmulatorCliOptions {
  data?: string;
  symbols: string;
  timeframe?: string;
  port: string;
  speed: string;
  apiKey?: string;
  apiSecret?: string;
  balance: string;
  warmup: string;
  alignNow: boolean;
}

function positiveNumber(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new UsageError(`${flag} must be a non-negative number, got "${text}"`);
  return value;
}

/** `<dir>/<SYMBOL>-<timeframe>.csv`, the layout of the shared data folder. */
function findCandleFile(
  dir: string,
  symbol: string,
  timeframe?: Timeframe,
): { file: string; timeframe: Timeframe } {
  const candidates = timeframe ? [timeframe] : TIMEFRAMES;
  for (const tf of candidates) {
    const file = path.join(dir, `${symbol}-${tf}.csv`);
    if (existsSync(file)) return { file, timeframe: tf };
  }
  const present = readdirSync(dir).filter((name) => name.endsWith('.csv'));
  throw new UsageError(
    `no candle file for ${symbol}${timeframe ? ` at ${timeframe}` : ''} in ${dir} (expected ${symbol}-<timeframe>.csv; found ${present.join(', ') || 'no CSV files'})`,
  );
}

/**
 * Shifts a replay by whole days so that, after `warmup` candles of history, the replay's "now" is
 * the wall clock's: a bot then sees fresh candles at the real time of day.
 */
function alignToNow(
  series: Record<string, ReplaySeries>,
  warmup: number,
): { startMs: number; shiftMs: number } {
  const now = Date.now();
  const firstTs = Math.min(...Object.values(series).map((s) => (s.candles[0] as Candle).ts));
  const baseMs = Math.max(...Object.values(series).map((s) => TIMEFRAME_MS[s.timeframe]));
  const shiftMs = Math.floor((now - warmup * baseMs - firstTs) / DAY_MS) * DAY_MS;
  for (const s of Object.values(series)) s.candles = s.candles.map((c) => ({ ...c, ts: c.ts + shiftMs }));
  return { startMs: Math.floor(now / baseMs) * baseMs, shiftMs };
}

export function registerEmulatorCommand(program: Command): void {
  program
    .command('emulator')
    .description('Start a Bybit V5 look-alike (REST + WebSocket) on 127.0.0.1 to run Warden offline')
    .option(
      '--data <dir>',
      'replay candles from <dir>/<SYMBOL>-<timeframe>.csv (funding from <SYMBOL>-funding.csv)',
    )
    .option('--symbols <list>', 'comma-separated symbols', 'BTCUSDT,ETHUSDT')
    .option('--timeframe <tf>', `candle file timeframe (${TIMEFRAMES.join(', ')}); default: the finest found`)
    .option('--port <n>', 'port (0 picks a free one)', '8765')
    .option(
      '--speed <n>',
      'replay speed: a multiple of real time, "max", or "stepped" (POST /__emulator/advance)',
      '1',
    )
    .option('--api-key <key>', 'API key to accept (default: a random one, printed)')
    .option('--api-secret <secret>', 'API secret to accept (default: a random one, printed)')
    .option('--balance <usdt>', 'starting USDT wallet', '100')
    .option('--warmup <candles>', 'candles of history released at start', '500')
    .option('--no-align-now', 'keep the replay on its own dates instead of shifting it to end now')
    .action(async (options: EmulatorCliOptions) => {
      const symbols = options.symbols
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (symbols.length === 0) throw new UsageError('--symbols needs at least one symbol');
      if (options.timeframe !== undefined && !isTimeframe(options.timeframe)) {
        throw new UsageError(
          `--timeframe must be one of ${TIMEFRAMES.join(', ')}, got "${options.timeframe}"`,
        );
      }
      if ((options.apiKey === undefined) !== (options.apiSecret === undefined)) {
        throw new UsageError('give both --api-key and --api-secret, or neither');
      }
      const speed =
        options.speed === 'max'
          ? 'max'
          : options.speed === 'stepped'
            ? 'stepped'
            : positiveNumber(options.speed, '--speed');
      const port = positiveNumber(options.port, '--port');
      const warmup = positiveNumber(options.warmup, '--warmup');
      const replay: Record<string, ReplaySeries> = {};
      const fundingSeries: Record<string, { ts: number; rate: number }[]> = {};
      if (options.data) {
        if (!existsSync(options.data)) throw new UsageError(`--data ${options.data} does not exist`);
        for (const symbol of symbols) {
          const found = findCandleFile(options.data, symbol, options.timeframe as Timeframe | undefined);
          replay[symbol] = { candles: readCandleCsv(found.file), timeframe: found.timeframe };
          const fundingFile = path.join(options.data, `${symbol}-funding.csv`);
          if (existsSync(fundingFile)) fundingSeries[symbol] = readFundingCsv(fundingFile);
        }
      }
      let startMs: number | undefined;
      let shifted = false;
      if (options.data && options.alignNow && typeof speed === 'number') {
        const aligned = alignToNow(replay, warmup);
        startMs = aligned.startMs;
        shifted = true;
        for (const [symbol, rows] of Object.entries(fundingSeries)) {
          fundingSeries[symbol] = rows.map((r) => ({ ...r, ts: r.ts + aligned.shiftMs }));
        }
      }
      const fromFiles = fundingFromSeries(fundingSeries);
      const emulator = await startEmulator({
        port,
        symbols,
        replay,
        clock: options.data ? speed : 'wall',
        warmupCandles: warmup,
        ...(startMs !== undefined ? { startMs, startAtWallClock: true } : {}),
        startBalanceUsdt: positiveNumber(options.balance, '--balance'),
        // Funding from the files where they cover the time, else a constant (said at start).
        funding: (symbol, timeMs) => fromFiles(symbol, timeMs) ?? DEFAULT_FUNDING_RATE,
        ...(options.apiKey && options.apiSecret
          ? { credentials: [{ apiKey: options.apiKey, apiSecret: options.apiSecret }] }
          : {}),
      });
      const credential = emulator.credentials[0] as { apiKey: string; apiSecret: string };
      const lines = [
        `Bybit V5 emulator listening on 127.0.0.1:${emulator.port}`,
        `  market     ${options.data ? `replay of ${symbols.join(', ')} from ${options.data} at ${typeof speed === 'number' ? `${speed}x` : speed}${shifted ? ' (shifted to end now)' : ''}` : `${symbols.join(', ')} with no data: set prices with POST ${emulator.controlUrl}/price`}`,
        `  funding    ${Object.keys(fundingSeries).length > 0 ? 'from funding files where they cover, else' : 'constant'} ${DEFAULT_FUNDING_RATE} per 8h`,
        '',
        'Point Warden at it with:',
        `  BYBIT_REST_URL=${emulator.restUrl}`,
        `  BYBIT_WS_PUBLIC_URL=${emulator.wsPublicUrl}`,
        `  BYBIT_WS_PRIVATE_URL=${emulator.wsPrivateUrl}`,
        `  BYBIT_API_KEY=${credential.apiKey}`,
        `  BYBIT_API_SECRET=${credential.apiSecret}`,
        '',
        `Control API: ${emulator.controlUrl}/state, /price, /candle, /advance, /faults, /streams, /funding`,
        'Ctrl-C stops it.',
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          void emulator.close().then(resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
