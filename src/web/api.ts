import type { FastifyInstance } from 'fastify';
import { renderArenaJson, renderArenaRows } from '../arena/index.ts';
import { toRiskLimits } from '../config/limits.ts';
import { redactConfig } from '../config/redact.ts';
import { OPERATOR_COMMANDS, type OperatorCommand } from '../domain/operator-commands.ts';
import { memoArenaReport } from './arena.ts';
import { symbolChart } from './candles.ts';
import { PROMETHEUS_CONTENT_TYPE } from './exposition.ts';
import { liveView } from './live.ts';
import { renderMetrics } from './metrics.ts';
import {
  BadRequestError,
  candlesQuery,
  controlBody,
  decisionsQuery,
  equityQuery,
  eventsQuery,
  listQuery,
  parseInput,
  rangeQuery,
  toRange,
  tradesQuery,
} from './query-params.ts';
import type { WebServerOptions } from './types.ts';
import type { VenueReader } from './venue.ts';

class NotFoundError extends Error {
  override name = 'NotFoundError';
  readonly statusCode = 404;
}

class UnavailableError extends Error {
  override name = 'UnavailableError';
  readonly statusCode = 503;
}

/** The JSON API: journal figures through the query service, live figures from the venue. */
export function registerApi(
  app: FastifyInstance,
  options: WebServerOptions,
  venue: VenueReader | null,
): void {
  const { queries, journal, config, bot } = options;
  const limits = toRiskLimits(config);
  const startedAtMs = Date.now();
  const live = () => liveView(options, venue, limits);

  app.get('/healthz', async () => {
    const last = journal.lastCycle();
    return {
      status: 'ok',
      tradingState: bot?.tradingState() ?? journal.lastTradingState()?.to ?? 'ACTIVE',
      uptimeMs: Date.now() - startedAtMs,
      lastCycle: last
        ? {
            cycleId: last.cycleId,
            startedAtMs: last.startedAtMs,
            finishedAtMs: last.finishedAtMs,
            outcome: last.outcome,
          }
        : null,
    };
  });

  app.get('/metrics', async (_request, reply) => {
    const view = await live();
    reply.type(PROMETHEUS_CONTENT_TYPE);
    return renderMetrics(journal, {
      ...view,
      cyclesRun: bot?.cyclesRun() ?? null,
    });
  });

  app.get('/api/state', async () => ({
    mode: bot?.mode ?? null,
    tradingState: bot?.tradingState() ?? journal.lastTradingState()?.to ?? 'ACTIVE',
    lastChange: journal.lastTradingState(),
    cyclesRun: bot?.cyclesRun() ?? null,
    lastCycle: journal.lastCycle(),
    symbols: config.SYMBOLS,
    decisionTimeframe: config.DECISION_TIMEFRAME,
    promptVersion: config.PROMPT_VERSION,
    controlsEnabled: bot !== null && config.WEB_TOKEN !== undefined,
    limits,
  }));

  app.get('/api/overview', async () => {
    const view = await live();
    const report = queries.report();
    const equity = queries.equityCurve({ maxPoints: 1 });
    return {
      ...view,
      lastChange: journal.lastTradingState(),
      equity: equity.at(-1) ?? null,
      pnl: {
        grossPnlUsdt: report.overall.grossPnlUsdt,
        feesUsdt: report.overall.feesUsdt,
        fundingUsdt: report.overall.fundingUsdt,
        netPnlUsdt: report.overall.netPnlUsdt,
        closedTrades: report.overall.closedTrades,
        winRate: report.overall.winRate,
        maxDrawdownUsdt: report.overall.maxDrawdownUsdt,
        maxDrawdownPct: report.overall.maxDrawdownPct,
      },
    };
  });

  app.get('/api/positions', async () => {
    const view = await live();
    return {
      positions: view.positions,
      exchangeReachable: view.exchangeReachable,
      exchangeError: view.exchangeError,
    };
  });

  app.get('/api/orders', async (request) => {
    const q = parseInput(listQuery, request.query);
    const view = await live();
    return {
      pending: view.pendingOrders,
      journal: queries.orders({ ...toRange(q), ...pageOf(q), ...(q.symbol ? { symbol: q.symbol } : {}) }),
    };
  });

  app.get('/api/equity', async (request) => {
    const q = parseInput(equityQuery, request.query);
    const points = queries.equityCurve({ ...toRange(q), maxPoints: q.maxPoints ?? 1000 });
    let peak = Number.NEGATIVE_INFINITY;
    return {
      points: points.map((p) => {
        peak = Math.max(peak, p.equityUsdt);
        return {
          ...p,
          drawdownUsdt: peak - p.equityUsdt,
          drawdownPct: peak > 0 ? (peak - p.equityUsdt) / peak : 0,
        };
      }),
    };
  });

  app.get('/api/report', async (request) => queries.report(toRange(parseInput(rangeQuery, request.query))));

  const arena = memoArenaReport(queries);
  app.get('/api/arena', async (request, reply) => {
    const report = arena(toRange(parseInput(rangeQuery, request.query)));
    reply.type('application/json; charset=utf-8');
    return renderArenaJson(report, { rows: renderArenaRows(report) });
  });

  app.get('/api/decisions', async (request) => {
    const q = parseInput(decisionsQuery, request.query);
    return queries.decisions({
      ...toRange(q),
      ...pageOf(q),
      ...(q.symbol ? { symbol: q.symbol } : {}),
      ...(q.action ? { action: q.action } : {}),
      ...(q.blockedBy ? { blockedBy: q.blockedBy } : {}),
      ...(q.promptVersion ? { promptVersion: q.promptVersion } : {}),
    });
  });

  app.get<{ Params: { id: string } }>('/api/decisions/:id', async (request) => {
    const id = Number(request.params.id);
    if (!Number.isSafeInteger(id) || id <= 0)
      throw new BadRequestError('decision id must be a positive whole number');
    const detail = queries.decision(id);
    if (!detail) throw new NotFoundError(`no decision ${id} in the journal`);
    return detail;
  });

  // Same shape as /api/decisions on purpose: each route maps its own filters to its query.
  app.get('/api/trades', async (request) => {
    const q = parseInput(tradesQuery, request.query);
    return queries.closedTrades({
      ...toRange(q),
      ...pageOf(q),
      ...(q.symbol ? { symbol: q.symbol } : {}),
      ...(q.side ? { side: q.side } : {}),
      ...(q.exitReason ? { exitReason: q.exitReason } : {}),
      ...(q.outcome ? { outcome: q.outcome } : {}),
    });
  });

  app.get('/api/stop-moves', async (request) => {
    const q = parseInput(listQuery, request.query);
    return queries.stopMoves({ ...toRange(q), ...pageOf(q), ...(q.symbol ? { symbol: q.symbol } : {}) });
  });

  app.get('/api/events', async (request) => {
    const q = parseInput(eventsQuery, request.query);
    return queries.events({
      ...toRange(q),
      ...pageOf(q),
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.minSeverity ? { minSeverity: q.minSeverity } : {}),
    });
  });

  app.get<{ Params: { symbol: string } }>('/api/candles/:symbol', async (request) => {
    const q = parseInput(candlesQuery, request.query);
    const symbol = request.params.symbol.toUpperCase();
    if (!config.SYMBOLS.includes(symbol)) {
      throw new NotFoundError(`${symbol} is not a configured symbol (SYMBOLS=${config.SYMBOLS.join(',')})`);
    }
    if (!bot) throw new UnavailableError('candles come from the running bot; none is attached');
    return symbolChart(
      bot.exchange,
      queries,
      symbol,
      q.timeframe ?? config.DECISION_TIMEFRAME,
      q.limit ?? 300,
    );
  });

  app.get('/api/config', async () => redactConfig(config));

  app.post<{ Params: { command: string } }>('/api/control/:command', async (request) => {
    const command = request.params.command;
    if (!(OPERATOR_COMMANDS as readonly string[]).includes(command)) {
      throw new NotFoundError(`unknown control "${command}": use one of ${OPERATOR_COMMANDS.join(', ')}`);
    }
    if (!bot) throw new UnavailableError('no running bot is attached to this server');
    const body = parseInput(controlBody, request.body);
    const note = body?.note?.trim() || 'via the local API';
    return bot.controls.run(command as OperatorCommand, note);
  });
}

function pageOf(q: { limit?: number | undefined; offset?: number | undefined }): {
  limit?: number;
  offset?: number;
} {
  return {
    ...(q.limit !== undefined ? { limit: q.limit } : {}),
    ...(q.offset !== undefined ? { offset: q.offset } : {}),
  };
}
