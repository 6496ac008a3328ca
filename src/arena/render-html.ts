import { formatPct, formatSignedUsdt } from '../domain/format.ts';
import type { ReliabilityBucket } from './calibration.ts';
import { reliabilityText, renderArenaRows, withInterval } from './render-rows.ts';
import type { ArenaReport, DeciderReport } from './report.ts';

/** One colour per decider, in report order (the lead first), the same in every chart. */
export const DECIDER_COLOURS = ['#2962ff', '#26a69a', '#ef5350', '#ff9800', '#ab47bc', '#8d6e63', '#78909c'];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const colour = (i: number) => DECIDER_COLOURS[i % DECIDER_COLOURS.length] as string;

/** Overlaid equity curves on one time and USDT scale, as inline SVG (no script needed). */
export function equitySvg(deciders: readonly DeciderReport[], width = 900, height = 300): string {
  const points = deciders.flatMap((d) => d.equity);
  if (points.length < 2) return '<p>No equity snapshots in the range.</p>';
  const times = points.map((p) => p.atMs);
  const values = points.map((p) => p.equityUsdt);
  const [t0, t1] = [Math.min(...times), Math.max(...times)];
  const [v0, v1] = [Math.min(...values), Math.max(...values)];
  const pad = 60;
  const x = (t: number) => pad + ((t - t0) / Math.max(1, t1 - t0)) * (width - pad - 10);
  const y = (v: number) => 10 + (1 - (v - v0) / Math.max(1e-9, v1 - v0)) * (height - 50);
  const lines = deciders
    .map(
      (d, i) =>
        `<polyline fill="none" stroke="${colour(i)}" stroke-width="1.5" points="${d.equity.map((p) => `${x(p.atMs).toFixed(1)},${y(p.equityUsdt).toFixed(1)}`).join(' ')}"><title>${escapeHtml(d.decider)}</title></polyline>`,
    )
    .join('');
  const axis = [v0, (v0 + v1) / 2, v1]
    .map(
      (v) =>
        `<text x="${pad - 4}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="#666">${v.toFixed(2)}</text><line x1="${pad}" x2="${width}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/>`,
    )
    .join('');
  const legend = deciders
    .map(
      (d, i) => `<tspan fill="${colour(i)}">■ ${escapeHtml(d.decider)}</tspan><tspan fill="#666">  </tspan>`,
    )
    .join('');
  const dates = [t0, t1]
    .map(
      (t, i) =>
        `<text x="${i === 0 ? pad : width - 10}" y="${height - 22}" text-anchor="${i === 0 ? 'start' : 'end'}" font-size="11" fill="#666">${new Date(t).toISOString().slice(0, 10)}</text>`,
    )
    .join('');
  return `<svg class="arena-equity" viewBox="0 0 ${width} ${height}" role="img" aria-label="equity per decider (USDT)">${axis}${dates}${lines}<text x="${pad}" y="${height - 8}" font-size="12">${legend}</text></svg>`;
}

