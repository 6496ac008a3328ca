import { type Journal, QueryService } from '../../src/journal/index.ts';
import type { Violation } from './invariants.ts';

export interface TradeLoss {
  positionId: string;
  symbol: string;
  exitReason: string;
  lossUsdt: number;
  budgetUsdt: number;
  /** Realized loss divided by the risk budget of the trade. */
  ratio: number;
  /** The exit filled beyond the stop by more than the slippage allowance (a gap through the stop). */
  gapped: boolean;
}

export interface SoakStats {
  runs: number;
  cycles: number;
  decisions: number;
  proposals: number;
  approvals: number;
  blocks: Record<string, number>;
  positionsClosed: number;
  exitReasons: Record<string, number>;
  faultsInjected: number;
  restarts: number;
  invariantChecks: number;
  violations: Violation[];
  worstLoss: TradeLoss | null;
  gappedStops: TradeLoss[];
  lowestEquityUsdt: number;
}

export function emptyStats(): SoakStats {
  return {
    runs: 0,
    cycles: 0,
    decisions: 0,
    proposals: 0,
    approvals: 0,
    blocks: {},
    positionsClosed: 0,
    exitReasons: {},
    faultsInjected: 0,
    restarts: 0,
    invariantChecks: 0,
    violations: [],
    worstLoss: null,
    gappedStops: [],
    lowestEquityUsdt: Number.POSITIVE_INFINITY,
  };
}

/** Realized loss of every closed trade against the budget its decision was sized with. */
export function tradeLosses(
  journal: Journal,
  maxLossUsdtPerTrade: number,
  slippageAllowancePct: number,
): TradeLoss[] {
  const rows = new QueryService(journal).closedTradeBudgets();
  return rows.map((r) => {
    const budgetUsdt = r.budget ?? maxLossUsdtPerTrade;
    const lossUsdt = -(r.gross - r.fees);
    const beyond =
      r.stop === null
        ? 0
        : r.side === 'LONG'
          ? (r.stop - r.exitPrice) / r.stop
          : (r.exitPrice - r.stop) / r.stop;
    return {
      positionId: r.positionId,
      symbol: r.symbol,
      exitReason: r.exitReason,
      lossUsdt,
      budgetUsdt,
      ratio: lossUsdt / budgetUsdt,
      gapped: r.exitReason === 'LIQUIDATION' || beyond > slippageAllowancePct + 1e-9,
    };
  });
}

/** Adds one run's journal to the totals. */
export function addJournal(
  stats: SoakStats,
  journal: Journal,
  limits: { maxLossUsdtPerTrade: number; slippageAllowancePct: number },
): void {
  stats.runs += 1;
  const counts = new QueryService(journal).runCounts();
  stats.cycles += counts.cycles;
  stats.decisions += counts.decisions;
  stats.proposals += counts.proposals;
  stats.approvals += counts.approvals;
  for (const codes of counts.blockedBy)
    for (const code of codes) stats.blocks[code] = (stats.blocks[code] ?? 0) + 1;
  for (const e of counts.exitReasons) {
    stats.exitReasons[e.reason] = (stats.exitReasons[e.reason] ?? 0) + e.n;
    stats.positionsClosed += e.n;
  }
  for (const loss of tradeLosses(journal, limits.maxLossUsdtPerTrade, limits.slippageAllowancePct)) {
    if (loss.gapped) stats.gappedStops.push(loss);
    else if (stats.worstLoss === null || loss.ratio > stats.worstLoss.ratio) stats.worstLoss = loss;
  }
}

export function renderTable(stats: SoakStats): string {
  const rows: [string, string][] = [
    ['runs (journals)', String(stats.runs)],
    ['cycles', String(stats.cycles)],
    ['decisions (one per symbol per cycle)', String(stats.decisions)],
    ['proposals (not HOLD)', String(stats.proposals)],
    ['approvals', String(stats.approvals)],
    ...Object.entries(stats.blocks)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]): [string, string] => [`blocked: ${code}`, String(n)]),
    ['positions closed', String(stats.positionsClosed)],
    ...Object.entries(stats.exitReasons).map(([r, n]): [string, string] => [`  exit: ${r}`, String(n)]),
    ['faults injected', String(stats.faultsInjected)],
    ['restarts (SIGKILL)', String(stats.restarts)],
    ['invariant checks', String(stats.invariantChecks)],
    ['invariant violations', String(stats.violations.length)],
    [
      'worst realized loss / budget',
      stats.worstLoss
        ? `${stats.worstLoss.ratio.toFixed(3)} (${stats.worstLoss.lossUsdt.toFixed(4)} of ${stats.worstLoss.budgetUsdt.toFixed(4)} USDT, ${stats.worstLoss.symbol} ${stats.worstLoss.exitReason})`
        : 'no closed trade',
    ],
    ['gapped stops (listed below)', String(stats.gappedStops.length)],
    [
      'lowest equity seen (USDT)',
      Number.isFinite(stats.lowestEquityUsdt) ? stats.lowestEquityUsdt.toFixed(4) : '-',
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = [
    '| measure | value |',
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k.padEnd(width)} | ${v} |`),
  ];
  for (const g of stats.gappedStops)
    lines.push(
      `gapped: ${g.symbol} ${g.exitReason} loss ${g.lossUsdt.toFixed(4)} USDT = ${g.ratio.toFixed(3)} × budget ${g.budgetUsdt.toFixed(4)}`,
    );
  for (const v of stats.violations.slice(0, 50))
    lines.push(`VIOLATION ${v.invariant} at ${v.atMs}: ${v.detail}`);
  return lines.join('\n');
}
