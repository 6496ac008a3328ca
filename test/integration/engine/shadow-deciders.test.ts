import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaselineDecider } from '../../../src/decision/index.ts';
import { arenaRecords, type Journal, QueryService } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import {
  type LlmServer,
  longEverySymbol,
  openAiCompletion,
  startLlmServer,
} from '../../support/llm-servers.ts';
import { configFor, runSyntheticEngine } from '../../support/synthetic-run.ts';

/**
 * Issue 19, shadow deciders: a baseline lead with a chaos shadow and an OpenAI-compatible shadow
 * (a local server) on one seeded synthetic feed, against the same lead alone.
 */
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const CYCLES = 240;
const MODEL = 'local-test-model';

let server: LlmServer;

beforeAll(async () => {
  server = await startLlmServer('openai', { answer: longEverySymbol('openai') });
});

afterAll(async () => {
  await server?.close();
});

function run(shadows: string | null) {
  const config = configFor(SYMBOLS, {
    AI_BASE_URL: server.baseUrl,
    ...(shadows ? { AI_SHADOW_DECIDERS: shadows } : {}),
  });
  return runSyntheticEngine({ config, decider: new BaselineDecider(), cycles: CYCLES, seed: 11 });
}

/** Everything the existing reports say about the account, without row ids (shadows' rows take ids too). */
function leadFigures(journal: Journal) {
  const q = new QueryService(journal);
  return {
    report: q.report(),
    trades: q.closedTrades({ limit: 500 }).items.map(({ decisionId: _id, ...trade }) => trade),
    equity: q.equityCurve(),
    counts: q.runCounts(),
    totals: q.totals(),
    openPositions: q.openPositions(),
    stopMoves: q.allStopMoves(),
    // Model-call latency is wall time, different in every run.
    metrics: { ...q.metricFigures([1000, 5000]), report: null, latency: null },
    decisions: q.decisions({ limit: 500 }).total,
    orders: q.orders({ limit: 500 }).items.map(({ decisionId: _id, ...order }) => order),
  };
}

describe('shadow deciders on one feed', () => {
  let alone: Awaited<ReturnType<typeof run>>;
  let withShadows: Awaited<ReturnType<typeof run>>;
  const shadowIds = ['chaos', `openai:${MODEL}@v5_neutral`];

  beforeAll(async () => {
    alone = await run(null);
    withShadows = await run(`chaos,openai:${MODEL}`);
  }, 240_000);

  afterAll(() => {
    alone?.close();
    withShadows?.close();
  });

  it('gives the lead exactly the journal figures it has without shadows', () => {
    const before = leadFigures(alone.journal);
    expect(before.trades.length).toBeGreaterThan(0);
    expect(leadFigures(withShadows.journal)).toEqual(before);
  });

  it("journals every decider's decisions, one per symbol per cycle, each row carrying its decider id", () => {
    const db = databaseOf(withShadows.journal);
    const rows = db
      .prepare(
        `SELECT decider, shadow, COUNT(*) AS n, COUNT(DISTINCT cycle_id) AS cycles FROM decisions
         GROUP BY decider, shadow ORDER BY shadow, decider`,
      )
      .all();
    const cycles = alone.cycles;
    expect(rows).toEqual([
      { decider: 'baseline', shadow: 0, n: cycles * SYMBOLS.length, cycles },
      { decider: 'chaos', shadow: 1, n: cycles * SYMBOLS.length, cycles },
      { decider: `openai:${MODEL}@v5_neutral`, shadow: 1, n: cycles * SYMBOLS.length, cycles },
    ]);
    // The model was really asked, once per cycle it had something worth asking about.
    const calls = db
      .prepare('SELECT COUNT(*) FROM model_calls WHERE decider = ? AND shadow = 1 AND error IS NULL')
      .pluck()
      .get(shadowIds[1]) as number;
    expect(calls).toBe(server.requests.length);
    expect(calls).toBeGreaterThan(0);
  });

  it('trades each shadow in its own virtual sub-account: its own orders, fills, positions and equity', () => {
    const db = databaseOf(withShadows.journal);
    for (const id of shadowIds) {
      const count = (table: string) =>
        db
          .prepare(`SELECT COUNT(*) FROM ${table} WHERE decider = ? AND shadow = 1`)
          .pluck()
          .get(id) as number;
      expect(count('position_opens'), id).toBeGreaterThan(0);
      expect(count('fills'), id).toBeGreaterThan(0);
      // One per cycle, and the final one at the end of the run.
      expect(count('equity_snapshots'), id).toBe(alone.cycles + 1);
      // A shadow's client ids never look like the lead's (W…), so the venue could never confuse them.
      const prefixes = db
        .prepare('SELECT DISTINCT substr(client_order_id, 1, 1) FROM orders WHERE decider = ?')
        .pluck()
        .all(id);
      expect(prefixes).toEqual(['S']);
    }
    const first = db
      .prepare('SELECT decider, equity_usdt FROM equity_snapshots ORDER BY id LIMIT 3')
      .all() as { equity_usdt: number }[];
    // Every sub-account starts with the lead's equity.
    expect(new Set(first.map((r) => r.equity_usdt)).size).toBe(1);
  });

  it('gives the arena, per decider, trade nets, daily PnL after AI cost, decisions and invalid replies', () => {
    const arena = arenaRecords(withShadows.journal);
    expect(arena.deciders.map((d) => [d.decider, d.role])).toEqual([
      ['baseline', 'lead'],
      ['chaos', 'shadow'],
      [shadowIds[1], 'shadow'],
    ]);
    const db = databaseOf(withShadows.journal);
    for (const d of arena.deciders) {
      expect(d.dailyPnlUsdt).toHaveLength(arena.days.length);
      expect(d.startEquityUsdt).toBe(withShadows.startBalanceUsdt);
      expect(d.decisions).toBe(alone.cycles * SYMBOLS.length);
      const net = d.tradeNetsUsdt.reduce((a, b) => a + b, 0);
      const cost = d.aiCostPerDayUsd.reduce((a, b) => a + b, 0);
      expect(d.dailyPnlUsdt.reduce((a, b) => a + b, 0)).toBeCloseTo(net - cost, 9);
      expect(cost).toBeCloseTo(d.costUsd, 12);
      expect(d.forecasts.length).toBeLessThanOrEqual(d.trades.length);
    }
    const lead = arena.deciders[0];
    const leadReport = new QueryService(withShadows.journal).report().overall;
    expect(lead?.tradeNetsUsdt.length).toBe(leadReport.closedTrades);
    const chaos = arena.deciders[1];
    const invalid = db
      .prepare(
        `SELECT COUNT(*) FROM decisions WHERE decider = 'chaos' AND blocked_by_json LIKE '%AI_INVALID_OUTPUT%'`,
      )
      .pluck()
      .get() as number;
    expect(chaos?.invalidOutputs).toBe(invalid);
    expect(invalid).toBeGreaterThan(0);
    const model = arena.deciders[2];
    expect(model?.modelCalls).toBe(server.requests.length);
    expect(model?.callLatenciesMs.length).toBe(model?.modelCalls);
  });

  it("reads a shadow's own account through a shadow query service", () => {
    const shadow = withShadows.journal.shadow('chaos');
    const report = new QueryService(shadow).report().overall;
    const arena = arenaRecords(withShadows.journal).deciders.find((d) => d.decider === 'chaos');
    expect(report.closedTrades).toBe(arena?.tradeNetsUsdt.length);
    expect(report.decisions).toBe(arena?.decisions);
  });
});

