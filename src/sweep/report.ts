import {
  chooseInSample,
  deflatedSharpe,
  type Fold,
  mean,
  sharpeRatio,
  sharpeSample,
  variance,
} from '../arena/index.ts';
import { errorMessage } from '../domain/index.ts';
import type { Setting } from './grid.ts';
import type { RunFigures, SweepJob } from './run-job.ts';

const DAY_MS = 86_400_000;
/** Deflated Sharpe at or above this: the edge survives the multiple-testing correction. */
export const SURVIVAL_THRESHOLD = 0.95;

/** What settings are ranked by: daily Sharpe of mark-to-market returns, or net PnL per day. */
export type SweepScore = 'sharpe' | 'net-pnl';
export const SWEEP_SCORES: readonly SweepScore[] = ['sharpe', 'net-pnl'];

export interface SpanFigures {
  from: string;
  to: string;
  days: number;
  score: number;
  /** Daily Sharpe (mean over standard deviation of daily returns, not annualised); 0 with no trade. */
  sharpe: number;
  netPnlUsdt: number;
  closedTrades: number;
  feesUsdt: number;
  fundingUsdt: number;
  maxDrawdownPct: number | null;
  /** Decisions the decider could not give: a replay without a recorded reply for the cycle (fail closed). */
  unanswered: number;
  dailyPnlUsdt: number[];
}

export interface Verdict {
  survives: boolean;
  /** Deflated Sharpe: probability the true Sharpe beats the best of the trials by luck alone; null when it cannot be formed. */
  deflatedSharpe: number | null;
  /** The Sharpe the best of `trials` skill-less settings would show. */
  expectedMaxSharpe: number | null;
  trials: number;
  text: string;
}

export interface SettingRow {
  index: number;
  label: string;
  values: Record<string, unknown>;
  folds: { fold: number; inSample: SpanFigures; outOfSample: SpanFigures }[];
  meanInSample: number;
  meanOutOfSample: number;
  /** Mean in-sample − mean out-of-sample score. */
  gap: number;
  /** Every out-of-sample span together (they tile without overlap). */
  outOfSample: { days: number; sharpe: number; netPnlUsdt: number; closedTrades: number };
  /** Folds whose in-sample span chose this setting. */
  chosenInFolds: number[];
}

export interface SweepReport {
  score: SweepScore;
  scoreUnit: string;
  from: string;
  to: string;
  anchored: boolean;
  folds: {
    index: number;
    inSample: { from: string; to: string };
    outOfSample: { from: string; to: string };
  }[];
  settings: SettingRow[];
  walkForward: {
    chosen: {
      fold: number;
      setting: number;
      label: string;
      inSample: number;
      outOfSample: number;
      /** The fold's choice judged on its in-sample days against every setting tried there. */
      verdict: Verdict;
    }[];
    meanInSample: number;
    meanOutOfSample: number;
    gap: number;
    /** Mean out-of-sample over mean in-sample score; null unless the in-sample mean is positive. */
    efficiency: number | null;
    /** The out-of-sample days of the chosen settings, one fold after the other: what choosing would have earned. */
    track: { days: number; sharpe: number; netPnlUsdt: number; closedTrades: number; verdict: Verdict };
  };
  /** The setting the last in-sample span chose: the one to trade next, with the walk-forward verdict. */
  winner: { setting: number; label: string; survives: boolean; verdict: string };
  /** What makes some figures unfit to read as the setting's trading (e.g. replay cycles with no recorded reply). */
  warnings: string[];
}

function warningsOf(rows: readonly SettingRow[]): string[] {
  return rows.flatMap((r) => {
    const unanswered = r.folds.reduce((s, f) => s + f.inSample.unanswered + f.outOfSample.unanswered, 0);
    return unanswered === 0
      ? []
      : [
          `setting ${r.index + 1} (${r.label}): ${unanswered} decisions had no answer (a replay finds no recorded reply ` +
            'for a cycle the recorded session did not ask, or under another prompt version); they count as unavailable ' +
            'and can trip the kill switch, so its figures do not show that setting trading',
        ];
  });
}

const iso = (ms: number) => new Date(ms).toISOString();

