import type { Timeframe } from '../domain/index.ts';
import { QueryService, type ReportFigures } from '../journal/index.ts';
import type { BacktestRun } from './run.ts';
import { type BacktestTrade, exposureOf, listTrades, profitFactorOf } from './trades.ts';

export interface EquityCurvePoint {
  atMs: number;
  equityUsdt: number;
  /** Below the running peak, as a fraction of that peak. */
  drawdownPct: number;
}

export interface BacktestFigures extends ReportFigures {
  profitFactor: number | null;
  /** Fraction of the backtest with at least one position open. */
  exposurePct: number;
  exitReasons: Record<string, number>;
  liquidations: number;
  stopsGapped: number;
}

export interface BacktestResults {
  run: {
    symbols: string[];
    /** Price tick of each symbol's instrument: prices in the reports are shown on it. */
    tickSizes: Record<string, number>;
    /** The candles that stepped the venue (fills, stops) and the position manager. */
    baseTimeframe: Timeframe;
    decisionTimeframe: string;
    from: string;
    to: string;
    candles: number;
    fundingEvents: number;
    cycles: number;
    decider: { provider: string; model: string };
  };
  account: {
    startBalanceUsdt: number;
    endWalletBalanceUsdt: number;
    /** Wallet plus the unrealised PnL of positions still open at the end (marked at the last close). */
    endEquityUsdt: number;
    unrealisedPnlUsdt: number;
    returnPct: number;
    /** From the paper exchange: closing PnL of every fill, liquidations as lost margin. */
    realisedPnlUsdt: number;
    feesUsdt: number;
    /** Paid (+) or received (−). */
    fundingPaidUsdt: number;
    openPositionsAtEnd: number;
  };
  /** Zero (to rounding) when the journal, the curve and the venue agree; a test checks every one. */
  consistency: {
    /** end equity − (start + realised − fees − funding + unrealised) */
    equityIdentityUsdt: number;
    /** last point of the equity curve − end equity */
    curveEndUsdt: number;
    /** Σ journaled closed-trade gross PnL − exchange realised PnL (only while no position is open at the end) */
    journalRealisedUsdt: number | null;
    /** Σ journaled fill fees − exchange fees */
    journalFeesUsdt: number;
    /** Σ journaled funding + exchange funding paid */
    journalFundingUsdt: number;
    /**
     * Closing fills on the venue that belong to no journaled position: a position opened and
     * closed between two ledger syncs (inside one candle) that the journal never recorded.
     */
    closingFillsWithoutTrade: number;
    /** Trades stopped out beyond their planned risk without a gap: must be 0. */
    lossesBeyondRiskWithoutGap: number;
  };
  figures: BacktestFigures;
  byPromptVersion: BacktestFigures[];
  trades: BacktestTrade[];
  equityCurve: EquityCurvePoint[];
  cache?: { hits: number; misses: number };
}

export interface ResultsOptions {
  decider: { provider: string; model: string };
  /** Equity points kept for the curve (the last snapshot of equal time buckets). Default 2000. */
  curvePoints?: number;
  cache?: { hits: number; misses: number };
}

function figuresFor(
  report: ReportFigures,
  trades: BacktestTrade[],
  fromMs: number,
  toMs: number,
): BacktestFigures {
  const exitReasons: Record<string, number> = {};
  for (const t of trades) exitReasons[t.exitReason] = (exitReasons[t.exitReason] ?? 0) + 1;
  return {
    ...report,
    profitFactor: profitFactorOf(trades),
    exposurePct: exposureOf(trades, fromMs, toMs),
    exitReasons: Object.fromEntries(Object.entries(exitReasons).sort(([a], [b]) => a.localeCompare(b))),
    liquidations: exitReasons.LIQUIDATION ?? 0,
    stopsGapped: trades.filter((t) => t.stopGapped).length,
  };
}

