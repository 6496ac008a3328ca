import { formatPct, formatSignedUsdt, formatUsdt } from '../domain/format.ts';
import type { Report, ReportFigures } from './queries.ts';

/** `warden report` as a terminal table: one column overall, one per prompt version. */
export function renderReportTable(report: Report, journalFile: string): string {
  const columns = [report.overall, ...report.byPromptVersion];
  const headers = ['', 'overall', ...report.byPromptVersion.map((f) => f.promptVersion ?? '?')];
  const range = `${iso(report.fromMs) ?? 'the first entry'} → ${iso(report.toMs) ?? 'the last entry'}`;
  const lines = [`Warden report — journal ${journalFile}, ${range}`, ''];

  const rows: [string, (f: ReportFigures) => string][] = [
    ['decisions', (f) => String(f.decisions)],
    ['HOLD decisions', (f) => String(f.holdDecisions)],
    ['  proposed by the model', (f) => String(f.proposedHolds)],
    ['decisions with a blocked_by code', (f) => String(f.blockedDecisions)],
    ['approved opens', (f) => String(f.approvedOpens)],
    ['positions opened', (f) => String(f.positionsOpened)],
    ['average position size (USDT)', (f) => usdt(f.averagePositionNotionalUsdt)],
    ['LIMIT fill rate', (f) => pctOf(f.limitEntriesFilled, f.limitEntriesPlaced)],
    ['closed trades', (f) => String(f.closedTrades)],
    ['win rate', (f) => pctOf(f.wins, f.closedTrades)],
    ['gross PnL (USDT)', (f) => signed(f.grossPnlUsdt)],
    ['fees (USDT)', (f) => signed(-f.feesUsdt)],
    ['funding (USDT)', (f) => signed(f.fundingUsdt)],
    ['net PnL (USDT)', (f) => signed(f.netPnlUsdt)],
    [
      'max drawdown (USDT)',
      (f) => (f.maxDrawdownUsdt === null ? '–' : `${usdt(f.maxDrawdownUsdt)}${mark(f)}`),
    ],
    [
      'max drawdown (% of peak equity)',
      (f) => (f.maxDrawdownPct === null ? '–' : formatPct(f.maxDrawdownPct)),
    ],
    ['model calls', (f) => String(f.modelCalls)],
    ['  tokens estimated locally', (f) => String(f.modelCallsWithEstimatedTokens)],
    ['AI cost (USD, each call once)', (f) => f.aiCostUsd.toFixed(4)],
    ['tokens in / out', (f) => `${f.tokensIn} / ${f.tokensOut}`],
    ['  input tokens from the prompt cache', (f) => String(f.tokensCachedIn)],
    [
      'AI cost per day / per month (USD)',
      (f) => `${fixed(f.aiCostPerDayUsd, 4)} / ${fixed(f.aiCostPerMonthUsd, 2)}`,
    ],
    [
      'AI cost per month (% of equity)',
      (f) => fixed(f.aiCostPerMonthPctOfEquity === null ? null : f.aiCostPerMonthPctOfEquity * 100, 2),
    ],
    ['net PnL after fees and funding (USDT)', (f) => signed(f.netPnlUsdt)],
    ['net PnL after AI cost (USDT)', (f) => signed(f.netPnlAfterAiCostUsdt)],
  ];
  lines.push(
    ...table(
      headers,
      rows.map(([label, cell]) => [label, ...columns.map(cell)]),
    ),
  );
  if (columns.some((f) => f.drawdownSource === 'trades')) {
    lines.push(
      '',
      '* per prompt version (when several share the account): drawdown of the cumulative net PnL of its closed trades',
    );
  }

  const codes = [...new Set(columns.flatMap((f) => Object.keys(f.blockedByConstraint)))];
  codes.sort(
    (a, b) => (report.overall.blockedByConstraint[b] ?? 0) - (report.overall.blockedByConstraint[a] ?? 0),
  );
  lines.push('', 'Blocked decisions per constraint');
  if (codes.length === 0) lines.push('  none');
  else
    lines.push(
      ...table(
        headers,
        codes.map((code) => [code, ...columns.map((f) => String(f.blockedByConstraint[code] ?? 0))]),
      ),
    );

  lines.push(
    '',
    'Confidence calibration (closed trades by the stated confidence of the opening decision)',
    '  per bucket: trades · mean stated confidence · realised win rate [95 % Wilson interval]',
  );
  const buckets = report.overall.calibration.map((b, i) => [
    b.label,
    ...columns.map((f) => {
      const bucket = f.calibration[i];
      if (!bucket || bucket.trades === 0) return '–';
      return `${bucket.trades} · mean ${fixed(bucket.meanConfidence, 1)} · won ${pct(bucket.winRate)} [${pct(bucket.winRateLow)}, ${pct(bucket.winRateHigh)}]`;
    }),
  ]);
  lines.push(...table(headers, buckets));
  lines.push(
    `  trades without a stated confidence: ${columns.map((f) => f.tradesWithoutConfidence).join(' / ')}`,
  );
  return `${lines.join('\n')}\n`;
}

function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('   ')}`.trimEnd();
  return [line(headers), ...rows.map(line)];
}

function mark(f: ReportFigures): string {
  return f.drawdownSource === 'trades' ? '*' : '';
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function fixed(value: number | null, digits: number): string {
  return value === null ? '–' : value.toFixed(digits);
}

function usdt(value: number | null): string {
  return value === null ? '–' : formatUsdt(value);
}

/** Costs (fees, funding paid) are negative: what the account paid. */
function signed(value: number): string {
  return formatSignedUsdt(value);
}

function pct(value: number | null): string {
  return value === null ? '–' : formatPct(value);
}

function pctOf(numerator: number, denominator: number): string {
  return denominator === 0 ? '–' : `${pct(numerator / denominator)} (${numerator}/${denominator})`;
}
