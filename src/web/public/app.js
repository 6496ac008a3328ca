// Warden dashboard: plain DOM, data from the JSON API, live refresh through server-sent events.
// Every value from the journal is written with textContent (a model's rationale is untrusted text).
import { formatMs, formatPct, formatPrice, formatSignedUsdt, formatUsdt, formatUtcMinute } from './format.js';
import { groupMarkers } from './markers.js';

const LC = globalThis.LightweightCharts;
const $ = (selector) => document.querySelector(selector);
const state = {
  tab: 'overview',
  decisionOffset: 0,
  decisionPage: 50,
  tradeOffset: 0,
  tradePage: 50,
  symbols: [],
  charts: {},
};

async function api(path, init) {
  const response = await fetch(path, init);
  const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok)
    throw Object.assign(new Error(body.error ?? `HTTP ${response.status}`), { status: response.status });
  return body;
}

// Costs (fees, funding paid) are shown as negative amounts everywhere: what the account paid.
const fmt = {
  usdt: (v) => (v == null ? '–' : `${formatUsdt(v)} USDT`),
  signed: (v) => (v == null ? '–' : `${formatSignedUsdt(v)} USDT`),
  price: (v) => formatPrice(v),
  pct: (v) => formatPct(v),
  time: (ms) => formatUtcMinute(ms),
};

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text ?? '–';
  if (className) td.className = className;
  return td;
}

function fillTable(selector, rows, toCells, onClick) {
  const body = $(`${selector} tbody`);
  body.replaceChildren();
  for (const row of rows) {
    const tr = document.createElement('tr');
    for (const td of toCells(row)) tr.append(td);
    if (onClick) tr.addEventListener('click', () => onClick(row));
    body.append(tr);
  }
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    const td = cell('none', 'muted');
    td.colSpan = $(`${selector} thead tr`)?.children.length ?? 1;
    tr.append(td);
    body.append(tr);
  }
}

const signClass = (v) => (v == null ? '' : v >= 0 ? 'pos' : 'neg');

/** A chart in the dashboard's colours, sized by its container. */
function darkChart(element) {
  return LC.createChart(element, {
    autoSize: true,
    layout: { background: { color: '#171b21' }, textColor: '#8a93a2' },
    grid: { vertLines: { color: '#222831' }, horzLines: { color: '#222831' } },
    timeScale: { timeVisible: true },
  });
}

function lineChart(id, color) {
  if (state.charts[id]) return state.charts[id];
  const chart = darkChart($(`#${id}`));
  const series = chart.addSeries(LC.AreaSeries, {
    lineColor: color,
    topColor: `${color}55`,
    bottomColor: `${color}05`,
    lineWidth: 2,
  });
  state.charts[id] = { chart, series };
  return state.charts[id];
}

/** lightweight-charts wants strictly increasing seconds. */
function toSeries(points, pick) {
  const out = [];
  for (const p of points) {
    const time = Math.floor(p.atMs / 1000);
    if (out.length > 0 && out[out.length - 1].time >= time) out[out.length - 1] = { time, value: pick(p) };
    else out.push({ time, value: pick(p) });
  }
  return out;
}

async function renderState() {
  const s = await api('/api/state');
  state.symbols = s.symbols;
  const badge = $('#trading-state');
  badge.textContent = s.tradingState;
  badge.className = `state ${s.tradingState}`;
  $('#mode').textContent =
    `${s.mode ?? 'journal only'} · ${s.symbols.join(', ')} · ${s.decisionTimeframe} · cycles ${s.cyclesRun ?? '–'}`;
  $('#state-reason').textContent = s.lastChange
    ? `${s.lastChange.from} → ${s.lastChange.to}: ${s.lastChange.reason}`
    : '';
  for (const select of [
    $('#decision-filters select[name=symbol]'),
    $('#trade-filters select[name=symbol]'),
    $('#chart-symbol'),
  ]) {
    const current = select.value;
    const keep = select.name === 'symbol' ? [select.options[0]] : [];
    select.replaceChildren(...keep);
    for (const symbol of s.symbols) select.append(new Option(symbol, symbol));
    if (current) select.value = current;
  }
}

