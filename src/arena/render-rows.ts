import { formatMs, formatPct, formatSignedUsdt, formatUsdt } from '../domain/format.ts';
import type { Interval } from './bootstrap.ts';
import type { ReliabilityBucket } from './calibration.ts';
import type { ArenaReport, DeciderReport } from './report.ts';

type Show = (value: number) => string;

const num =
  (digits: number): Show =>
  (v) =>
    Number.isFinite(v) ? v.toFixed(digits) : v > 0 ? '∞' : v < 0 ? '-∞' : '–';

/** "0.25 [0.14, 0.36]": the estimate and its interval, or – when there is too little data. */
export function withInterval(interval: Interval | null, show: Show): string {
  if (interval === null) return '–';
  return `${show(interval.estimate)} [${show(interval.low)}, ${show(interval.high)}]`;
}

/** "80 % stated, 75 % realised [30 %, 95 %] on 4 trades": never a realised rate without its count. */
export function reliabilityText(b: ReliabilityBucket): string {
  const range = `${Math.round(b.from * 100)}–${Math.round(b.to * 100)}%`;
  if (b.realised === null || b.meanStated === null) return `${range}: no trades`;
  return `${range}: ${formatPct(b.meanStated)} stated, ${withInterval(b.realised, formatPct)} realised on ${b.trades} trade${b.trades === 1 ? '' : 's'}`;
}

const ROWS: [string, (d: DeciderReport) => string][] = [
  ['role', (d) => d.role],
  ['closed trades', (d) => String(d.trades)],
  ['net PnL after fees and funding (USDT)', (d) => formatSignedUsdt(d.netPnlUsdt)],
  ['AI cost (USD)', (d) => d.aiCostUsd.toFixed(4)],
  ['net PnL after AI cost (USDT)', (d) => formatSignedUsdt(d.netPnlAfterAiCostUsdt)],
  ['expectancy per trade (USDT)', (d) => withInterval(d.expectancyUsdt, formatSignedUsdt)],
  ['win rate', (d) => withInterval(d.winRate, formatPct)],
  ['profit factor', (d) => withInterval(d.profitFactor, num(2))],
  ['max drawdown (USDT)', (d) => withInterval(d.maxDrawdownUsdt, formatUsdt)],
  ['daily Sharpe (not annualised)', (d) => withInterval(d.dailySharpe, num(3))],
  ['Brier score (0 perfect, 0.25 a coin)', (d) => withInterval(d.calibration.brier, num(3))],
  ['decisions', (d) => String(d.decisions)],
  ['invalid-output rate', (d) => withInterval(d.invalidOutputRate, formatPct)],
  ['model calls', (d) => String(d.modelCalls)],
  ['tokens in / out (cached in)', (d) => `${d.tokensIn} / ${d.tokensOut} (${d.tokensCachedIn})`],
  ['latency median', (d) => withInterval(d.latencyMedianMs, formatMs)],
  ['latency p95', (d) => withInterval(d.latencyP95Ms, formatMs)],
];

/**
 * The figures table, one formatted cell per decider, then one row per blocked-by code (decisions
 * and share of decisions): the terminal, the HTML and the dashboard show the same text.
 */
export function renderArenaRows(report: ArenaReport): { label: string; cells: string[] }[] {
  const codes = [...new Set(report.deciders.flatMap((d) => d.blockedBy.map((b) => b.code)))].sort();
  return [
    ...ROWS.map(([label, cell]) => ({ label, cells: report.deciders.map(cell) })),
    ...codes.map((code) => ({
      label: `blocked by ${code}`,
      cells: report.deciders.map((d) => {
        const b = d.blockedBy.find((x) => x.code === code);
        return b ? `${b.decisions} · ${withInterval(b.rate, formatPct)}` : '0';
      }),
    })),
  ];
}