describe('model calls of different deciders', () => {
  it('are in flight together: a server that answers only when two calls wait gets every answer out', async () => {
    // A barrier, not a clock: each request is held until a second one arrives; one left alone
    // for 5 s gets a 500. Calls made one after the other would all fail.
    let waiting: (() => void) | null = null;
    let pairs = 0;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += String(chunk);
      });
      req.on('end', () => {
        const user = JSON.parse(body).messages[1].content as string;
        const symbols = Object.keys(JSON.parse(user).symbols);
        const text = JSON.stringify({
          decisions: symbols.map((symbol) => ({ symbol, action: 'HOLD', confidence: 40, rationale: 'wait' })),
        });
        const answer = () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(openAiCompletion(text)));
        };
        if (waiting) {
          pairs += 1;
          waiting();
          waiting = null;
          answer();
          return;
        }
        const timer = setTimeout(() => {
          waiting = null;
          res.writeHead(500).end('{"error":{"message":"alone"}}');
        }, 5000);
        waiting = () => {
          clearTimeout(timer);
          answer();
        };
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const config = configFor(SYMBOLS, {
      AI_PROVIDER: 'openai',
      AI_MODEL: MODEL,
      AI_BASE_URL: `http://127.0.0.1:${port}/v1`,
      AI_MAX_RETRIES: '0',
      AI_SKIP_FUTILE: 'false',
      SCORE_GATE_ENABLED: 'false',
      AI_SHADOW_DECIDERS: `openai:${MODEL}@v4_terse`,
    });
    const { createDecider } = await import('../../../src/decision/index.ts');
    const run = await runSyntheticEngine({ config, decider: createDecider(config), cycles: 4, seed: 3 });
    try {
      const calls = databaseOf(run.journal)
        .prepare('SELECT decider, COUNT(*) AS n, COUNT(error) AS failed FROM model_calls GROUP BY decider')
        .all();
      expect(calls).toEqual([
        { decider: `openai:${MODEL}@v4_terse`, n: run.cycles, failed: 0 },
        { decider: `openai:${MODEL}@v5_neutral`, n: run.cycles, failed: 0 },
      ]);
      expect(pairs).toBe(run.cycles);
    } finally {
      run.close();
      server.close();
    }
  }, 60_000);
});