async function renderOverview() {
  const [o, equity] = await Promise.all([api('/api/overview'), api('/api/equity?maxPoints=1000')]);
  $('#equity-now').textContent = fmt.usdt(o.equity?.equityUsdt);
  $('#equity-sub').textContent = o.equity
    ? `available ${fmt.usdt(o.equity.availableUsdt)} · unrealised ${fmt.signed(o.equity.unrealisedPnlUsdt)}`
    : '';
  const net = $('#pnl-net');
  net.textContent = fmt.signed(o.pnl.netPnlUsdt);
  net.className = `big ${signClass(o.pnl.netPnlUsdt)}`;
  $('#pnl-sub').textContent =
    `gross ${fmt.signed(o.pnl.grossPnlUsdt)} · fees ${fmt.signed(-o.pnl.feesUsdt)} · funding ${fmt.signed(o.pnl.fundingUsdt)} · ${o.pnl.closedTrades} trades, win ${fmt.pct(o.pnl.winRate)}`;
  $('#open-risk').textContent = `${formatUsdt(o.openRiskUsdt)} / ${formatUsdt(o.openRiskCapUsdt)} USDT`;
  const share = o.openRiskUsdt == null ? 0 : Math.min(1, o.openRiskUsdt / o.openRiskCapUsdt);
  const bar = $('#open-risk-bar');
  bar.style.width = `${share * 100}%`;
  bar.style.background = share > 0.9 ? '#ef5350' : share > 0.6 ? '#f0b429' : '#26a69a';
  $('#drawdown').textContent = `${fmt.usdt(o.pnl.maxDrawdownUsdt)} max (${fmt.pct(o.pnl.maxDrawdownPct)})`;
  const error = $('#exchange-error');
  error.hidden = o.exchangeReachable;
  error.textContent = o.exchangeError ?? '';
  fillTable('#positions-table', o.positions, (p) => [
    cell(p.symbol),
    cell(p.side, p.side === 'LONG' ? 'pos' : 'neg'),
    cell(String(p.qty)),
    cell(fmt.price(p.entryPrice)),
    cell(fmt.price(p.markPrice)),
    cell(fmt.price(p.stopLoss)),
    cell(fmt.price(p.takeProfit)),
    cell(
      fmt.pct(p.distanceToStopPct),
      p.distanceToStopPct != null && p.distanceToStopPct < 0.003 ? 'neg' : '',
    ),
    cell(fmt.signed(p.unrealisedPnlUsdt), signClass(p.unrealisedPnlUsdt)),
    cell(fmt.usdt(p.riskUsdt)),
    cell(fmt.time(p.openedAtMs)),
  ]);
  fillTable('#pending-table', o.pendingOrders, (p) => [
    cell(p.symbol),
    cell(p.side),
    cell(p.type),
    cell(`${p.filledQty}/${p.qty}`),
    cell(fmt.price(p.price)),
    cell(fmt.price(p.stopLoss)),
    cell(fmt.price(p.takeProfit)),
    cell(fmt.usdt(p.riskUsdt)),
    cell(fmt.time(p.createdAtMs)),
  ]);
  lineChart('equity-chart', '#26a69a').series.setData(toSeries(equity.points, (p) => p.equityUsdt));
  lineChart('drawdown-chart', '#ef5350').series.setData(toSeries(equity.points, (p) => -p.drawdownUsdt));
  for (const id of ['equity-chart', 'drawdown-chart']) state.charts[id].chart.timeScale().fitContent();
}

/** One page of a filtered list: the form's filled fields plus the page window. */
async function fetchPage(path, filtersSelector, limit, offset, countSelector) {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData($(filtersSelector)))
    if (value) params.set(key, String(value).trim());
  params.set('limit', String(limit));
  params.set('offset', String(offset));
  const page = await api(`${path}?${params}`);
  const last = Math.min(page.total, offset + page.items.length);
  $(countSelector).textContent = `${page.total === 0 ? 0 : offset + 1}–${last} of ${page.total}`;
  return page;
}

