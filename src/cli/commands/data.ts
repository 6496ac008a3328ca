import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { isTimeframe, TIMEFRAME_MS, TIMEFRAMES } from '../../domain/index.ts';
import { deriveSeed, Random } from '../../domain/random.ts';
import { MAX_LISTED_PROBLEMS } from '../../market/errors.ts';
import { inspectMarketFile, intervalLabel, type MarketFileReport } from '../../market/feeds/csv.ts';
import { formatCandleCsv, formatFundingCsv } from '../../market/feeds/csv-write.ts';
import { generateSyntheticMarket } from '../../market/synthetic/generator.ts';
import { DEMO_DYNAMICS, demoSchedule } from '../../market/synthetic/regimes.ts';
import { UsageError } from '../errors.ts';

/**
 * The `warden data` group, created on first use. Subcommands in other files attach to it from their
 * own register function: `dataGroup(program).command('download')…` — registration order does not matter.
 */
export function dataGroup(program: Command): Command {
  const existing = program.commands.find((command) => command.name() === 'data');
  if (existing) return existing;
  return program
    .command('data')
    .description('Market data files: check them (validate) or fetch them (download)');
}

function iso(ts: number | null): string {
  return ts === null ? '—' : new Date(ts).toISOString();
}

/** The lines `warden data validate` prints for one file. */
export function formatFileReport(report: MarketFileReport): string[] {
  const status = report.problems.length === 0 ? 'OK' : `${report.problems.length} problem(s)`;
  const lines = [`${report.file}: ${status}`];
  if (report.kind !== 'unknown') {
    lines.push(`  kind      ${report.kind}`);
    lines.push(`  rows      ${report.rows.toLocaleString('en-US')}`);
    lines.push(`  first     ${iso(report.firstTs)}`);
    lines.push(`  last      ${iso(report.lastTs)}`);
    if (report.kind === 'candles') {
      lines.push(
        `  interval  ${report.intervalMs === null ? 'unknown (fewer than 2 rows)' : intervalLabel(report.intervalMs)}`,
      );
      if (report.missingCandles > 0)
        lines.push(`  missing   ${report.missingCandles.toLocaleString('en-US')} candle(s)`);
    }
  }
  for (const problem of report.problems.slice(0, MAX_LISTED_PROBLEMS)) {
    lines.push(`  ${problem.line > 0 ? `line ${problem.line}: ` : ''}${problem.message}`);
  }
  const more = report.problems.length - MAX_LISTED_PROBLEMS;
  if (more > 0) lines.push(`  … and ${more.toLocaleString('en-US')} more`);
  return lines;
}

export function registerDataCommand(program: Command): void {
  registerSynthetic(program);
  dataGroup(program)
    .command('validate')
    .description(
      'Check candle (ts,open,high,low,close,volume) or funding (ts,rate) CSV files: rows, span, interval and every problem with its line; exit 2 on any problem',
    )
    .argument('<files...>', 'CSV files to check')
    .option(
      '--interval <timeframe>',
      `expected candle interval (${TIMEFRAMES.join(', ')}); default: inferred`,
    )
    .option('--allow-gaps', 'accept missing candles (still counted)', false)
    .action((files: string[], options: { interval?: string; allowGaps: boolean }) => {
      if (options.interval !== undefined && !isTimeframe(options.interval)) {
        throw new UsageError(`--interval must be one of ${TIMEFRAMES.join(', ')}, got "${options.interval}"`);
      }
      const expectedIntervalMs = options.interval
        ? TIMEFRAME_MS[options.interval as keyof typeof TIMEFRAME_MS]
        : undefined;
      let bad = 0;
      for (const file of files) {
        const report = inspectMarketFile(file, { expectedIntervalMs, allowGaps: options.allowGaps });
        if (report.problems.length > 0) bad++;
        process.stdout.write(`${formatFileReport(report).join('\n')}\n`);
      }
      if (bad > 0) throw new UsageError(`${bad} of ${files.length} file(s) have problems`);
    });
}

interface SyntheticCommandOptions {
  out: string;
  seed: string;
  symbols: string;
  candles: string;
  timeframe: string;
  start: string;
  gaps: string;
  crashes: string;
  force: boolean;
}

function wholeNumber(name: string, value: string, min: number): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < min)
    throw new UsageError(`${name} must be a whole number ≥ ${min}, got "${value}"`);
  return parsed;
}

