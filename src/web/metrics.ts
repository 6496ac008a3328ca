import { ACTIONS, TRADING_STATES } from '../domain/index.ts';
import type { Journal } from '../journal/index.ts';
import { type MetricFamily, renderExposition, type Sample } from './exposition.ts';
import type { PendingOrderRow, PositionRow } from './positions.ts';

export const AI_LATENCY_BUCKETS_SECONDS = [0.1, 0.5, 1, 2, 5, 10, 20, 30, 60, 120] as const;

/** Journal events that mean a call to the venue failed or its answer could not be trusted. */
export const EXCHANGE_ERROR_EVENT_KINDS = [
  'position-manager.failed',
  'reconcile.failed',
  'stop.move-failed',
  'stream.unavailable',
  'cycle.failed',
] as const;

export interface LiveFigures {
  tradingState: string;
  exchangeReachable: boolean;
  positions: PositionRow[] | null;
  pendingOrders: PendingOrderRow[] | null;
  openRiskUsdt: number | null;
  openRiskCapUsdt: number;
  cyclesRun: number | null;
}

interface JournalFigures {
  equity: { equity: number; wallet: number; available: number; unrealised: number } | null;
  equityPeak: number | null;
  decisionsByAction: Map<string, number>;
  blockedByCode: Map<string, number>;
  latencyBuckets: number[];
  latencyCount: number;
  latencySumMs: number;
  aiCostUsd: number;
  tokensIn: number;
  tokensOut: number;
  orderErrors: Map<string, number>;
  eventErrors: Map<string, number>;
  netPnlUsdt: number;
  closedTrades: number;
  cyclesByOutcome: Map<string, number>;
}

function readJournalFigures(journal: Journal): JournalFigures {
  const db = journal.db;
  const rows = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  const equity = one<{ equity: number; wallet: number; available: number; unrealised: number } | undefined>(
    `SELECT equity_usdt AS equity, wallet_balance_usdt AS wallet, available_usdt AS available,
       unrealised_pnl_usdt AS unrealised FROM equity_snapshots ORDER BY id DESC LIMIT 1`,
  );
  const peak = one<{ peak: number | null }>('SELECT MAX(equity_usdt) AS peak FROM equity_snapshots');
  const bucketSql = AI_LATENCY_BUCKETS_SECONDS.map((b, i) => `SUM(l <= ${b * 1000}) AS b${i}`).join(', ');
  // One model call covers every symbol of its prompt version in a cycle: count it once.
  const latency = one<Record<string, number | null>>(
    `SELECT COUNT(*) AS n, COALESCE(SUM(l), 0) AS total, ${bucketSql} FROM (
       SELECT MAX(latency_ms) AS l FROM decisions WHERE latency_ms IS NOT NULL
       GROUP BY cycle_id, prompt_version)`,
  );
  const ai = one<{ cost: number; tin: number; tout: number }>(
    `SELECT COALESCE(SUM(cost_usd), 0) AS cost, COALESCE(SUM(tokens_in), 0) AS tin,
       COALESCE(SUM(tokens_out), 0) AS tout FROM decisions`,
  );
  const trades = one<{ n: number; net: number | null }>(
    `SELECT COUNT(*) AS n, SUM(c.gross_pnl_usdt - c.fees_usdt) +
       COALESCE((SELECT SUM(amount_usdt) FROM funding_payments), 0) AS net FROM position_closes c`,
  );
  const kinds = EXCHANGE_ERROR_EVENT_KINDS.map((k) => `'${k}'`).join(', ');
  return {
    equity: equity ?? null,
    equityPeak: peak.peak,
    decisionsByAction: toMap(
      rows('SELECT final_action AS k, COUNT(*) AS n FROM decisions GROUP BY final_action'),
    ),
    blockedByCode: toMap(
      rows(
        `SELECT j.value AS k, COUNT(*) AS n FROM decisions d, json_each(d.blocked_by_json) j
         WHERE d.blocked_by_json <> '[]' GROUP BY j.value`,
      ),
    ),
    latencyBuckets: AI_LATENCY_BUCKETS_SECONDS.map((_, i) => latency[`b${i}`] ?? 0),
    latencyCount: latency.n ?? 0,
    latencySumMs: latency.total ?? 0,
    aiCostUsd: ai.cost,
    tokensIn: ai.tin,
    tokensOut: ai.tout,
    orderErrors: toMap(
      rows(
        `SELECT state AS k, COUNT(*) AS n FROM order_events WHERE state IN ('REJECTED', 'OUTCOME_UNKNOWN')
         GROUP BY state`,
      ),
    ),
    eventErrors: toMap(
      rows(`SELECT kind AS k, COUNT(*) AS n FROM events WHERE kind IN (${kinds}) GROUP BY kind`),
    ),
    netPnlUsdt: trades.net ?? 0,
    closedTrades: trades.n,
    cyclesByOutcome: toMap(rows('SELECT outcome AS k, COUNT(*) AS n FROM cycle_ends GROUP BY outcome')),
  };
}

function toMap(rows: { k: string; n: number }[]): Map<string, number> {
  return new Map(rows.map((r) => [r.k, r.n]));
}