async function renderDecisions() {
  const page = await fetchPage(
    '/api/decisions',
    '#decision-filters',
    state.decisionPage,
    state.decisionOffset,
    '#decisions-count',
  );
  fillTable(
    '#decisions-table',
    page.items,
    (d) => [
      cell(String(d.id)),
      cell(fmt.time(d.atMs)),
      cell(d.symbol),
      cell(d.proposedAction),
      cell(d.action, d.action.startsWith('OPEN') ? 'pos' : ''),
      cell(d.confidence == null ? '–' : String(d.confidence)),
      cell(d.finalLeverage == null ? '–' : `${d.finalLeverage}x`),
      cell(d.blockedBy.join(', ') || '–', d.blockedBy.length > 0 ? 'neg' : ''),
      cell(d.promptVersion),
      cell(d.rationale ?? '', 'wrap'),
    ],
    (d) => void openDecision(d.id),
  );
}

async function renderTrades() {
  const page = await fetchPage(
    '/api/trades',
    '#trade-filters',
    state.tradePage,
    state.tradeOffset,
    '#trades-count',
  );
  fillTable('#trades-table', page.items, (t) => [
    cell(fmt.time(t.closedAtMs)),
    cell(t.symbol),
    cell(t.side, t.side === 'LONG' ? 'pos' : 'neg'),
    cell(String(t.qty)),
    cell(fmt.price(t.entryPrice)),
    cell(fmt.price(t.exitPrice)),
    cell(t.exitReason),
    cell(formatSignedUsdt(t.netPnlUsdt), signClass(t.netPnlUsdt)),
    cell(formatSignedUsdt(-t.feesUsdt)),
    cell(formatSignedUsdt(t.fundingUsdt)),
    cell(formatUsdt(t.plannedRiskUsdt)),
    cell(t.rMultiple == null ? '–' : `${t.rMultiple.toFixed(2)}R`, signClass(t.rMultiple)),
    cell(
      t.stops.map((s) => `${fmt.price(s.stop)}${s.rule === 'INITIAL' ? '' : ` (${s.rule})`}`).join(' → '),
      'wrap',
    ),
    cell(t.promptVersion ?? '–'),
  ]);
}

async function openDecision(id) {
  const d = await api(`/api/decisions/${id}`);
  $('#detail-title').textContent =
    `Decision #${d.id} · ${d.symbol} · ${fmt.time(d.atMs)} · ${d.provider}/${d.model} · ${formatMs(d.latencyMs)}` +
    (d.modelCall
      ? ` · model call #${d.modelCall.id} for ${d.modelCall.symbols.length} symbol(s): ` +
        `${d.modelCall.tokensIn} in / ${d.modelCall.tokensOut} out tokens, ${formatUsdt(d.modelCall.costUsd)} USD (the call's, once)`
      : '');
  const verdict = {
    proposed: d.proposalReceived,
    finalAction: d.action,
    blockedBy: d.blockedBy,
    adjustments: d.adjustments,
    order: d.order,
    detail: d.detail,
    serverSide: { regime: d.regime, preScore: d.preScore, rangeScore: d.rangeScore },
  };
  $('#detail-verdict').textContent = JSON.stringify(verdict, null, 2);
  $('#detail-snapshot').textContent = JSON.stringify(d.inputSnapshot, null, 2);
  $('#detail-prompt').textContent = d.promptText ?? '(not recorded)';
  $('#detail-response').textContent = d.rawResponse ?? '(no response recorded)';
  $('#detail-orders').textContent = d.orders.length === 0 ? 'none' : JSON.stringify(d.orders, null, 2);
  $('#decision-detail').hidden = false;
  $('#decision-detail').scrollIntoView({ block: 'start' });
}