/** Per bucket: stated (grey bar), realised (coloured bar) with its interval as a whisker, and the trade count. */
export function reliabilitySvg(
  buckets: readonly ReliabilityBucket[],
  title: string,
  width = 440,
  height = 220,
): string {
  const left = 36;
  const plot = height - 50;
  const slot = (width - left) / Math.max(1, buckets.length);
  const y = (p: number) => 10 + plot * (1 - p);
  const grid = [0, 0.5, 1]
    .map(
      (p) =>
        `<line x1="${left}" x2="${width}" y1="${y(p)}" y2="${y(p)}" stroke="#ddd"/><text x="${left - 4}" y="${y(p) + 4}" text-anchor="end" font-size="10" fill="#666">${p * 100}%</text>`,
    )
    .join('');
  const bars = buckets
    .map((b, i) => {
      const x0 = left + i * slot;
      const label = `<text x="${x0 + slot / 2}" y="${height - 24}" text-anchor="middle" font-size="10">${Math.round(b.from * 100)}–${Math.round(b.to * 100)}</text><text x="${x0 + slot / 2}" y="${height - 10}" text-anchor="middle" font-size="10" fill="#666">n=${b.trades}</text>`;
      if (b.realised === null || b.meanStated === null) return label;
      const r = b.realised;
      const mid = x0 + slot * 0.65;
      return `${label}<rect x="${x0 + slot * 0.15}" y="${y(b.meanStated)}" width="${slot * 0.3}" height="${plot * b.meanStated}" fill="#bbb"/><rect x="${x0 + slot * 0.5}" y="${y(r.estimate)}" width="${slot * 0.3}" height="${plot * r.estimate}" fill="#26a69a" opacity="0.8"/><line class="interval" x1="${mid}" x2="${mid}" y1="${y(r.high)}" y2="${y(r.low)}" stroke="#000" stroke-width="1.5"/><line x1="${mid - 4}" x2="${mid + 4}" y1="${y(r.high)}" y2="${y(r.high)}" stroke="#000"/><line x1="${mid - 4}" x2="${mid + 4}" y1="${y(r.low)}" y2="${y(r.low)}" stroke="#000"/><title>${escapeHtml(reliabilityText(b))}</title>`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg viewBox="0 0 ${width} ${height}" width="${width}" role="img" aria-label="calibration, ${escapeHtml(title)}">${grid}${bars}</svg></figure>`;
}

/** The arena as one HTML section: figures with intervals, verdicts, overlaid equity and calibration. */
export function renderArenaHtmlSection(report: ArenaReport): string {
  const head = `<tr><th></th>${report.deciders.map((d, i) => `<th style="color:${colour(i)}">${escapeHtml(d.decider)}</th>`).join('')}</tr>`;
  const body = renderArenaRows(report)
    .map(
      (row) =>
        `<tr><th>${escapeHtml(row.label)}</th>${row.cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`,
    )
    .join('');
  const pairs = report.pairs
    .map(
      ({ a, b, comparison: c }) =>
        `<tr><td>${escapeHtml(a)} − ${escapeHtml(b)}</td><td>${c.difference ? escapeHtml(withInterval(c.difference, formatSignedUsdt)) : '–'}</td><td>${c.buckets}</td><td><b>${escapeHtml(c.text)}</b></td></tr>`,
    )
    .join('');
  const level = `${Math.round(report.level * 100)} %`;
  return `<section class="arena">
<h2>Arena: ${report.deciders.length} deciders over ${report.days} UTC days</h2>
<p>Each figure: estimate [${level} interval]; – where there is too little data.</p>
<table class="arena-figures">${head}${body}</table>
<h3>Pairwise (PnL after AI cost per UTC day${report.deciders.length > 2 ? `, each pair at ${escapeHtml(formatPct(report.pairLevel))} so that all hold together at ${level}` : ''})</h3>
${pairs ? `<table class="arena-pairs"><tr><th>pair</th><th>mean difference a day (USDT)</th><th>days</th><th>verdict</th></tr>${pairs}</table>` : '<p>One decider: nothing to compare.</p>'}
<h3>Equity (USDT)</h3>${equitySvg(report.deciders)}
<h3>Calibration: stated (grey) vs realised win rate (green) with its ${level} interval</h3>
<div class="arena-calibration">${report.deciders.map((d) => reliabilitySvg(d.calibration.reliability, d.decider)).join('')}</div>
</section>`;
}

/** A standalone page for `warden arena --html FILE`. */
export function renderArenaHtmlPage(report: ArenaReport, source: string): string {
  const title = `Warden arena — ${source}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;max-width:1200px}table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:right}th:first-child,td:first-child{text-align:left}svg{max-width:100%}.arena-calibration{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${renderArenaHtmlSection(report)}
</body></html>
`;
}