function drawdownCurve(points: { atMs: number; equityUsdt: number }[]): EquityCurvePoint[] {
  let peak = Number.NEGATIVE_INFINITY;
  return points.map((p) => {
    peak = Math.max(peak, p.equityUsdt);
    return {
      atMs: p.atMs,
      equityUsdt: p.equityUsdt,
      drawdownPct: peak > 0 ? (peak - p.equityUsdt) / peak : 0,
    };
  });
}

/** The SPEC 8 figures from the journal's query service, plus the paper exchange's totals. */
export async function buildResults(run: BacktestRun, options: ResultsOptions): Promise<BacktestResults> {
  const { journal, exchange } = run;
  const queries = new QueryService(journal);
  const report = queries.report();
  const instruments = new Map(run.instruments.map((i) => [i.symbol, i]));
  const trades = listTrades(queries, instruments, run.slippagePct);
  const totals = exchange.totals();
  const wallet = await exchange.getWallet();
  const positions = (await exchange.getPositions()).filter((p) => p.qty > 0);
  const curve = drawdownCurve(queries.equityCurve({ maxPoints: options.curvePoints ?? 2000 }));
  const journalTotals = queries.totals();
  const closedGross = trades.filter((t) => t.closedAtMs !== null).reduce((s, t) => s + t.grossPnlUsdt, 0);
  const expectedEquity =
    run.startBalanceUsdt +
    totals.realisedPnlUsdt -
    totals.feesUsdt -
    totals.fundingUsdt +
    wallet.unrealisedPnlUsdt;
  return {
    run: {
      symbols: run.symbols,
      tickSizes: Object.fromEntries(run.instruments.map((i) => [i.symbol, i.tickSize])),
      baseTimeframe: run.baseTimeframe,
      decisionTimeframe: run.decisionTimeframe,
      from: new Date(run.fromMs).toISOString(),
      to: new Date(run.toMs).toISOString(),
      candles: run.candles,
      fundingEvents: run.fundingEvents,
      cycles: run.cycles,
      decider: options.decider,
    },
    account: {
      startBalanceUsdt: run.startBalanceUsdt,
      endWalletBalanceUsdt: wallet.walletBalanceUsdt,
      endEquityUsdt: wallet.equityUsdt,
      unrealisedPnlUsdt: wallet.unrealisedPnlUsdt,
      returnPct: (wallet.equityUsdt - run.startBalanceUsdt) / run.startBalanceUsdt,
      realisedPnlUsdt: totals.realisedPnlUsdt,
      feesUsdt: totals.feesUsdt,
      fundingPaidUsdt: totals.fundingUsdt,
      openPositionsAtEnd: positions.length,
    },
    consistency: {
      equityIdentityUsdt: wallet.equityUsdt - expectedEquity,
      curveEndUsdt: (curve.at(-1)?.equityUsdt ?? run.startBalanceUsdt) - wallet.equityUsdt,
      journalRealisedUsdt: positions.length === 0 ? closedGross - totals.realisedPnlUsdt : null,
      journalFeesUsdt: journalTotals.feesUsdt - totals.feesUsdt,
      journalFundingUsdt: journalTotals.fundingUsdt + totals.fundingUsdt,
      closingFillsWithoutTrade: journalTotals.orphanClosingFills,
      lossesBeyondRiskWithoutGap: trades.filter(
        (t) => t.exitReason === 'STOP_LOSS' && t.lossBeyondPlannedRisk && !t.stopGapped,
      ).length,
    },
    figures: figuresFor(report.overall, trades, run.fromMs, run.toMs),
    byPromptVersion: report.byPromptVersion.map((figures) =>
      figuresFor(
        figures,
        trades.filter((t) => t.promptVersion === figures.promptVersion),
        run.fromMs,
        run.toMs,
      ),
    ),
    trades,
    equityCurve: curve,
    ...(options.cache ? { cache: options.cache } : {}),
  };
}