async function renderChart() {
  const symbol = $('#chart-symbol').value || state.symbols[0];
  if (!symbol) return;
  const timeframe = $('#chart-timeframe').value;
  const error = $('#chart-error');
  let data;
  try {
    data = await api(`/api/candles/${symbol}?timeframe=${timeframe}&limit=500`);
    error.hidden = true;
  } catch (e) {
    error.hidden = false;
    error.textContent = e.message;
    return;
  }
  state.charts.symbol?.chart.remove();
  const chart = darkChart($('#symbol-chart'));
  const candles = chart.addSeries(LC.CandlestickSeries, {});
  candles.setData(
    data.candles.map((c) => ({ time: c.ts / 1000, open: c.open, high: c.high, low: c.low, close: c.close })),
  );
  const tfSeconds = data.candles.length > 1 ? (data.candles[1].ts - data.candles[0].ts) / 1000 : 300;
  const snap = (ms) => Math.floor(ms / 1000 / tfSeconds) * tfSeconds;
  const markers = groupMarkers(
    data.markers
      .filter((m) => m.kind !== 'stop-move')
      .map((m) => ({
        time: snap(m.atMs),
        position: m.kind === 'entry' ? (m.side === 'LONG' ? 'belowBar' : 'aboveBar') : 'inBar',
        shape: m.kind === 'entry' ? (m.side === 'LONG' ? 'arrowUp' : 'arrowDown') : 'circle',
        color: m.kind === 'entry' ? (m.side === 'LONG' ? '#26a69a' : '#ef5350') : '#f0b429',
        text: m.text,
      })),
  );
  LC.createSeriesMarkers(candles, markers);
  // Each position's stop as steps: one line series per position, a point at every move.
  const byPosition = new Map();
  for (const move of data.stopMoves) {
    const list = byPosition.get(move.positionId) ?? [];
    list.push({ time: snap(move.atMs), value: move.newStop });
    byPosition.set(move.positionId, list);
  }
  for (const points of byPosition.values()) {
    const line = chart.addSeries(LC.LineSeries, {
      color: '#f0b429',
      lineWidth: 1,
      lineType: 1,
      lastValueVisible: false,
      priceLineVisible: false,
    });
    const unique = [];
    for (const p of points) {
      if (unique.length > 0 && unique[unique.length - 1].time >= p.time) unique[unique.length - 1] = p;
      else unique.push(p);
    }
    line.setData(unique);
  }
  for (const p of data.openPositions) {
    candles.createPriceLine({
      price: p.entryPrice,
      color: '#8a93a2',
      lineStyle: 2,
      title: `entry ${p.side}`,
    });
    if (p.stopLoss != null)
      candles.createPriceLine({ price: p.stopLoss, color: '#ef5350', lineStyle: 0, title: 'stop' });
    if (p.takeProfit != null)
      candles.createPriceLine({ price: p.takeProfit, color: '#26a69a', lineStyle: 2, title: 'take-profit' });
  }
  chart.timeScale().fitContent();
  state.charts.symbol = { chart };
}

const FIGURE_ROWS = [
  ['decisions', 'Decisions', String],
  ['holdDecisions', 'HOLD decisions', String],
  ['blockedDecisions', 'Blocked decisions', String],
  ['positionsOpened', 'Positions opened', String],
  ['averagePositionNotionalUsdt', 'Average position size (USDT notional)', formatUsdt],
  ['limitFillRate', 'LIMIT fill rate', formatPct],
  ['closedTrades', 'Closed trades', String],
  ['winRate', 'Win rate', formatPct],
  ['netPnlUsdt', 'PnL net of fees and funding (USDT)', formatSignedUsdt],
  ['feesUsdt', 'Fees (USDT, paid)', (v) => formatSignedUsdt(-v)],
  ['fundingUsdt', 'Funding (USDT, negative: paid)', formatSignedUsdt],
  ['maxDrawdownUsdt', 'Max drawdown (USDT)', formatUsdt],
  ['modelCalls', 'Model calls (one per prompt version per cycle)', String],
  ['tokensIn', 'AI tokens in (each call once)', (v) => v.toLocaleString('en-US')],
  ['tokensOut', 'AI tokens out (each call once)', (v) => v.toLocaleString('en-US')],
  ['aiCostUsd', 'AI cost (USD, each call once)', formatUsdt],
  ['tokensCachedIn', 'AI input tokens from the prompt cache', (v) => v.toLocaleString('en-US')],
  ['aiCostPerDayUsd', 'AI cost per day (USD)', formatUsdt],
  ['aiCostPerMonthUsd', 'AI cost per month (USD)', formatUsdt],
  ['aiCostPerMonthPctOfEquity', 'AI cost per month (% of equity)', formatPct],
  ['netPnlAfterAiCostUsdt', 'PnL net of fees, funding and AI cost (USDT)', formatSignedUsdt],
];

