import type { Command } from 'commander';
import { isTimeframe, TIMEFRAME_MS, TIMEFRAMES } from '../../domain/index.ts';
import { MAX_LISTED_PROBLEMS } from '../../market/errors.ts';
import { inspectMarketFile, intervalLabel, type MarketFileReport } from '../../market/feeds/csv.ts';
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
