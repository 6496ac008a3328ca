import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Journal, openJournal, QueryService, writeDecisionsJson } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { MIGRATIONS } from '../../../src/journal/migrations/index.ts';
import { MIN, stubs, T0, tempJournalPath } from './stubs.ts';

let temp: ReturnType<typeof tempJournalPath>;
let journal: Journal | null = null;

beforeEach(() => {
  temp = tempJournalPath();
});

afterEach(() => {
  journal?.close();
  journal = null;
  temp.remove();
});

const OLD_DECISION = `INSERT INTO decisions (at_ms, cycle_id, symbol, proposed_action, final_action, proposal_received_json,
  input_snapshot_json, prompt_version, provider, model, blocked_by_json, adjustments_json, order_ids_json, latency_ms,
  tokens_in, tokens_out, cost_usd) VALUES (?, ?, ?, 'HOLD', 'HOLD', '{}', ?, ?, 'openai', 'gpt-x', '[]', '[]', '[]', ?, ?, ?, ?)`;
const SNAPSHOT = JSON.stringify({
  entryPrice: null,
  slPct: null,
  tpPct: null,
  leverage: null,
  entryType: null,
  walletAvailableUsdt: 97.5,
  equityUsdt: 100,
  positionsOpen: 1,
  pendingEntries: 0,
  markPrice: 100,
  tradingState: 'ACTIVE',
});

/**
 * A journal as Warden wrote it before migration 5: each call's usage copied on every decision row
 * of the call. Cycle a: one call for three symbols (1000 in, 100 out, 0.01 USD); cycle b: an A/B
 * split, v3 for two symbols (500/50/0.005) and v4 for one (400/40/0.004), plus a symbol never
 * asked (no usage).
 */