function scoreOf(score: SweepScore, run: RunFigures, sharpe: number): number {
  if (score === 'sharpe') return sharpe;
  return run.netPnlUsdt / ((run.toMs - run.fromMs) / DAY_MS);
}

function spanFigures(score: SweepScore, run: RunFigures): SpanFigures {
  const sharpe = sharpeRatio(run.dailyReturns);
  if (!Number.isFinite(sharpe))
    throw new RangeError(
      `setting ${run.setting + 1} fold ${run.fold + 1}: every day returned the same, its Sharpe is not finite`,
    );
  return {
    from: iso(run.fromMs),
    to: iso(run.toMs),
    days: run.dailyReturns.length,
    score: scoreOf(score, run, sharpe),
    sharpe,
    netPnlUsdt: run.netPnlUsdt,
    closedTrades: run.closedTrades,
    feesUsdt: run.feesUsdt,
    fundingUsdt: run.fundingUsdt,
    maxDrawdownPct: run.maxDrawdownPct,
    unanswered: run.unanswered,
    dailyPnlUsdt: run.dailyPnlUsdt,
  };
}

const fixed = (v: number, d = 3) => v.toFixed(d);

/**
 * The deflated Sharpe of a chosen return series against `sharpes`, the Sharpes every setting
 * showed on the same days (their count is the trials, their spread the bar's scale).
 */
export function verdictOf(returns: readonly number[], sharpes: readonly number[]): Verdict {
  const trials = sharpes.length;
  const none = (text: string): Verdict => ({
    survives: false,
    deflatedSharpe: null,
    expectedMaxSharpe: null,
    trials,
    text,
  });
  if (returns.length < 2) return none('too few days to judge');
  if (returns.every((r) => r === 0)) return none('no edge: not a cent made or lost (no trade)');
  let result: ReturnType<typeof deflatedSharpe>;
  const sample = sharpeSample(returns);
  try {
    result = deflatedSharpe(sample, { count: trials, sharpeVariance: variance(sharpes) }, SURVIVAL_THRESHOLD);
  } catch (error) {
    return none(`cannot be judged: ${errorMessage(error)}`);
  }
  const base = {
    deflatedSharpe: result.probability,
    expectedMaxSharpe: result.expectedMaxSharpe,
    trials,
  };
  const over = `deflated Sharpe ${fixed(result.probability)} ${result.survives ? '≥' : '<'} ${SURVIVAL_THRESHOLD} over ${trials} configuration${trials === 1 ? '' : 's'}`;
  if (sample.sharpe <= 0)
    return { ...base, survives: false, text: `no edge: daily Sharpe ${fixed(sample.sharpe)} ≤ 0 (${over})` };
  return result.survives
    ? { ...base, survives: true, text: `edge survives the multiple-testing correction (${over})` }
    : { ...base, survives: false, text: `does not survive the multiple-testing correction (${over})` };
}