async function renderFigures() {
  const form = new FormData($('#figure-range'));
  const params = new URLSearchParams();
  for (const [key, value] of form) if (value) params.set(key, String(value));
  const report = await api(`/api/report?${params}`);
  const columns = [report.overall, ...report.byPromptVersion];
  const head = document.createElement('tr');
  head.append(cell('Figure'), ...columns.map((c) => cell(c.promptVersion ?? 'all versions')));
  $('#figures-table thead').replaceChildren(head);
  fillTable('#figures-table', FIGURE_ROWS, ([key, label, show]) => [
    cell(label),
    ...columns.map((c) => cell(c[key] == null ? '–' : show(c[key]))),
  ]);
  const blockedHead = document.createElement('tr');
  blockedHead.append(cell('Code'), ...columns.map((c) => cell(c.promptVersion ?? 'all versions')));
  $('#blocked-table thead').replaceChildren(blockedHead);
  fillTable('#blocked-table', Object.entries(report.overall.blockedByConstraint), ([code]) => [
    cell(code),
    ...columns.map((c) => cell(String(c.blockedByConstraint[code] ?? 0))),
  ]);
  const charts = columns.length > 2 ? columns : [report.overall];
  $('#calibration-chart').replaceChildren(
    ...charts.map((c) => renderCalibration(c.calibration, c.promptVersion ?? 'all versions')),
  );
}

/** Bars per confidence bucket: stated confidence (grey) beside the realised win rate (green). */
function renderCalibration(buckets, title) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  const width = 720;
  const height = 240;
  const left = 40;
  const bottom = 40;
  const plotHeight = height - bottom - 10;
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `confidence calibration, ${title}`);
  svg.dataset.version = title;
  const add = (tag, attrs, text) => {
    const el = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    if (text !== undefined) el.textContent = text;
    svg.append(el);
    return el;
  };
  for (const pct of [0, 25, 50, 75, 100]) {
    const y = 10 + plotHeight * (1 - pct / 100);
    add('line', { x1: left, x2: width, y1: y, y2: y, stroke: '#2a303a' });
    add('text', { x: left - 6, y: y + 4, fill: '#8a93a2', 'font-size': 11, 'text-anchor': 'end' }, `${pct}%`);
  }
  const slot = (width - left) / buckets.length;
  buckets.forEach((b, i) => {
    const x = left + i * slot;
    const bar = (value, offset, color, label) => {
      if (value == null) return;
      const h = (plotHeight * value) / 100;
      const rect = add('rect', {
        x: x + offset,
        y: 10 + plotHeight - h,
        width: slot * 0.3,
        height: h,
        fill: color,
      });
      const title = document.createElementNS(ns, 'title');
      title.textContent = `${label}: ${value.toFixed(1)}%`;
      rect.append(title);
    };
    bar(b.meanConfidence, slot * 0.15, '#8a93a2', 'stated confidence');
    bar(b.winRate == null ? null : b.winRate * 100, slot * 0.5, '#26a69a', 'realised win rate');
    if (b.winRateLow != null && b.winRateHigh != null) {
      // The realised rate's 95 % interval as a whisker: 3 wins of 4 trades spans 30–95 %.
      const mid = x + slot * 0.65;
      const y = (p) => 10 + plotHeight * (1 - p);
      const whisker = add('g', { class: 'interval' });
      for (const [x1, x2, y1, y2] of [
        [mid, mid, y(b.winRateHigh), y(b.winRateLow)],
        [mid - 5, mid + 5, y(b.winRateHigh), y(b.winRateHigh)],
        [mid - 5, mid + 5, y(b.winRateLow), y(b.winRateLow)],
      ]) {
        const line = document.createElementNS(ns, 'line');
        for (const [k, v] of Object.entries({ x1, x2, y1, y2, stroke: '#d8dde5', 'stroke-width': 1.5 }))
          line.setAttribute(k, String(v));
        whisker.append(line);
      }
      const title = document.createElementNS(ns, 'title');
      title.textContent = `realised ${fmt.pct(b.winRate)} [${fmt.pct(b.winRateLow)}, ${fmt.pct(b.winRateHigh)}] on ${b.trades} trades (95 % interval)`;
      whisker.append(title);
    }
    add(
      'text',
      { x: x + slot / 2, y: height - 22, fill: '#d8dde5', 'font-size': 12, 'text-anchor': 'middle' },
      b.label,
    );
    add(
      'text',
      { x: x + slot / 2, y: height - 6, fill: '#8a93a2', 'font-size': 11, 'text-anchor': 'middle' },
      `${b.trades} trades`,
    );
  });
  const figure = document.createElement('figure');
  const caption = document.createElement('figcaption');
  caption.textContent = title;
  figure.append(caption, svg);
  return figure;
}