function writeOldJournal(file: string): void {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  for (const m of MIGRATIONS.filter((m) => m.version <= 4)) {
    raw.transaction(() => {
      raw.exec(m.sql);
      raw
        .prepare('INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, 1)')
        .run(m.version, m.name);
    })();
  }
  const cycle = raw.prepare(
    "INSERT INTO cycles (id, started_at_ms, mode, prompt_versions_json, symbols_json) VALUES (?, ?, 'paper', '[]', '[]')",
  );
  cycle.run('a', T0);
  cycle.run('b', T0 + 15 * MIN);
  const d = raw.prepare(OLD_DECISION);
  for (const symbol of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'])
    d.run(T0, 'a', symbol, SNAPSHOT, 'v3_neutral', 900, 1000, 100, 0.01);
  d.run(T0 + 15 * MIN, 'b', 'BTCUSDT', SNAPSHOT, 'v3_neutral', 700, 500, 50, 0.005);
  d.run(T0 + 15 * MIN, 'b', 'ETHUSDT', SNAPSHOT, 'v3_neutral', 700, 500, 50, 0.005);
  d.run(T0 + 15 * MIN, 'b', 'SOLUSDT', SNAPSHOT, 'v4_terse', 650, 400, 40, 0.004);
  d.run(T0 + 15 * MIN, 'b', 'XRPUSDT', SNAPSHOT, 'v4_terse', null, null, null, null);
  raw.close();
}

describe('model calls in a journal written before migration 5', () => {
  it('opens it, leaves every old decision row exactly as it was, and counts each old call once', () => {
    writeOldJournal(temp.file);
    const before = new Database(temp.file, { readonly: true });
    const oldRows = before.prepare('SELECT * FROM decisions ORDER BY id').all();
    before.close();

    journal = openJournal(temp.file);
    const after = databaseOf(journal)
      .prepare('SELECT * FROM decisions ORDER BY id')
      .all()
      .map((row) => {
        const { model_call_id, decider, shadow, ...rest } = row as Record<string, unknown>;
        expect(model_call_id).toBeNull();
        // Migration 007: every old row was the lead's.
        expect({ decider, shadow }).toEqual({ decider: 'lead', shadow: 0 });
        return rest;
      });
    expect(after).toEqual(oldRows);

    const report = new QueryService(journal).report();
    expect(report.overall).toMatchObject({ modelCalls: 3, tokensIn: 1900, tokensOut: 190 });
    expect(report.overall.aiCostUsd).toBeCloseTo(0.019, 12);
    const v3 = report.byPromptVersion.find((v) => v.promptVersion === 'v3_neutral');
    const v4 = report.byPromptVersion.find((v) => v.promptVersion === 'v4_terse');
    expect(v3).toMatchObject({ modelCalls: 2, tokensIn: 1500, tokensOut: 150 });
    expect(v4).toMatchObject({ modelCalls: 1, tokensIn: 400, tokensOut: 40 });
  });

  it('links each old decision to its derived call in the dashboard and the export', () => {
    writeOldJournal(temp.file);
    journal = openJournal(temp.file);
    const queries = new QueryService(journal);
    const first = queries.decision(1);
    expect(first?.modelCall).toMatchObject({
      legacy: true,
      cycleId: 'a',
      symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
      tokensIn: 1000,
      tokensOut: 100,
      tokensEstimated: null,
      latencyMs: 900,
    });
    expect(queries.decision(7)?.modelCall).toBeNull();
    let text = '';
    writeDecisionsJson(journal, (chunk) => {
      text += chunk;
    });
    const exported = JSON.parse(text) as {
      model_call_id: number | null;
      input_snapshot: Record<string, unknown>;
    }[];
    expect(exported.map((d) => d.model_call_id)).toEqual([
      first?.modelCall?.id,
      first?.modelCall?.id,
      first?.modelCall?.id,
      expect.any(Number),
      exported[3]?.model_call_id,
      expect.any(Number),
      null,
    ]);
    expect(exported[5]?.model_call_id).not.toBe(exported[3]?.model_call_id);
    expect(exported[0]?.input_snapshot).toMatchObject({ wallet_available: 97.5, positions_open: 1 });
  });
});

describe('model calls as Warden records them now', () => {
  it('records one call with its usage and links the decisions; the decision rows carry no usage', () => {
    journal = openJournal(temp.file);
    journal.recordCycleStart(stubs.cycle());
    const call = {
      atMs: T0 + 1000,
      cycleId: 'c1',
      promptVersion: 'v3_neutral',
      provider: 'openai',
      model: 'gpt-x',
      symbols: ['BTCUSDT', 'ETHUSDT'],
      latencyMs: 812,
      tokensIn: 2100,
      tokensOut: 230,
      tokensEstimated: false,
      costUsd: 0.0098,
      attempts: 1,
      error: null,
      promptHash: null,
      responseHash: null,
    };
    const id = journal.recordModelCall(call);
    journal.recordDecision(stubs.decision({ modelCallId: id }));
    journal.recordDecision(stubs.decision({ symbol: 'ETHUSDT', modelCallId: id }));
    const usage = databaseOf(journal).prepare('SELECT tokens_in, tokens_out, cost_usd FROM decisions').all();
    expect(usage).toEqual([
      { tokens_in: null, tokens_out: null, cost_usd: null },
      { tokens_in: null, tokens_out: null, cost_usd: null },
    ]);
    const report = new QueryService(journal).report();
    expect(report.overall).toMatchObject({
      modelCalls: 1,
      tokensIn: 2100,
      tokensOut: 230,
      aiCostUsd: 0.0098,
    });
    expect(new QueryService(journal).decision(2)?.modelCall).toMatchObject({ id, ...call, legacy: false });
    expect(() => journal?.recordModelCall(call)).toThrow(/already journaled in this cycle/);
    expect(() => journal?.recordModelCall({ ...call, promptVersion: 'v4_terse', tokensIn: -1 })).toThrow(
      /tokensIn must be ≥ 0/,
    );
    expect(() => journal?.recordDecision(stubs.decision({ symbol: 'SOLUSDT', modelCallId: 99 }))).toThrow(
      /FOREIGN KEY/,
    );
    expect(() =>
      databaseOf(journal as Journal)
        .prepare('UPDATE model_calls SET tokens_in = 1')
        .run(),
    ).toThrow(/append-only/);
    expect(() =>
      databaseOf(journal as Journal)
        .prepare('DELETE FROM model_calls')
        .run(),
    ).toThrow(/append-only/);
  });
});