/** Sweep figures from every run: scores per fold, the walk-forward choice, the gap and the verdicts. */
export function buildSweepReport(input: {
  score: SweepScore;
  settings: readonly Setting[];
  folds: readonly Fold[];
  anchored: boolean;
  runs: readonly RunFigures[];
}): SweepReport {
  const { score, settings, folds } = input;
  const runOf = new Map(input.runs.map((r) => [`${r.setting}/${r.fold}/${r.sample}`, r]));
  const get = (setting: number, fold: number, sample: 'in' | 'out') => {
    const run = runOf.get(`${setting}/${fold}/${sample}`);
    if (!run) throw new RangeError(`no run for setting ${setting + 1}, fold ${fold + 1} (${sample})`);
    return run;
  };
  const rows: SettingRow[] = settings.map((s) => {
    const perFold = folds.map((f) => ({
      fold: f.index,
      inSample: spanFigures(score, get(s.index, f.index, 'in')),
      outOfSample: spanFigures(score, get(s.index, f.index, 'out')),
    }));
    const meanInSample = mean(perFold.map((f) => f.inSample.score));
    const meanOutOfSample = mean(perFold.map((f) => f.outOfSample.score));
    const oosReturns = folds.flatMap((f) => get(s.index, f.index, 'out').dailyReturns);
    return {
      index: s.index,
      label: s.label,
      values: s.values,
      folds: perFold,
      meanInSample,
      meanOutOfSample,
      gap: meanInSample - meanOutOfSample,
      outOfSample: {
        days: oosReturns.length,
        sharpe: sharpeRatio(oosReturns),
        netPnlUsdt: perFold.reduce((sum, f) => sum + f.outOfSample.netPnlUsdt, 0),
        closedTrades: perFold.reduce((sum, f) => sum + f.outOfSample.closedTrades, 0),
      },
      chosenInFolds: [],
    };
  });
  const walk = chooseInSample(
    rows.flatMap((r) =>
      r.folds.map((f) => ({
        setting: String(r.index),
        fold: f.fold,
        inSample: f.inSample.score,
        outOfSample: f.outOfSample.score,
      })),
    ),
  );
  const chosen = walk.chosen.map((c) => {
    const row = rows[Number(c.setting)] as SettingRow;
    row.chosenInFolds.push(c.fold);
    const sharpes = rows.map((r) => (r.folds[c.fold] as SettingRow['folds'][number]).inSample.sharpe);
    return {
      fold: c.fold,
      setting: row.index,
      label: row.label,
      inSample: c.inSample,
      outOfSample: c.outOfSample,
      verdict: verdictOf(get(row.index, c.fold, 'in').dailyReturns, sharpes),
    };
  });
  const trackReturns = chosen.flatMap((c) => get(c.setting, c.fold, 'out').dailyReturns);
  const trackRuns = chosen.map((c) => get(c.setting, c.fold, 'out'));
  const trackVerdict = verdictOf(trackReturns, rows.map((r) => r.outOfSample.sharpe).filter(Number.isFinite));
  const last = chosen.at(-1) as (typeof chosen)[number];
  return {
    score,
    scoreUnit: score === 'sharpe' ? 'daily Sharpe' : 'net PnL, USDT per day',
    from: iso(folds[0]?.inSample.fromMs ?? 0),
    to: iso(folds.at(-1)?.outOfSample.toMs ?? 0),
    anchored: input.anchored,
    folds: folds.map((f) => ({
      index: f.index,
      inSample: { from: iso(f.inSample.fromMs), to: iso(f.inSample.toMs) },
      outOfSample: { from: iso(f.outOfSample.fromMs), to: iso(f.outOfSample.toMs) },
    })),
    settings: rows,
    walkForward: {
      chosen,
      meanInSample: walk.meanInSample,
      meanOutOfSample: walk.meanOutOfSample,
      gap: walk.gap,
      // OOS / IS says nothing when the choices lost in sample too.
      efficiency: walk.meanInSample > 0 ? walk.efficiency : null,
      track: {
        days: trackReturns.length,
        sharpe: sharpeRatio(trackReturns),
        netPnlUsdt: trackRuns.reduce((s, r) => s + r.netPnlUsdt, 0),
        closedTrades: trackRuns.reduce((s, r) => s + r.closedTrades, 0),
        verdict: trackVerdict,
      },
    },
    winner: {
      setting: last.setting,
      label: last.label,
      survives: trackVerdict.survives,
      verdict: trackVerdict.text,
    },
    warnings: warningsOf(rows),
  };
}

/** Every (setting, fold, sample) backtest of a sweep, in a fixed order (ids are indexes). */
export function sweepJobs(input: {
  settings: readonly Setting[];
  folds: readonly Fold[];
  dataDir: string;
  funding: 'required' | 'none';
  journalPath?: (setting: number, fold: number, sample: 'in' | 'out') => string | null;
}): SweepJob[] {
  const jobs: SweepJob[] = [];
  for (const s of input.settings)
    for (const f of input.folds)
      for (const sample of ['in', 'out'] as const) {
        const span = sample === 'in' ? f.inSample : f.outOfSample;
        jobs.push({
          id: jobs.length,
          setting: s.index,
          fold: f.index,
          sample,
          fromMs: span.fromMs,
          toMs: span.toMs,
          config: s.config,
          dataDir: input.dataDir,
          funding: input.funding,
          journalPath: input.journalPath?.(s.index, f.index, sample) ?? null,
        });
      }
  return jobs;
}