// One colour per decider, in the report's order (the lead first); the same list as src/arena/render-html.ts.
const DECIDER_COLOURS = ['#2962ff', '#26a69a', '#ef5350', '#ff9800', '#ab47bc', '#8d6e63', '#78909c'];

async function renderArena() {
  const form = new FormData($('#arena-range'));
  const params = new URLSearchParams();
  for (const [key, value] of form) if (value) params.set(key, String(value));
  let report;
  try {
    report = await api(`/api/arena?${params}`);
  } catch (e) {
    $('#arena-error').hidden = false;
    $('#arena-error').textContent = e.message;
    return;
  }
  $('#arena-error').hidden = true;
  const level = `${Math.round(report.level * 100)} %`;
  $('#arena-summary').textContent =
    `${report.deciders.length} deciders over ${report.days} UTC days · each figure: estimate [${level} interval], – where there is too little data`;
  const head = document.createElement('tr');
  head.append(cell('Figure'), ...report.deciders.map((d) => cell(d.decider)));
  $('#arena-table thead').replaceChildren(head);
  fillTable('#arena-table', report.rows, (row) => [cell(row.label), ...row.cells.map((c) => cell(c))]);
  fillTable('#arena-pairs', report.pairs, (p) => {
    const d = p.comparison.difference;
    return [
      cell(`${p.a} − ${p.b}`),
      cell(
        d ? `${formatSignedUsdt(d.estimate)} [${formatSignedUsdt(d.low)}, ${formatSignedUsdt(d.high)}]` : '–',
      ),
      cell(String(p.comparison.buckets)),
      cell(p.comparison.text, p.comparison.verdict === 'NO_EVIDENCE' ? 'muted' : ''),
    ];
  });
  renderArenaEquity(report.deciders);
  $('#arena-calibration').replaceChildren(
    ...report.deciders.map((d) =>
      renderCalibration(
        d.calibration.reliability.map((b) => ({
          label: `${Math.round(b.from * 100)}–${Math.round(b.to * 100)}`,
          trades: b.trades,
          meanConfidence: b.meanStated == null ? null : b.meanStated * 100,
          winRate: b.realised?.estimate ?? null,
          winRateLow: b.realised?.low ?? null,
          winRateHigh: b.realised?.high ?? null,
        })),
        d.decider,
      ),
    ),
  );
}

/** Every decider's equity on one chart, one line each, redrawn from scratch (deciders may change with the range). */
function renderArenaEquity(deciders) {
  state.charts.arena?.chart.remove();
  const chart = darkChart($('#arena-equity'));
  const legend = deciders.map((d, i) => {
    const colour = DECIDER_COLOURS[i % DECIDER_COLOURS.length];
    const series = chart.addSeries(LC.LineSeries, { color: colour, lineWidth: 2, title: d.decider });
    series.setData(toSeries(d.equity, (p) => p.equityUsdt));
    const span = document.createElement('span');
    span.style.color = colour;
    span.textContent = `■ ${d.decider}  `;
    return span;
  });
  $('#arena-legend').replaceChildren(...legend);
  chart.timeScale().fitContent();
  state.charts.arena = { chart };
}

