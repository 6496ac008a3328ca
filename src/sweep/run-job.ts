import { BASE_TIMEFRAME, REPLAY_WARMUP_CANDLES } from '../app/wiring.ts';
import { buildResults } from '../backtest/results.ts';
import { loadSeries, runBacktest } from '../backtest/run.ts';
import type { WardenConfig } from '../config/index.ts';
import { createDecider, type Decider } from '../decision/index.ts';
import { TIMEFRAME_MS } from '../domain/index.ts';
import { warmupCandlesFor } from '../engine/engine.ts';
import { type Journal, openJournal, QueryService } from '../journal/index.ts';
import { asColumns } from '../market/feeds/candle-columns.ts';
import type { SymbolSeries } from '../market/feeds/series-feed.ts';

const DAY_MS = 86_400_000;

/** Which run of the sweep: a setting over one fold's in-sample or out-of-sample span. */
interface RunSpan {
  id: number;
  setting: number;
  fold: number;
  sample: 'in' | 'out';
  fromMs: number;
  toMs: number;
}

/** One backtest of a sweep. */
export interface SweepJob extends RunSpan {
  config: WardenConfig;
  dataDir: string;
  funding: 'required' | 'none';
  /** Keep the run's journal here; null: a temporary journal, deleted after the run. */
  journalPath: string | null;
}

/** What the sweep keeps of one run: its daily mark-to-market series and the account totals. */
export interface RunFigures extends RunSpan {
  startEquityUsdt: number;
  endEquityUsdt: number;
  /** End equity − start: after fees and funding, open positions marked at the last close. */
  netPnlUsdt: number;
  /** Equity change of each UTC-aligned day of the span (the last one may be shorter). */
  dailyPnlUsdt: number[];
  /** Each day's PnL over the equity at its start. */
  dailyReturns: number[];
  closedTrades: number;
  feesUsdt: number;
  fundingUsdt: number;
  maxDrawdownPct: number | null;
  cycles: number;
  /** Decisions the decider could not give (replay: no recorded reply for that cycle and prompt version). */
  unanswered: number;
}

/**
 * Equity at the end of each day of [fromMs, toMs) from the journal's snapshots (the last one at or
 * before the day's end; the start balance before the first), as daily PnL and returns.
 */
export function dailySeries(
  points: readonly { atMs: number; equityUsdt: number }[],
  span: { fromMs: number; toMs: number; startEquityUsdt: number },
): { dailyPnlUsdt: number[]; dailyReturns: number[] } {
  const days = Math.ceil((span.toMs - span.fromMs) / DAY_MS);
  const dailyPnlUsdt: number[] = [];
  const dailyReturns: number[] = [];
  let previous = span.startEquityUsdt;
  let i = 0;
  let equity = span.startEquityUsdt;
  for (let k = 1; k <= days; k++) {
    const end = Math.min(span.fromMs + k * DAY_MS, span.toMs);
    while (i < points.length && (points[i] as { atMs: number }).atMs <= end) {
      equity = (points[i] as { equityUsdt: number }).equityUsdt;
      i += 1;
    }
    dailyPnlUsdt.push(equity - previous);
    dailyReturns.push(previous > 0 ? (equity - previous) / previous : 0);
    previous = equity;
  }
  return { dailyPnlUsdt, dailyReturns };
}

/**
 * 5m candles before each run's start fed to the indicators: enough for EMA200 on the decision
 * timeframe (at least the backtest's own warm-up), so every fold trades from its first day.
 */
export function sweepWarmupCandles(config: WardenConfig): number {
  return Math.max(
    REPLAY_WARMUP_CANDLES,
    warmupCandlesFor(TIMEFRAME_MS[BASE_TIMEFRAME], [config.DECISION_TIMEFRAME]),
  );
}

