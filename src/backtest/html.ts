import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { formatPct, formatPrice, formatSignedUsdt, formatUsdt } from '../domain/format.ts';
import { type Candle, TIMEFRAME_MS } from '../domain/index.ts';
import type { SymbolSeries } from '../market/feeds/series-feed.ts';
import type { BacktestResults } from './results.ts';
import { stableJson } from './stable-json.ts';

const CHART_STEPS_MS = [900_000, 3_600_000, 14_400_000, 86_400_000];
/** Candles drawn per symbol at most: the chart timeframe is the finest that stays under it. */
const MAX_CHART_CANDLES = 2500;

function chartStepMs(fromMs: number, toMs: number, baseMs: number): number {
  return (
    CHART_STEPS_MS.find((step) => step >= baseMs && (toMs - fromMs) / step <= MAX_CHART_CANDLES) ?? 86_400_000
  );
}

/** Candles of the backtest window aggregated to `stepMs` buckets, as [time s, o, h, l, c]. */
export function chartCandles(
  candles: Iterable<Candle>,
  fromMs: number,
  toMs: number,
  stepMs: number,
): number[][] {
  const out: number[][] = [];
  let current: number[] | null = null;
  for (const c of candles) {
    if (c.ts < fromMs || c.ts >= toMs) continue;
    const bucket = Math.floor(c.ts / stepMs) * stepMs;
    if (!current || current[0] !== bucket / 1000) {
      current = [bucket / 1000, c.open, c.high, c.low, c.close];
      out.push(current);
    } else {
      current[2] = Math.max(current[2] as number, c.high);
      current[3] = Math.min(current[3] as number, c.low);
      current[4] = c.close;
    }
  }
  return out;
}