function chance(name: string, value: string): number {
  const parsed = Number(value);
  if (!(parsed >= 0 && parsed <= 1))
    throw new UsageError(`${name} must be a chance per candle within 0..1, got "${value}"`);
  return parsed;
}

function registerSynthetic(program: Command): void {
  dataGroup(program)
    .command('synthetic')
    .description(
      'Write seeded synthetic candles and funding (SYMBOL-<tf>.csv, SYMBOL-funding.csv) into a folder laid out like ../shared/data, for demos and tests without real data',
    )
    .requiredOption('--out <dir>', 'folder to write into (created if missing)')
    .option('--seed <n>', 'random seed: the same seed writes the same files', '1')
    .option('--symbols <list>', 'comma-separated symbols', 'BTCUSDT,ETHUSDT')
    .option('--candles <n>', 'candles per symbol', '8640')
    .option('--timeframe <tf>', 'candle timeframe', '5m')
    .option('--start <iso>', 'open time of the first candle (UTC)', '2025-01-01T00:00:00Z')
    .option('--gaps <chance>', 'chance per candle of a price gap between candles', '0.002')
    .option('--crashes <chance>', 'chance per candle of a crash candle', '0.0005')
    .option('--force', 'overwrite existing files', false)
    .action((options: SyntheticCommandOptions) => {
      if (!isTimeframe(options.timeframe)) {
        throw new UsageError(
          `--timeframe must be one of ${TIMEFRAMES.join(', ')}, got "${options.timeframe}"`,
        );
      }
      const startMs = Date.parse(options.start);
      if (Number.isNaN(startMs)) throw new UsageError(`--start must be an ISO date, got "${options.start}"`);
      if (startMs % TIMEFRAME_MS[options.timeframe] !== 0) {
        throw new UsageError(`--start ${options.start} is not on the ${options.timeframe} grid`);
      }
      const symbols = options.symbols.split(',').map((symbol) => symbol.trim().toUpperCase());
      if (symbols.some((symbol) => !/^[A-Z0-9]{2,20}USDT$/.test(symbol))) {
        throw new UsageError(`--symbols must be USDT symbols like BTCUSDT, got "${options.symbols}"`);
      }
      const seed = wholeNumber('--seed', options.seed, 0);
      const candles = wholeNumber('--candles', options.candles, 1);
      const priceGapChance = chance('--gaps', options.gaps);
      const crashChance = chance('--crashes', options.crashes);
      mkdirSync(options.out, { recursive: true });
      const startPrices: Record<string, number> = { BTCUSDT: 95_000, ETHUSDT: 3_300, SOLUSDT: 190 };
      for (const symbol of symbols) {
        const files = [
          path.join(options.out, `${symbol}-${options.timeframe}.csv`),
          path.join(options.out, `${symbol}-funding.csv`),
        ];
        const taken = files.find((file) => existsSync(file));
        if (taken && !options.force) throw new UsageError(`${taken} exists; pass --force to overwrite it`);
        const random = new Random(deriveSeed(seed, `${symbol}:schedule`));
        const candlesPerHour = 3_600_000 / TIMEFRAME_MS[options.timeframe];
        const market = generateSyntheticMarket({
          seed,
          symbol,
          timeframe: options.timeframe,
          startMs,
          candles,
          startPrice: startPrices[symbol] ?? 100,
          regimes: demoSchedule(random, candles, candlesPerHour),
          dynamics: DEMO_DYNAMICS,
          priceGapChance,
          crashChance,
          // At least one crash, two thirds of the way in, so the stops are seen at work.
          crashAt: [Math.floor((candles * 2) / 3)],
        });
        writeFileSync(files[0] as string, formatCandleCsv(market.candles));
        writeFileSync(files[1] as string, formatFundingCsv(market.funding));
        const regimes = market.regimes.map((r) => r.regime);
        process.stdout.write(
          `${files[0]}: ${market.candles.length.toLocaleString('en-US')} candles, ${market.funding.length} funding rates, ` +
            `${regimes.filter((r) => r === 'trend').length} trend / ${regimes.filter((r) => r === 'range').length} range / ` +
            `${regimes.filter((r) => r === 'violent').length} violent stretches, ${market.priceGaps.length} price gaps, ${market.crashes.length} crashes\n`,
        );
      }
    });
}
