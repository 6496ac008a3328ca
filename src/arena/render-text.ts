import { formatPct, formatSignedUsdt } from '../domain/format.ts';
import { reliabilityText, renderArenaRows, withInterval } from './render-rows.ts';
import type { ArenaReport } from './report.ts';

function table(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('   ')}`.trimEnd();
  return [line(headers), ...rows.map(line)];
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `warden arena` as a terminal report: figures per decider with intervals, then the pairwise verdicts. */
export function renderArenaText(report: ArenaReport, source: string): string {
  const pctLevel = `${Math.round(report.level * 100)} %`;
  const lines = [
    `Warden arena — ${source}, ${day(report.fromMs)} → ${day(report.toMs)} (${report.days} UTC days)`,
    `Each figure: estimate [${pctLevel} interval]; – where there is too little data.`,
    '',
  ];
  const headers = ['', ...report.deciders.map((d) => d.decider)];
  lines.push(
    ...table(
      headers,
      renderArenaRows(report).map((r) => [r.label, ...r.cells]),
    ),
  );

  lines.push('', 'Calibration (stated confidence vs realised win rate, per bucket)');
  for (const d of report.deciders) {
    const used = d.calibration.reliability.filter((b) => b.trades > 0);
    lines.push(`  ${d.decider}${used.length === 0 ? ': no trades with a stated confidence' : ''}`);
    for (const b of used) lines.push(`    ${reliabilityText(b)}`);
  }

  lines.push(
    '',
    report.deciders.length > 2
      ? `Pairwise, PnL after AI cost per UTC day (each pair at ${formatPct(report.pairLevel)} so that all hold together at ${pctLevel})`
      : 'Pairwise, PnL after AI cost per UTC day',
  );
  if (report.pairs.length === 0) lines.push('  one decider: nothing to compare');
  for (const { a, b, comparison: c } of report.pairs) {
    const diff = c.difference ? `${withInterval(c.difference, formatSignedUsdt)} USDT a day` : 'no interval';
    lines.push(`  ${a} − ${b}: ${diff} over ${c.buckets} days → ${c.text}`);
  }
  return `${lines.join('\n')}\n`;
}

/** JSON for scripts; an infinite profit factor (no losing trade) is written as "Infinity", never as null. */
export function renderArenaJson(report: ArenaReport, extra: Record<string, unknown> = {}): string {
  const finite = (_: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
  return `${JSON.stringify({ ...extra, ...report }, finite, 2)}\n`;
}