let bundle: string | null = null;
function chartsBundle(): string {
  if (bundle === null) {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve('lightweight-charts/package.json');
    const file = path.join(path.dirname(pkg), 'dist', 'lightweight-charts.standalone.production.js');
    bundle = readFileSync(file, 'utf8');
  }
  return bundle;
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;background:#fafafa;color:#222}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:8px}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px 10px}
.card b{display:block;font-size:17px}
.chart{height:320px;background:#fff;border:1px solid #ddd;margin-top:6px}
table{border-collapse:collapse;background:#fff;font-size:12px}td,th{border:1px solid #ddd;padding:3px 6px;text-align:right}
th{background:#f0f0f0}.bar{display:inline-block;height:10px;background:#4a78c2;vertical-align:middle}
.bar.realised{background:#2a9d5b}.warn{color:#b3261e}
.range{position:relative;display:inline-block;width:200px;height:10px}.whisker{position:absolute;top:4px;height:2px;background:#111}
`;

const SCRIPT = `
const R = JSON.parse(document.getElementById('data').textContent);
const LC = LightweightCharts;
const fmt = (v, d = 2) => v === null || v === undefined ? '—' : Number(v).toFixed(d);
const pct = (v) => v === null || v === undefined ? '—' : (v * 100).toFixed(2) + '%';
function chart(id, height) {
  const el = document.getElementById(id);
  return LC.createChart(el, { height: height || 320, layout: { attributionLogo: false }, timeScale: { timeVisible: true, minBarSpacing: 0.2 } });
}
const eq = chart('equity');
eq.addSeries(LC.LineSeries, { color: '#4a78c2', lineWidth: 2 }).setData(R.curve.map((p) => ({ time: p[0], value: p[1] })));
eq.timeScale().fitContent();
const dd = chart('drawdown', 200);
dd.addSeries(LC.AreaSeries, { lineColor: '#b3261e', topColor: 'rgba(179,38,30,0.1)', bottomColor: 'rgba(179,38,30,0.4)', invertFilledArea: true })
  .setData(R.curve.map((p) => ({ time: p[0], value: -p[2] * 100 })));
dd.timeScale().fitContent();
for (const s of R.symbols) {
  const c = chart('price-' + s.symbol, 420);
  const candles = c.addSeries(LC.CandlestickSeries, {});
  candles.setData(s.candles.map((k) => ({ time: k[0], open: k[1], high: k[2], low: k[3], close: k[4] })));
  const stops = c.addSeries(LC.LineSeries, { color: '#b3261e', lineWidth: 1, lineStyle: 2, lastValueVisible: false, priceLineVisible: false });
  // A segment takes its start point's colour: the last point of each trade is transparent, so no line joins two trades.
  stops.setData(s.stops.map((p) => (p[2] ? { time: p[0], value: p[1], color: 'transparent' } : { time: p[0], value: p[1] })));
  LC.createSeriesMarkers(candles, s.markers.map((m) => ({ time: m[0], position: m[1], color: m[2], shape: m[3], text: m[4] })));
  c.timeScale().fitContent();
}
window.__reportCharts = 2 + R.symbols.length;
window.__reportReady = true;
`;

interface TradeMarker {
  time: number;
  position: 'aboveBar' | 'belowBar';
  color: string;
  shape: 'arrowUp' | 'arrowDown' | 'circle' | 'square';
  text: string;
}

function symbolChart(
  results: BacktestResults,
  series: SymbolSeries,
  fromMs: number,
  toMs: number,
  stepMs: number,
) {
  const bucket = (ms: number) => (Math.floor(ms / stepMs) * stepMs) / 1000;
  const trades = results.trades.filter((t) => t.symbol === series.symbol);
  const markers: TradeMarker[] = [];
  /** time → [stop, last point of its trade] */
  const stopPoints = new Map<number, [number, boolean]>();
  for (const t of trades) {
    const long = t.side === 'LONG';
    markers.push({
      time: bucket(t.openedAtMs),
      position: long ? 'belowBar' : 'aboveBar',
      color: long ? '#2a9d5b' : '#b3261e',
      shape: long ? 'arrowUp' : 'arrowDown',
      text: '',
    });
    for (const s of t.stops) stopPoints.set(bucket(s.atMs), [s.stop, false]);
    if (t.closedAtMs !== null) {
      markers.push({
        time: bucket(t.closedAtMs),
        position: long ? 'aboveBar' : 'belowBar',
        color: t.netPnlUsdt >= 0 ? '#2a9d5b' : '#b3261e',
        shape: t.stopGapped ? 'square' : 'circle',
        text: `${t.exitReason === 'STOP_LOSS' ? 'SL' : t.exitReason === 'TAKE_PROFIT' ? 'TP' : t.exitReason}${t.stopGapped ? ' gap' : ''}`,
      });
      const last = t.stops.at(-1);
      if (last) stopPoints.set(bucket(t.closedAtMs), [last.stop, true]);
    }
  }
  markers.sort((a, b) => a.time - b.time);
  return {
    symbol: series.symbol,
    candles: chartCandles(series.candles, fromMs, toMs, stepMs),
    markers: markers.map((m) => [m.time, m.position, m.color, m.shape, m.text]),
    stops: [...stopPoints.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([time, [stop, last]]) => [time, stop, last]),
  };
}

function fmt(v: number | null): string {
  return v === null ? '—' : v.toFixed(2);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function card(label: string, value: string): string {
  return `<div class="card">${escapeHtml(label)}<b>${escapeHtml(value)}</b></div>`;
}

function blockedTable(results: BacktestResults): string {
  const entries = Object.entries(results.figures.blockedByConstraint);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  const rows = entries
    .map(
      ([code, n]) =>
        `<tr><th>${escapeHtml(code)}</th><td>${n}</td><td style="text-align:left"><span class="bar" style="width:${Math.round((n / max) * 300)}px"></span></td></tr>`,
    )
    .join('');
  return rows ? `<table>${rows}</table>` : '<p>No decision was blocked.</p>';
}

function calibrationTable(results: BacktestResults): string {
  const rows = results.figures.calibration
    .map((b) => {
      const stated = b.meanConfidence === null ? 0 : b.meanConfidence / 100;
      const realised = b.winRate ?? 0;
      const interval =
        b.winRateLow === null || b.winRateHigh === null
          ? '—'
          : `${formatPct(b.winRateLow)} – ${formatPct(b.winRateHigh)}`;
      // The interval as a whisker over the realised bar, on the same 200 px scale.
      const whisker =
        b.winRateLow === null || b.winRateHigh === null
          ? ''
          : `<span class="whisker" style="left:${Math.round(b.winRateLow * 200)}px;width:${Math.max(1, Math.round((b.winRateHigh - b.winRateLow) * 200))}px"></span>`;
      return `<tr><th>${escapeHtml(b.label)}</th><td>${b.trades}</td><td>${fmt(b.meanConfidence)}</td><td>${b.winRate === null ? '—' : formatPct(realised)}</td><td>${interval}</td>
        <td style="text-align:left"><span class="bar" style="width:${Math.round(stated * 200)}px"></span><br><span class="range"><span class="bar realised" style="width:${Math.round(realised * 200)}px"></span>${whisker}</span></td></tr>`;
    })
    .join('');
  return `<table><tr><th>confidence</th><th>trades</th><th>mean stated</th><th>realised win rate</th><th>95 % interval (Wilson)</th><th>stated (blue) vs realised (green), interval as a line</th></tr>${rows}</table>
<p>A bucket with few trades has a wide interval: a realised rate inside it is no evidence of miscalibration.</p>`;
}

function tradesTable(results: BacktestResults): string {
  const iso = (ms: number | null) =>
    ms === null ? '—' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const shown = results.trades.slice(0, 1000);
  // The run's own instrument rules: the ticks its orders were placed on.
  const ticks = new Map(Object.entries(results.run.tickSizes));
  const price = (symbol: string, v: number | null) => formatPrice(v, ticks.get(symbol));
  const rows = shown
    .map(
      (
        t,
      ) => `<tr><td>${iso(t.openedAtMs)}</td><td>${t.symbol}</td><td>${t.side}</td><td>${price(t.symbol, t.entryPrice)}</td>
        <td>${escapeHtml(t.stops.map((s) => price(t.symbol, s.stop)).join(' → '))}</td><td>${price(t.symbol, t.exitPrice)}</td><td>${iso(t.closedAtMs)}</td>
        <td class="${t.stopGapped ? 'warn' : ''}">${t.exitReason}${t.stopGapped ? ' (gap)' : ''}</td><td>${formatUsdt(t.plannedRiskUsdt)}</td><td>${formatSignedUsdt(t.netPnlUsdt)}</td></tr>`,
    )
    .join('');
  const more =
    results.trades.length > shown.length
      ? `<p>${results.trades.length - shown.length} more trades in the JSON output.</p>`
      : '';
  return `<table><tr><th>opened</th><th>symbol</th><th>side</th><th>entry</th><th>stops</th><th>exit</th><th>closed</th><th>reason</th><th>planned risk</th><th>net PnL</th></tr>${rows}</table>${more}`;
}

/** One self-contained HTML file: the data, the chart library and the page, no network needed. */
export function renderHtmlReport(
  results: BacktestResults,
  series: readonly SymbolSeries[],
  fromMs: number,
  toMs: number,
): string {
  const stepMs = chartStepMs(fromMs, toMs, TIMEFRAME_MS[results.run.baseTimeframe]);
  const data = {
    curve: dedupeTimes(
      results.equityCurve.map((p) => [Math.floor(p.atMs / 1000), p.equityUsdt, p.drawdownPct]),
    ),
    symbols: series.map((s) => symbolChart(results, s, fromMs, toMs, stepMs)),
  };
  const f = results.figures;
  const a = results.account;
  const pct = (v: number | null) => (v === null ? '—' : formatPct(v));
  const cards = [
    card('return', pct(a.returnPct)),
    card('end equity', `${formatUsdt(a.endEquityUsdt)} USDT`),
    card('net PnL', `${formatSignedUsdt(f.netPnlUsdt)} USDT`),
    card('max drawdown', pct(f.maxDrawdownPct)),
    card('trades / win rate', `${f.closedTrades} / ${pct(f.winRate)}`),
    card('profit factor', fmt(f.profitFactor)),
    card(
      'fees / funding (paid: negative)',
      `${formatSignedUsdt(-a.feesUsdt)} / ${formatSignedUsdt(-a.fundingPaidUsdt)} USDT`,
    ),
    card('exposure', pct(f.exposurePct)),
    card('LIMIT fill rate', pct(f.limitFillRate)),
    card('HOLD decisions', String(f.holdDecisions)),
    card('AI calls / tokens in / out', `${f.modelCalls} / ${f.tokensIn} / ${f.tokensOut}`),
    card('AI cost (each call once)', `${f.aiCostUsd.toFixed(4)} USD`),
    card(
      'AI cost per day / month',
      `${f.aiCostPerDayUsd === null ? '–' : f.aiCostPerDayUsd.toFixed(4)} / ${f.aiCostPerMonthUsd === null ? '–' : f.aiCostPerMonthUsd.toFixed(2)} USD`,
    ),
    card('AI cost per month (% of equity)', pct(f.aiCostPerMonthPctOfEquity)),
    card('net PnL after fees and funding', `${f.netPnlUsdt.toFixed(2)} USDT`),
    card('net PnL after AI cost', `${f.netPnlAfterAiCostUsdt.toFixed(2)} USDT`),
    card('stops gapped / liquidations', `${f.stopsGapped} / ${f.liquidations}`),
  ].join('');
  const title = `Warden backtest ${results.run.symbols.join(', ')} ${results.run.from.slice(0, 10)} → ${results.run.to.slice(0, 10)}`;
  const json = stableJson(data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Decisions every ${escapeHtml(results.run.decisionTimeframe)} by ${escapeHtml(results.run.decider.provider)} (${escapeHtml(results.run.decider.model)}); ${results.run.candles} ${escapeHtml(results.run.baseTimeframe)} candles (the base that stepped stops and fills), ${results.run.cycles} cycles. Charts: ${stepMs / 60_000}m candles.</p>
<div class="grid">${cards}</div>
<h2>Equity</h2><div id="equity" class="chart"></div>
<h2>Drawdown (% below the running peak)</h2><div id="drawdown" class="chart" style="height:200px"></div>
${data.symbols.map((s) => `<h2>${escapeHtml(s.symbol)}: entries, exits and stop moves</h2><div id="price-${escapeHtml(s.symbol)}" class="chart" style="height:420px"></div>`).join('\n')}
<h2>Blocked decisions by constraint</h2>${blockedTable(results)}
<h2>Confidence calibration</h2>${calibrationTable(results)}
<h2>Trades</h2>${tradesTable(results)}
<script id="data" type="application/json">${json}</script>
<script>${chartsBundle().replace(/<\/script/gi, '<\\/script')}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}

/** The chart needs strictly increasing times: keep the last point of each second. */
function dedupeTimes(points: number[][]): number[][] {
  const out: number[][] = [];
  for (const p of points) {
    if (out.length > 0 && out.at(-1)?.[0] === p[0]) out[out.length - 1] = p;
    else out.push(p);
  }
  return out;
}
