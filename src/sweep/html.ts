import { escapeHtml } from '../backtest/html.ts';
import { formatPct, formatSignedUsdt } from '../domain/format.ts';
import type { SweepReport, Verdict } from './report.ts';

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;background:#fafafa;color:#222}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;background:#fff;font-size:12px}
td,th{border:1px solid #ddd;padding:3px 6px;text-align:right}th{background:#f0f0f0}
td.label,th.label{text-align:left}tr.winner td{background:#eef5ff;font-weight:600}
.ok{color:#1e7b3c}.warn{color:#b3261e}.neg{color:#b3261e}
.flag{display:inline-block;padding:6px 10px;border-radius:6px;border:1px solid}
.flag.ok{background:#eaf7ee}.flag.warn{background:#fdecea}
`;

const day = (iso: string) => iso.slice(0, 10);
const score = (v: number, unit: string) => (unit === 'daily Sharpe' ? v.toFixed(3) : v.toFixed(4));
const signedClass = (v: number) => (v < 0 ? ' class="neg"' : '');
const usdt = (v: number) => `<td${signedClass(v)}>${formatSignedUsdt(v)}</td>`;

function verdictCell(v: Verdict): string {
  return `<td class="label ${v.survives ? 'ok' : 'warn'}">${escapeHtml(v.text)}</td>`;
}

function settingsTable(r: SweepReport): string {
  const foldHeads = r.folds
    .map(
      (f) =>
        `<th colspan="2">fold ${f.index + 1}<br>IS ${day(f.inSample.from)} → ${day(f.inSample.to)}<br>OOS → ${day(f.outOfSample.to)}</th>`,
    )
    .join('');
  const rows = r.settings
    .map((s) => {
      const folds = s.folds
        .map(
          (f) =>
            `<td${r.walkForward.chosen.some((c) => c.fold === f.fold && c.setting === s.index) ? ' style="font-weight:700"' : ''}>${score(f.inSample.score, r.scoreUnit)}</td><td>${score(f.outOfSample.score, r.scoreUnit)}</td>`,
        )
        .join('');
      const winner = s.index === r.winner.setting;
      return `<tr${winner ? ' class="winner"' : ''}><td>${s.index + 1}</td><td class="label">${escapeHtml(s.label)}${winner ? ' ★' : ''}</td>${folds}
        <td>${score(s.meanInSample, r.scoreUnit)}</td><td>${score(s.meanOutOfSample, r.scoreUnit)}</td><td${signedClass(-s.gap)}>${score(s.gap, r.scoreUnit)}</td>
        ${usdt(s.outOfSample.netPnlUsdt)}<td>${s.outOfSample.closedTrades}</td><td>${s.outOfSample.sharpe.toFixed(3)}</td>
        <td>${s.chosenInFolds.map((f) => f + 1).join(', ') || '—'}</td></tr>`;
    })
    .join('\n');
  const sub = r.folds.map(() => '<th>IS</th><th>OOS</th>').join('');
  return `<table><thead>
    <tr><th rowspan="2">#</th><th rowspan="2" class="label">setting</th>${foldHeads}
      <th rowspan="2">mean IS</th><th rowspan="2">mean OOS</th><th rowspan="2">gap IS − OOS</th>
      <th rowspan="2">OOS net PnL</th><th rowspan="2">OOS trades</th><th rowspan="2">OOS daily Sharpe</th><th rowspan="2">chosen in folds</th></tr>
    <tr>${sub}</tr></thead><tbody>${rows}</tbody></table>`;
}

function walkForwardTable(r: SweepReport): string {
  const rows = r.walkForward.chosen
    .map(
      (c) =>
        `<tr><td>${c.fold + 1}</td><td class="label">${escapeHtml(c.label)}</td><td>${score(c.inSample, r.scoreUnit)}</td><td>${score(c.outOfSample, r.scoreUnit)}</td><td>${score(c.inSample - c.outOfSample, r.scoreUnit)}</td>${verdictCell(c.verdict)}</tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>fold</th><th class="label">chosen in sample</th><th>IS</th><th>OOS</th><th>gap</th><th class="label">in-sample choice, deflated over every setting</th></tr></thead>
    <tbody>${rows}</tbody></table>`;
}

/** One self-contained page: every setting's in- and out-of-sample figures, the gap, the walk-forward verdict. */
export function renderSweepHtml(r: SweepReport): string {
  const w = r.walkForward;
  const t = w.track;
  const flag = `<p class="flag ${r.winner.survives ? 'ok' : 'warn'}">Winner: <b>${escapeHtml(r.winner.label)}</b> (chosen on the last in-sample span) — ${escapeHtml(r.winner.verdict)}</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Warden sweep ${day(r.from)} → ${day(r.to)}</title><style>${STYLE}</style></head>
<body>
<h1>Warden sweep: ${r.settings.length} settings × ${r.folds.length} ${r.anchored ? 'anchored' : 'rolling'} walk-forward folds, ${day(r.from)} → ${day(r.to)}</h1>
<p>Score: ${escapeHtml(r.scoreUnit)}. Each fold chooses the setting with the best in-sample score and reports what it then did out of sample.</p>
${flag}
${r.warnings.map((w) => `<p class="warn">Warning: ${escapeHtml(w)}</p>`).join('\n')}
<h2>Walk-forward</h2>
<p>Mean in-sample score of the choices ${score(w.meanInSample, r.scoreUnit)}, out of sample ${score(w.meanOutOfSample, r.scoreUnit)}:
gap ${score(w.gap, r.scoreUnit)}${w.efficiency === null ? '' : `, efficiency ${formatPct(w.efficiency)}`}.
Out-of-sample track of the choices: ${t.days} days, ${t.closedTrades} trades, net ${escapeHtml(formatSignedUsdt(t.netPnlUsdt))} USDT, daily Sharpe ${t.sharpe.toFixed(3)}.</p>
${walkForwardTable(r)}
<h2>Every setting</h2>
<p>Bold: the fold's in-sample choice. ★: the winner. Gap = mean in-sample − mean out-of-sample score (the optimism of choosing).</p>
${settingsTable(r)}
<script type="application/json" id="data">${JSON.stringify(r).replace(/</g, '\\u003c')}</script>
</body></html>
`;
}
