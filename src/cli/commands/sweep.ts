import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { walkForwardFolds } from '../../arena/index.ts';
import { progressBar, terminalLine } from '../../backtest/progress.ts';
import { stableJson } from '../../backtest/stable-json.ts';
import { formatSignedUsdt } from '../../domain/format.ts';
import { errorMessage } from '../../domain/index.ts';
import { SIGNAL_EXIT_CODES, stopOnSignals } from '../../engine/signals.ts';
import { expandGrid, mergeGrid, parseGridFile, SweepInputError } from '../../sweep/grid.ts';
import { renderSweepHtml } from '../../sweep/html.ts';
import { type PoolProgress, runJobs, SweepRunError } from '../../sweep/pool.ts';
import {
  buildSweepReport,
  SWEEP_SCORES,
  type SweepReport,
  type SweepScore,
  sweepJobs,
} from '../../sweep/report.ts';
import { UsageError } from '../errors.ts';
import { parseDate } from './backtest.ts';

export interface SweepCliOptions {
  data: string;
  grid?: string;
  set: string[];
  symbols?: string;
  timeframe?: string;
  from: string;
  to: string;
  inSample: string;
  outOfSample: string;
  step?: string;
  anchored?: boolean;
  score: string;
  workers?: string;
  json?: boolean;
  html?: string;
  journals?: string;
  funding: boolean;
  envFile?: string;
}

const DAY_MS = 86_400_000;