async function renderEvents() {
  const page = await api('/api/events?limit=200&minSeverity=info');
  fillTable('#events-table', page.items, (e) => [
    cell(fmt.time(e.atMs)),
    cell(e.severity, e.severity === 'error' || e.severity === 'critical' ? 'neg' : ''),
    cell(e.kind),
    cell(e.message, 'wrap'),
  ]);
}

async function sendControl(command) {
  const token = $('#control-token').value.trim();
  const result = $('#control-result');
  if (!window.confirm(`Send "${command}" to the running bot?`)) {
    result.textContent = `${command}: not sent`;
    return;
  }
  try {
    const body = await api(`/api/control/${command}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ note: $('#control-note').value.trim() || 'from the dashboard' }),
    });
    result.className = '';
    result.textContent = `${command} applied: trading state ${body.tradingState}\n${JSON.stringify(body, null, 2)}`;
  } catch (e) {
    result.className = 'error';
    result.textContent = `${command} refused (${e.status ?? 'network'}): ${e.message}`;
  }
  void refresh();
}

const RENDERERS = {
  overview: renderOverview,
  decisions: renderDecisions,
  trades: renderTrades,
  charts: renderChart,
  figures: renderFigures,
  arena: renderArena,
  events: renderEvents,
  controls: async () => {},
};

async function refresh() {
  try {
    await renderState();
    await RENDERERS[state.tab]();
  } catch (e) {
    console.error(e);
  }
}

function showTab(tab) {
  state.tab = tab;
  for (const b of document.querySelectorAll('nav button'))
    b.classList.toggle('active', b.dataset.tab === tab);
  for (const s of document.querySelectorAll('.tab')) s.classList.toggle('active', s.id === `tab-${tab}`);
  void refresh();
}

function connectStream() {
  const live = $('#live');
  const source = new EventSource('/api/stream');
  source.addEventListener('hello', () => {
    live.textContent = '● live';
  });
  source.addEventListener('update', () => {
    if (state.tab !== 'controls') void refresh();
  });
  source.onerror = () => {
    live.textContent = '○ reconnecting';
  };
}

for (const b of document.querySelectorAll('nav button'))
  b.addEventListener('click', () => showTab(b.dataset.tab));
for (const b of document.querySelectorAll('[data-command]'))
  b.addEventListener('click', () => void sendControl(b.dataset.command));
/** A filter form with previous/next buttons over one paged list. */
function wirePaging(filters, prev, next, offsetKey, pageKey, render) {
  $(filters).addEventListener('submit', (e) => {
    e.preventDefault();
    state[offsetKey] = 0;
    void render();
  });
  $(prev).addEventListener('click', () => {
    state[offsetKey] = Math.max(0, state[offsetKey] - state[pageKey]);
    void render();
  });
  $(next).addEventListener('click', () => {
    state[offsetKey] += state[pageKey];
    void render();
  });
}
wirePaging(
  '#decision-filters',
  '#decisions-prev',
  '#decisions-next',
  'decisionOffset',
  'decisionPage',
  renderDecisions,
);
wirePaging('#trade-filters', '#trades-prev', '#trades-next', 'tradeOffset', 'tradePage', renderTrades);
$('#detail-close').addEventListener('click', () => {
  $('#decision-detail').hidden = true;
});
$('#figure-range').addEventListener('submit', (e) => {
  e.preventDefault();
  void renderFigures();
});
$('#arena-range').addEventListener('submit', (e) => {
  e.preventDefault();
  void renderArena();
});
$('#chart-symbol').addEventListener('change', () => void renderChart());
$('#chart-timeframe').addEventListener('change', () => void renderChart());

void refresh();
connectStream();
