import { formatPct, formatSignedUsdt, formatUsdt } from '../domain/format.ts';
import type { BacktestFigures, BacktestResults } from './results.ts';

// The one number format (src/domain/format.ts); fees and funding paid are negative amounts.
const usdt = (v: number | null) => (v === null ? '—' : `${formatUsdt(v)} USDT`);
const signed = (v: number | null) => (v === null ? '—' : `${formatSignedUsdt(v)} USDT`);
const pct = (v: number | null) => (v === null ? '—' : formatPct(v));
const usd = (v: number) => `${v.toFixed(4)} USD`;
const num = (v: number | null, digits = 2) => (v === null ? '—' : v.toFixed(digits));

function row(label: string, value: string): string {
  return `  ${label.padEnd(30)} ${value}`;
}

function figureLines(f: BacktestFigures): string[] {
  const blocked = Object.entries(f.blockedByConstraint)
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');
  const exits = Object.entries(f.exitReasons)
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
  return [
    row('decisions / HOLD', `${f.decisions} / ${f.holdDecisions}`),
    row('blocked (by constraint)', `${f.blockedDecisions}${blocked ? ` (${blocked})` : ''}`),
    row('positions opened', `${f.positionsOpened}, avg notional ${usdt(f.averagePositionNotionalUsdt)}`),
    row('LIMIT fill rate', `${pct(f.limitFillRate)} (${f.limitEntriesFilled}/${f.limitEntriesPlaced})`),
    row('closed trades / win rate', `${f.closedTrades} / ${pct(f.winRate)}`),
    row('profit factor', num(f.profitFactor)),
    row(
      'net PnL (fees, funding)',
      `${signed(f.netPnlUsdt)} (fees ${signed(-f.feesUsdt)}, funding ${signed(f.fundingUsdt)})`,
    ),
    row(
      'max drawdown',
      `${usdt(f.maxDrawdownUsdt)}${f.maxDrawdownPct === null ? '' : ` (${pct(f.maxDrawdownPct)})`}`,
    ),
    row('exposure (time in market)', pct(f.exposurePct)),
    row(
      'AI (each call once)',
      `${f.modelCalls} calls, ${f.tokensIn} in / ${f.tokensOut} out tokens, ${usd(f.aiCostUsd)}; net PnL after AI ${usdt(f.netPnlAfterAiCostUsdt)}`,
    ),
    row(
      'AI cost per day / month',
      `${f.aiCostPerDayUsd === null ? '—' : usd(f.aiCostPerDayUsd)} / ${f.aiCostPerMonthUsd === null ? '—' : usd(f.aiCostPerMonthUsd)}${f.aiCostPerMonthPctOfEquity === null ? '' : ` (${pct(f.aiCostPerMonthPctOfEquity)} of equity a month)`}; ${f.tokensCachedIn} input tokens from the prompt cache`,
    ),
    row(
      'net PnL after fees and funding / after AI',
      `${usdt(f.netPnlUsdt)} / ${usdt(f.netPnlAfterAiCostUsdt)}`,
    ),
    row('exits', exits || '—'),
    row('stops gapped / liquidations', `${f.stopsGapped} / ${f.liquidations}`),
  ];
}

function calibrationLines(f: BacktestFigures): string[] {
  const used = f.calibration.filter((b) => b.trades > 0);
  if (used.length === 0) return [row('confidence calibration', 'no trades with a stated confidence')];
  return [
    '  confidence calibration (stated → realised win rate [95 % interval]):',
    ...used.map(
      (b) =>
        `    ${b.label.padEnd(8)} ${String(b.trades).padStart(5)} trades  ${num(b.meanConfidence, 1)} → ${pct(b.winRate)} [${pct(b.winRateLow)}, ${pct(b.winRateHigh)}]`,
    ),
  ];
}

/** The terminal summary: what a trader reads first. */
export function renderSummary(r: BacktestResults): string {
  const a = r.account;
  const lines = [
    `Backtest ${r.run.symbols.join(', ')}  ${r.run.from.slice(0, 16)} → ${r.run.to.slice(0, 16)}  decisions every ${r.run.decisionTimeframe}, ${r.run.decider.provider} (${r.run.decider.model})`,
    `  ${r.run.candles} ${r.run.baseTimeframe} candles (base), ${r.run.fundingEvents} funding settlements, ${r.run.cycles} cycles`,
    '',
    row('start → end equity', `${usdt(a.startBalanceUsdt)} → ${usdt(a.endEquityUsdt)}`),
    row('return', pct(a.returnPct)),
    row(
      'realised PnL / fees / funding',
      `${signed(a.realisedPnlUsdt)} / ${signed(-a.feesUsdt)} / ${signed(-a.fundingPaidUsdt)}`,
    ),
    row('open at the end', `${a.openPositionsAtEnd} (unrealised ${signed(a.unrealisedPnlUsdt)})`),
    ...figureLines(r.figures),
    ...calibrationLines(r.figures),
  ];
  if (r.byPromptVersion.length > 1) {
    for (const f of r.byPromptVersion)
      lines.push('', `Prompt version ${f.promptVersion}:`, ...figureLines(f));
  }
  if (r.cache)
    lines.push('', row('LLM cache', `${r.cache.hits} answered from the cache, ${r.cache.misses} calls`));
  return `${lines.join('\n')}\n`;
}
