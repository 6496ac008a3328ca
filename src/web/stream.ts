import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { FollowedTable } from '../journal/index.ts';
import type { WebServerOptions } from './types.ts';

// The dashboard's own choice among the journal's followed tables (alerts follow others), not a copy of that list.
const TABLES: readonly FollowedTable[] = [
  'decisions',
  'order_events',
  'equity_snapshots',
  'stop_moves',
  'trading_state_changes',
  'events',
];

/** The newest row id of each table the dashboard shows, plus the live trading state. */
function journalMark(options: WebServerOptions): Record<string, number | string> {
  const mark: Record<string, number | string> = {};
  for (const table of TABLES) {
    mark[table] = options.queries.latestRowId(table);
  }
  mark.tradingState = options.bot?.tradingState() ?? options.journal.lastTradingState()?.to ?? 'ACTIVE';
  return mark;
}

/**
 * Server-sent events: `update` (with what changed) whenever the journal gained rows or the trading
 * state changed, checked every `pollMs`; a comment line every 15 s keeps proxies from closing it.
 */
export function registerStream(app: FastifyInstance, options: WebServerOptions): () => void {
  const clients = new Set<ServerResponse>();
  let last = journalMark(options);
  let idle = 0;
  const pollMs = options.streamPollMs ?? 1000;
  const timer = setInterval(() => {
    if (clients.size === 0) return;
    let next: Record<string, number | string>;
    try {
      next = journalMark(options);
    } catch {
      return; // journal closing: the server is shutting down
    }
    const changed = Object.keys(next).filter((k) => next[k] !== last[k]);
    last = next;
    idle += pollMs;
    if (changed.length > 0) {
      idle = 0;
      broadcast(clients, `event: update\ndata: ${JSON.stringify({ changed, mark: next })}\n\n`);
    } else if (idle >= 15_000) {
      idle = 0;
      broadcast(clients, ': keep-alive\n\n');
    }
  }, pollMs);
  timer.unref?.();

  app.get('/api/stream', (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-content-type-options': 'nosniff',
    });
    res.write(`retry: 3000\nevent: hello\ndata: ${JSON.stringify({ mark: last })}\n\n`);
    clients.add(res);
    request.raw.on('close', () => clients.delete(res));
  });

  return () => {
    clearInterval(timer);
    for (const res of clients) res.end();
    clients.clear();
  };
}

function broadcast(clients: Set<ServerResponse>, chunk: string): void {
  for (const res of clients) res.write(chunk);
}