function whole(flag: string, value: string, min: number, unit = ' of days'): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} must be a whole number${unit} ≥ ${min}, got "${value}"`);
  return n;
}

function sweepPlan(options: SweepCliOptions) {
  if (!SWEEP_SCORES.includes(options.score as SweepScore))
    throw new UsageError(`--score must be one of ${SWEEP_SCORES.join(', ')}, got "${options.score}"`);
  const fromMs = parseDate('--from', options.from) as number;
  const toMs = parseDate('--to', options.to) as number;
  const workers = options.workers === undefined ? undefined : whole('--workers', options.workers, 1, '');
  // Daily returns: at least two days on each side, or no Sharpe can be formed.
  const plan = {
    fromMs,
    toMs,
    inSampleMs: whole('--in-sample', options.inSample, 2) * DAY_MS,
    outOfSampleMs: whole('--out-of-sample', options.outOfSample, 2) * DAY_MS,
    anchored: options.anchored ?? false,
    ...(options.step ? { stepMs: whole('--step', options.step, 1) * DAY_MS } : {}),
  };
  try {
    return { folds: walkForwardFolds(plan), anchored: plan.anchored, workers };
  } catch (error) {
    throw new UsageError(`--from/--to/--in-sample/--out-of-sample: ${errorMessage(error)}`);
  }
}

function gridOf(options: SweepCliOptions) {
  let file = null;
  if (options.grid) {
    if (!existsSync(options.grid)) throw new UsageError(`--grid ${options.grid}: no such file`);
    file = parseGridFile(readFileSync(options.grid, 'utf8'), options.grid);
  }
  const spec = mergeGrid(file, options.set);
  if (options.symbols) spec.base.SYMBOLS = options.symbols;
  if (options.timeframe) spec.base.DECISION_TIMEFRAME = options.timeframe;
  return expandGrid(spec, options.envFile ? { dotenvPath: options.envFile } : {});
}

const sweepLine = (p: PoolProgress) =>
  `sweep ${progressBar(p.fraction)} ${(p.fraction * 100).toFixed(0).padStart(3)}%  ${p.runsDone}/${p.runs} runs  ${p.workers} worker${p.workers === 1 ? '' : 's'}`;

function num(v: number, digits = 3): string {
  return v.toFixed(digits).padStart(9);
}

/** The terminal summary: the walk-forward verdict first, then every setting. */
export function renderSweepSummary(r: SweepReport, htmlPath: string): string {
  const w = r.walkForward;
  const lines = [
    `Sweep ${r.settings.length} settings × ${r.folds.length} ${r.anchored ? 'anchored' : 'rolling'} folds, ${r.from.slice(0, 10)} → ${r.to.slice(0, 10)}, score: ${r.scoreUnit}`,
    '',
    'Walk-forward (chosen in sample, reported out of sample):',
    ...w.chosen.map(
      (c) =>
        `  fold ${c.fold + 1}  IS ${num(c.inSample)}  OOS ${num(c.outOfSample)}  ${c.label}\n           ${c.verdict.text}`,
    ),
    `  mean IS ${num(w.meanInSample)}  mean OOS ${num(w.meanOutOfSample)}  gap ${num(w.gap)}`,
    `  out-of-sample track: ${w.track.days} days, ${w.track.closedTrades} trades, net ${formatSignedUsdt(w.track.netPnlUsdt)} USDT, daily Sharpe ${w.track.sharpe.toFixed(3)}`,
    '',
    'Every setting (mean over folds):',
    `  ${'#'.padStart(3)} ${'IS'.padStart(9)} ${'OOS'.padStart(9)} ${'gap'.padStart(9)} ${'OOS net USDT'.padStart(13)} ${'trades'.padStart(6)}  setting`,
    ...r.settings.map(
      (s) =>
        `  ${String(s.index + 1).padStart(3)} ${num(s.meanInSample)} ${num(s.meanOutOfSample)} ${num(s.gap)} ${formatSignedUsdt(s.outOfSample.netPnlUsdt).padStart(13)} ${String(s.outOfSample.closedTrades).padStart(6)}  ${s.label}${s.index === r.winner.setting ? '  ★' : ''}`,
    ),
    '',
    `Winner ★ ${r.winner.label}: ${r.winner.verdict}`,
    ...r.warnings.map((w) => `Warning: ${w}`),
    `HTML comparison written to ${htmlPath}`,
  ];
  return `${lines.join('\n')}\n`;
}

export async function sweepCommand(options: SweepCliOptions): Promise<SweepReport> {
  const { folds, anchored, workers } = sweepPlan(options);
  let grid: ReturnType<typeof gridOf>;
  try {
    grid = gridOf(options);
  } catch (error) {
    if (error instanceof SweepInputError) throw new UsageError(error.message);
    throw error;
  }
  for (const w of grid.warnings) process.stderr.write(`warden: warning: ${w}\n`);
  if (!existsSync(options.data)) throw new UsageError(`--data ${options.data}: no such folder`);
  if (options.journals) mkdirSync(options.journals, { recursive: true });
  const journals = options.journals;
  const htmlPath = options.html ?? (journals ? path.join(journals, 'sweep.html') : 'warden-sweep.html');
  const jobs = sweepJobs({
    settings: grid.settings,
    folds,
    dataDir: options.data,
    funding: options.funding ? 'required' : 'none',
    ...(journals
      ? {
          journalPath: (s: number, f: number, sample: 'in' | 'out') =>
            path.join(journals, `setting-${s + 1}-fold-${f + 1}-${sample === 'in' ? 'is' : 'oos'}.db`),
        }
      : {}),
  });
  const progress = terminalLine(sweepLine);
  const stop = stopOnSignals(
    (signal) => process.stderr.write(`\nwarden: ${signal} received: stopping the sweep\n`),
    (signal) => process.stderr.write(`warden: second ${signal}: exiting now\n`),
  );
  try {
    const runs = await runJobs(jobs, {
      ...(workers !== undefined ? { workers } : {}),
      ...(progress ? { onProgress: progress.update } : {}),
      signal: stop.signal,
    }).catch((error: unknown) => {
      if (stop.received)
        throw new UsageError(
          `sweep stopped by ${stop.received}: no results are reported for a partial sweep`,
          SIGNAL_EXIT_CODES[stop.received] ?? 1,
        );
      if (error instanceof SweepRunError) throw new UsageError(error.message);
      throw error;
    });
    progress?.done();
    const report = buildSweepReport({
      score: options.score as SweepScore,
      settings: grid.settings,
      folds,
      anchored,
      runs,
    });
    writeFileSync(htmlPath, renderSweepHtml(report));
    process.stdout.write(options.json ? stableJson(report) : renderSweepSummary(report, htmlPath));
    return report;
  } finally {
    progress?.done();
    stop.dispose();
  }
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description(
      'Backtest a grid of settings as walk-forward folds on every core: choose in sample, report out of sample, deflate the winner for the settings tried',
    )
    .requiredOption('--data <dir>', 'folder of SYMBOL-5m.csv and SYMBOL-funding.csv files')
    .requiredOption('--from <date>', 'start of the first in-sample span (UTC date or ISO time)')
    .requiredOption('--to <date>', 'end of the data used, exclusive')
    .requiredOption('--in-sample <days>', 'length of each in-sample span, whole days')
    .requiredOption('--out-of-sample <days>', 'length of each out-of-sample span, whole days')
    .option('--step <days>', 'how far each fold moves (default: the out-of-sample length)')
    .option('--anchored', 'every in-sample span starts at --from and grows (default: rolling)')
    .option('--grid <file>', 'JSON grid: {"base": {"KEY": value}, "grid": {"KEY": [v1, v2]}}')
    .option('--set <KEY=v1,v2>', 'vary a configuration variable over these values (repeatable)', collect, [])
    .option('--symbols <list>', 'comma-separated symbols for every setting (overrides SYMBOLS)')
    .option('--timeframe <tf>', 'decision timeframe for every setting (overrides DECISION_TIMEFRAME)')
    .option('--score <name>', `rank settings by ${SWEEP_SCORES.join(' | ')}`, 'sharpe')
    .option('--workers <n>', 'worker threads (default: every core)')
    .option('--json', 'print the sweep report as JSON')
    .option('--html <file>', 'HTML comparison (default: sweep.html in --journals, else ./warden-sweep.html)')
    .option('--journals <dir>', 'keep every run journal here (default: temporary, deleted)')
    // Same tail as every command on purpose: commander's options, then one action.
    .option('--no-funding', 'run without funding files (funding costs then count as zero)')
    .option('--env-file <path>', 'read variables from this file instead of ./.env')
    .action(async (options: SweepCliOptions) => {
      await sweepCommand(options);
    });
}