function checkWarmup(series: readonly SymbolSeries[], job: SweepJob, warmup: number): void {
  const needFrom = job.fromMs - warmup * TIMEFRAME_MS[BASE_TIMEFRAME];
  for (const s of series) {
    const first = s.candles.length > 0 ? asColumns(s.candles).ts[0] : undefined;
    if (first === undefined || first > needFrom)
      throw new RangeError(
        `${s.symbol} data starts ${first === undefined ? 'nowhere' : new Date(first).toISOString()}, but a run from ` +
          `${new Date(job.fromMs).toISOString()} needs ${warmup} 5m candles before it to warm its ${job.config.DECISION_TIMEFRAME} indicators up: ` +
          `start --from at or after ${new Date(first === undefined ? job.fromMs : first + (job.fromMs - needFrom)).toISOString().slice(0, 16)}`,
      );
  }
}

/** What a worker keeps between its jobs: candles read once, replay journals opened once. */
export class JobCache {
  private readonly series = new Map<string, SymbolSeries[]>();
  private readonly replays = new Map<string, Journal>();

  seriesFor(job: SweepJob): SymbolSeries[] {
    const key = `${job.dataDir}\u0000${job.config.SYMBOLS.join(',')}\u0000${job.funding}`;
    let found = this.series.get(key);
    if (!found) {
      found = loadSeries(job.dataDir, job.config.SYMBOLS, job.funding);
      this.series.set(key, found);
    }
    return found;
  }

  deciderFor(config: WardenConfig): Decider {
    if (config.AI_PROVIDER !== 'replay') return createDecider(config);
    const file = config.AI_REPLAY_JOURNAL as string;
    let journal = this.replays.get(file);
    if (!journal) {
      journal = openJournal(file, { readOnly: true });
      this.replays.set(file, journal);
    }
    const source = journal;
    return createDecider(config, {
      recorded: { responseFor: (cycleId, version) => source.findRawResponse(cycleId, version) },
    });
  }
}

/** Runs one backtest of the sweep through the public backtest runner and reads its figures. */
export async function runSweepJob(
  job: SweepJob,
  cache: JobCache,
  onProgress?: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<RunFigures> {
  const series = cache.seriesFor(job);
  const warmupCandles = sweepWarmupCandles(job.config);
  checkWarmup(series, job, warmupCandles);
  const decider = cache.deciderFor(job.config);
  const run = await runBacktest({
    config: job.config,
    series,
    warmupCandles,
    funding: job.funding,
    ...(signal ? { signal } : {}),
    decider,
    fromMs: job.fromMs,
    toMs: job.toMs,
    ...(job.journalPath ? { journalPath: job.journalPath } : {}),
    ...(onProgress
      ? { onProgress: (p) => onProgress(Math.min(1, Math.max(0, (p.atMs - p.fromMs) / (p.toMs - p.fromMs)))) }
      : {}),
  });
  try {
    if (run.stoppedAtMs !== null) throw new Error('stopped');
    if (run.fromMs !== job.fromMs || run.toMs !== job.toMs)
      throw new RangeError(
        `the data covers only ${new Date(run.fromMs).toISOString()} to ${new Date(run.toMs).toISOString()} of the span asked`,
      );
    const results = await buildResults(run, {
      decider: { provider: decider.provider, model: decider.model },
      curvePoints: 2,
    });
    const start = results.account.startBalanceUsdt;
    const end = results.account.endEquityUsdt;
    const points = new QueryService(run.journal).equityCurve();
    return {
      id: job.id,
      setting: job.setting,
      fold: job.fold,
      sample: job.sample,
      fromMs: job.fromMs,
      toMs: job.toMs,
      startEquityUsdt: start,
      endEquityUsdt: end,
      netPnlUsdt: end - start,
      ...dailySeries(points, { fromMs: job.fromMs, toMs: job.toMs, startEquityUsdt: start }),
      closedTrades: results.figures.closedTrades,
      feesUsdt: results.account.feesUsdt,
      fundingUsdt: results.account.fundingPaidUsdt,
      maxDrawdownPct: results.figures.maxDrawdownPct,
      cycles: run.cycles,
      unanswered: results.figures.blockedByConstraint.AI_UNAVAILABLE ?? 0,
    };
  } finally {
    run.close();
  }
}