function gauge(name: string, help: string, value: number | null | undefined): MetricFamily[] {
  return value === null || value === undefined ? [] : [{ name, help, type: 'gauge', samples: [{ value }] }];
}

function labelled(
  name: string,
  help: string,
  type: 'gauge' | 'counter',
  label: string,
  values: Map<string, number>,
  always: readonly string[] = [],
): MetricFamily {
  const keys = [...new Set([...always, ...values.keys()])].sort();
  return {
    name,
    help,
    type,
    samples: keys.map((k) => ({ labels: { [label]: k }, value: values.get(k) ?? 0 })),
  };
}

/** Every family /metrics serves: journal totals plus the live venue view. */
export function metricFamilies(journal: Journal, live: LiveFigures): MetricFamily[] {
  const j = readJournalFigures(journal);
  const latencySamples: Sample[] = [
    ...AI_LATENCY_BUCKETS_SECONDS.map((le, i) => ({
      suffix: '_bucket',
      labels: { le: String(le) },
      value: j.latencyBuckets[i] ?? 0,
    })),
    { suffix: '_bucket', labels: { le: '+Inf' }, value: j.latencyCount },
    { suffix: '_sum', value: j.latencySumMs / 1000 },
    { suffix: '_count', value: j.latencyCount },
  ];
  const exchangeErrors = new Map<string, number>([
    ['order_rejected', j.orderErrors.get('REJECTED') ?? 0],
    ['order_outcome_unknown', j.orderErrors.get('OUTCOME_UNKNOWN') ?? 0],
    ...EXCHANGE_ERROR_EVENT_KINDS.map((k): [string, number] => [
      k.replace(/[.-]/g, '_'),
      j.eventErrors.get(k) ?? 0,
    ]),
  ]);
  return [
    labelled(
      'warden_trading_state',
      'Trading state in force: 1 for the current state, 0 for the others',
      'gauge',
      'state',
      new Map([[live.tradingState, 1]]),
      TRADING_STATES,
    ),
    ...gauge('warden_equity_usdt', 'Account equity at the last snapshot (USDT)', j.equity?.equity),
    ...gauge('warden_wallet_balance_usdt', 'Wallet balance at the last snapshot (USDT)', j.equity?.wallet),
    ...gauge('warden_available_usdt', 'Available balance at the last snapshot (USDT)', j.equity?.available),
    ...gauge(
      'warden_unrealised_pnl_usdt',
      'Unrealised PnL at the last snapshot (USDT)',
      j.equity?.unrealised,
    ),
    ...gauge(
      'warden_drawdown_usdt',
      'Equity peak minus the last equity snapshot (USDT)',
      j.equity && j.equityPeak !== null ? j.equityPeak - j.equity.equity : null,
    ),
    ...gauge(
      'warden_open_risk_usdt',
      'Loss if every stop filled, pending entries included (USDT)',
      live.openRiskUsdt,
    ),
    ...gauge('warden_open_risk_cap_usdt', 'MAX_TOTAL_RISK_USDT', live.openRiskCapUsdt),
    ...gauge('warden_open_positions', 'Open positions on the venue', live.positions?.length),
    ...gauge('warden_pending_entry_orders', 'Entry orders resting on the venue', live.pendingOrders?.length),
    ...gauge(
      'warden_exchange_reachable',
      '1 when the last venue read succeeded',
      live.exchangeReachable ? 1 : 0,
    ),
    ...gauge('warden_realised_net_pnl_usdt', 'Realised PnL net of fees and funding (USDT)', j.netPnlUsdt),
    {
      name: 'warden_closed_trades_total',
      help: 'Positions closed',
      type: 'counter',
      samples: [{ value: j.closedTrades }],
    },
    labelled(
      'warden_decisions_total',
      'Decisions journaled, by final action',
      'counter',
      'action',
      j.decisionsByAction,
      ACTIONS,
    ),
    labelled(
      'warden_blocked_decisions_total',
      'Decisions carrying each blocked-by code',
      'counter',
      'code',
      j.blockedByCode,
    ),
    labelled(
      'warden_cycles_total',
      'Decision cycles ended, by outcome',
      'counter',
      'outcome',
      j.cyclesByOutcome,
      ['completed', 'failed', 'interrupted'],
    ),
    {
      name: 'warden_ai_latency_seconds',
      help: 'Latency of each model call (one per prompt version per cycle)',
      type: 'histogram',
      samples: latencySamples,
    },
    {
      name: 'warden_ai_cost_usd_total',
      help: 'Model cost (USD)',
      type: 'counter',
      samples: [{ value: j.aiCostUsd }],
    },
    {
      name: 'warden_ai_tokens_total',
      help: 'Model tokens',
      type: 'counter',
      samples: [
        { labels: { direction: 'in' }, value: j.tokensIn },
        { labels: { direction: 'out' }, value: j.tokensOut },
      ],
    },
    labelled('warden_exchange_errors_total', 'Venue failures by kind', 'counter', 'kind', exchangeErrors),
  ];
}

export function renderMetrics(journal: Journal, live: LiveFigures): string {
  return renderExposition(metricFamilies(journal, live));
}
