import { ACTIONS, TRADING_STATES } from '../domain/index.ts';
import {
  EXCHANGE_ERROR_EVENT_KINDS,
  type Journal,
  type MetricFigures,
  QueryService,
  type ReportFigures,
} from '../journal/index.ts';
import { type MetricFamily, renderExposition, type Sample } from './exposition.ts';
import type { PendingOrderRow, PositionRow } from './positions.ts';

export const AI_LATENCY_BUCKETS_SECONDS = [0.1, 0.5, 1, 2, 5, 10, 20, 30, 60, 120] as const;

export { EXCHANGE_ERROR_EVENT_KINDS };

export interface LiveFigures {
  tradingState: string;
  exchangeReachable: boolean;
  positions: PositionRow[] | null;
  pendingOrders: PendingOrderRow[] | null;
  openRiskUsdt: number | null;
  openRiskCapUsdt: number;
  cyclesRun: number | null;
}

/** The overall figures carry this prompt_version label on the key gauges that do not add up. */
export const ALL_VERSIONS_LABEL = 'all';

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
  const j = new QueryService(journal).metricFigures(AI_LATENCY_BUCKETS_SECONDS.map((s) => s * 1000));
  const latencySamples: Sample[] = [
    ...AI_LATENCY_BUCKETS_SECONDS.map((le, i) => ({
      suffix: '_bucket',
      labels: { le: String(le) },
      value: j.latency.atOrUnder[i] ?? 0,
    })),
    { suffix: '_bucket', labels: { le: '+Inf' }, value: j.latency.count },
    { suffix: '_sum', value: j.latency.sumMs / 1000 },
    { suffix: '_count', value: j.latency.count },
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
    ...keyFigureFamilies(j),
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
    ...aiUsageFamilies(j),
    labelled('warden_exchange_errors_total', 'Venue failures by kind', 'counter', 'kind', exchangeErrors),
  ];
}

/**
 * The seed's five key figures (SPEC 8), labelled by prompt version with the report's exact
 * definitions. Gauges that do not add up across versions also carry the whole journal under
 * prompt_version="all"; counters do not (sum them).
 */
function keyFigureFamilies(j: MetricFigures): MetricFamily[] {
  const versions = j.report.byPromptVersion;
  const withAll = [...versions, j.report.overall];
  const label = (f: ReportFigures) => f.promptVersion ?? ALL_VERSIONS_LABEL;
  const gaugeBy = (name: string, help: string, pick: (f: ReportFigures) => number | null): MetricFamily => ({
    name,
    help,
    type: 'gauge',
    samples: withAll.flatMap((f) => {
      const value = pick(f);
      return value === null ? [] : [{ labels: { prompt_version: label(f) }, value }];
    }),
  });
  return [
    gaugeBy(
      'warden_average_position_size_usdt',
      'Mean entry notional of the positions opened (USDT)',
      (f) => f.averagePositionNotionalUsdt,
    ),
    gaugeBy(
      'warden_max_drawdown_usdt',
      'Max drawdown (USDT): all = equity below its running peak; a version = its cumulative trade net PnL below its peak',
      (f) => f.maxDrawdownUsdt,
    ),
    {
      name: 'warden_hold_decisions_total',
      help: 'Decisions whose final action was HOLD (model HOLDs and blocked proposals)',
      type: 'counter',
      samples: versions.map((f) => ({ labels: { prompt_version: label(f) }, value: f.holdDecisions })),
    },
    gaugeBy(
      'warden_limit_fill_rate',
      'Share of decided LIMIT entries that filled at all (0-1)',
      (f) => f.limitFillRate,
    ),
    {
      name: 'warden_blocked_decisions_total',
      help: 'Decisions carrying each blocked-by code',
      type: 'counter',
      samples: versions.flatMap((f) =>
        Object.entries(f.blockedByConstraint)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([code, n]) => ({ labels: { prompt_version: label(f), code }, value: n })),
      ),
    },
  ];
}

/** Model usage per prompt version, each call counted once whatever the number of its symbols. */
function aiUsageFamilies(j: MetricFigures): MetricFamily[] {
  const by = (value: (u: MetricFigures['usage'][number]) => number) =>
    j.usage.map((u) => ({ labels: { prompt_version: u.promptVersion }, value: value(u) }));
  return [
    {
      name: 'warden_ai_calls_total',
      help: 'Model calls (one per prompt version per cycle)',
      type: 'counter',
      samples: by((u) => u.calls),
    },
    {
      name: 'warden_ai_cost_usd_total',
      help: 'Model cost (USD), each call counted once',
      type: 'counter',
      samples: by((u) => u.costUsd),
    },
    {
      name: 'warden_ai_tokens_total',
      help: 'Model tokens, each call counted once',
      type: 'counter',
      samples: j.usage.flatMap((u) => [
        { labels: { prompt_version: u.promptVersion, direction: 'in' }, value: u.tokensIn },
        { labels: { prompt_version: u.promptVersion, direction: 'out' }, value: u.tokensOut },
      ]),
    },
    {
      name: 'warden_ai_cached_input_tokens_total',
      help: 'Of the input tokens, those read from the provider prompt cache (billed at the cached rate)',
      type: 'counter',
      samples: by((u) => u.tokensCachedIn),
    },
    ...aiCostRateFamilies(j.report.overall),
  ];
}

/** AI cost per day and per month over the journal's span, and against equity (issue 20). */
function aiCostRateFamilies(f: ReportFigures): MetricFamily[] {
  const gauge = (name: string, help: string, value: number | null): MetricFamily[] =>
    value === null ? [] : [{ name, help, type: 'gauge', samples: [{ labels: {}, value }] }];
  return [
    ...gauge(
      'warden_ai_cost_usd_per_day',
      'Model cost per day over the journal span (USD)',
      f.aiCostPerDayUsd,
    ),
    ...gauge(
      'warden_ai_cost_usd_per_month',
      'Model cost per 30 days at that rate (USD)',
      f.aiCostPerMonthUsd,
    ),
    ...gauge(
      'warden_ai_cost_month_equity_ratio',
      'Model cost per month as a fraction of the last equity',
      f.aiCostPerMonthPctOfEquity,
    ),
    ...gauge(
      'warden_net_pnl_after_ai_usdt',
      'Net PnL after fees, funding and model cost',
      f.netPnlAfterAiCostUsdt,
    ),
  ];
}

export function renderMetrics(journal: Journal, live: LiveFigures): string {
  return renderExposition(metricFamilies(journal, live));
}
