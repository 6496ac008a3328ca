import { describe, expect, it } from 'vitest';
import type { Decider, DecisionRequest } from '../../../src/decision/index.ts';
import { runDecision } from '../../../src/decision/providers/outcome.ts';
import type { DecisionOutcome } from '../../../src/domain/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { ScriptedDecider } from '../../support/scripted-decider.ts';
import { configFor, runSyntheticEngine } from '../../support/synthetic-run.ts';

// runCycle over a synthetic market (no ../shared/data): the real paper exchange, gate and journal.
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

interface OrderRow {
  client_order_id: string;
  role: string;
  side: string;
  qty: number;
  reduce_only: number;
  state: string;
  cycle_id: string | null;
  decision_id: number | null;
}

interface DecisionRow {
  id: number;
  cycle_id: string;
  symbol: string;
  final_action: string;
  blocked_by_json: string;
  order_ids_json: string;
  prompt_version: string;
  model_call_id: number | null;
}

/** A provider that is down: every call fails the way a refused connection does. */
class DownDecider implements Decider {
  readonly provider = 'down';
  readonly model = 'down-1';
  decide(request: DecisionRequest): Promise<DecisionOutcome> {
    return runDecision(
      request,
      {
        provider: this.provider,
        model: this.model,
        prices: { inputPerMTok: 0, outputPerMTok: 0 },
        countsTokens: false,
      },
      async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:9');
      },
    );
  }
}

describe('runCycle driven by stubs', () => {
  it("closes the model's position through the journaled close path, tied to its cycle and decision", async () => {
    // Call 0 opens SOL at market; call 2 closes it; everything else HOLDs.
    const decider = new ScriptedDecider(({ call, symbol }) => {
      if (symbol !== 'SOLUSDT') return null;
      if (call === 0)
        return {
          action: 'OPEN_LONG',
          confidence: 90,
          leverage: 2,
          size_pct: 0.5,
          entry_type: 'MARKET',
          sl_pct: 0.02,
          tp_pct: 0.04,
          rationale: 'test open',
        };
      if (call === 2) return { action: 'CLOSE', confidence: 90, rationale: 'test close' };
      return null;
    });
    const config = configFor(SYMBOLS, { ALLOW_MARKET_ENTRY: 'true' });
    const run = await runSyntheticEngine({ config, decider, cycles: 4 });
    const db = databaseOf(run.journal);
    const orders = db
      .prepare(
        `SELECT client_order_id, role, side, qty, reduce_only, state, cycle_id, decision_id FROM orders
         WHERE symbol = 'SOLUSDT' AND role IN ('ENTRY', 'CLOSE') ORDER BY created_at_ms`,
      )
      .all() as OrderRow[];
    expect(orders.map((o) => o.role)).toEqual(['ENTRY', 'CLOSE']);
    const [entry, close] = orders as [OrderRow, OrderRow];
    expect(close.side).toBe('SELL');
    expect(close.reduce_only).toBe(1);
    expect(close.qty).toBe(entry.qty);
    expect(close.state).not.toBe('INTENT');
    for (const order of orders) {
      const decision = db
        .prepare('SELECT * FROM decisions WHERE id = ?')
        .get(order.decision_id) as DecisionRow;
      expect(decision.cycle_id).toBe(order.cycle_id);
      expect(JSON.parse(decision.order_ids_json)).toEqual([order.client_order_id]);
    }
    const closeDecision = db
      .prepare('SELECT * FROM decisions WHERE id = ?')
      .get(close.decision_id) as DecisionRow;
    expect(closeDecision.final_action).toBe('CLOSE');
    const history = db
      .prepare('SELECT state FROM order_events WHERE client_order_id = ? ORDER BY id')
      .all(close.client_order_id) as { state: string }[];
    expect(history[0]?.state).toBe('INTENT');
    expect(history[1]?.state).toBe('SUBMITTED');
    run.journal.close();
  });

  it('under a symbol split makes one call per prompt version, each about its own symbols', async () => {
    const config = configFor(SYMBOLS, { PROMPT_AB_SPLIT: 'v4_terse:symbol', AI_SKIP_FUTILE: 'false' });
    const run = await runSyntheticEngine({ config, decider: new ScriptedDecider(() => null), cycles: 2 });
    const db = databaseOf(run.journal);
    const calls = db
      .prepare('SELECT id, cycle_id, prompt_version, symbols_json FROM model_calls ORDER BY id')
      .all() as {
      id: number;
      cycle_id: string;
      prompt_version: string;
      symbols_json: string;
    }[];
    const cycles = new Set(calls.map((c) => c.cycle_id));
    expect(cycles.size).toBe(2);
    for (const cycleId of cycles) {
      const ofCycle = calls.filter((c) => c.cycle_id === cycleId);
      expect(ofCycle.map((c) => c.prompt_version).sort()).toEqual([config.PROMPT_VERSION, 'v4_terse'].sort());
      expect(ofCycle.flatMap((c) => JSON.parse(c.symbols_json) as string[]).sort()).toEqual(
        [...SYMBOLS].sort(),
      );
    }
    const decisions = db.prepare('SELECT * FROM decisions').all() as DecisionRow[];
    expect(decisions).toHaveLength(2 * SYMBOLS.length);
    for (const d of decisions) {
      const call = calls.find((c) => c.id === d.model_call_id);
      expect(call?.prompt_version).toBe(d.prompt_version);
      expect(JSON.parse(call?.symbols_json ?? '[]')).toContain(d.symbol);
    }
    run.journal.close();
  });

  it('when the model call fails every symbol HOLDs, the call is journaled with its error and nothing is sent', async () => {
    const config = configFor(SYMBOLS, { AI_SKIP_FUTILE: 'false' });
    const run = await runSyntheticEngine({ config, decider: new DownDecider(), cycles: 2 });
    const db = databaseOf(run.journal);
    const calls = db.prepare('SELECT id, error FROM model_calls').all() as {
      id: number;
      error: string | null;
    }[];
    expect(calls).toHaveLength(2);
    for (const call of calls) expect(call.error).toContain('ECONNREFUSED');
    const decisions = db.prepare('SELECT * FROM decisions').all() as DecisionRow[];
    expect(decisions).toHaveLength(2 * SYMBOLS.length);
    for (const d of decisions) {
      expect(d.final_action).toBe('HOLD');
      expect(JSON.parse(d.blocked_by_json)).not.toEqual([]);
      expect(calls.map((c) => c.id)).toContain(d.model_call_id);
    }
    expect(db.prepare('SELECT COUNT(*) AS n FROM orders').get()).toEqual({ n: 0 });
    run.journal.close();
  });
});
