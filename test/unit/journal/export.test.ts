import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportDecisions, type Journal, openJournal } from '../../../src/journal/index.ts';
import { buildKnownJournal } from './fixture.ts';
import { MIN, stubs, T0, tempJournalPath } from './stubs.ts';

/** The seed's ai_decisions.json fields, in the seed's order. */
const SEED_KEYS = [
  'timestamp',
  'symbol',
  'action',
  'confidence',
  'leverage',
  'size_pct',
  'input_snapshot',
  'prompt_version',
];
const PROPOSED_KEYS = [
  'proposed_action',
  'proposed_leverage',
  'rationale',
  'effective_confidence',
  'proposal_received',
];
const AUDIT_KEYS = [
  'id',
  'timestamp_ms',
  'cycle_id',
  'provider',
  'model',
  'blocked_by',
  'adjustments',
  'order',
  'detail',
  'regime',
  'pre_score',
  'range_score',
  'order_ids',
  'latency_ms',
  'model_call_id',
  'model_call',
  'prompt_hash',
  'response_hash',
];
const SEED_SNAPSHOT_KEYS = [
  'entry_price',
  'sl_pct',
  'tp_pct',
  'leverage',
  'entry_type',
  'wallet_available',
  'positions_open',
];

let temp: ReturnType<typeof tempJournalPath>;
let journal: Journal;
let out: string;

beforeEach(() => {
  temp = tempJournalPath();
  out = path.join(temp.dir, 'ai_decisions.json');
  const writer = openJournal(temp.file);
  buildKnownJournal(writer);
  const promptHash = writer.storeBlob('PROMPT');
  const responseHash = writer.storeBlob('RESPONSE');
  writer.recordCycleStart(stubs.cycle({ cycleId: 'c4', startedAtMs: T0 + 45 * MIN }));
  writer.recordDecision(
    stubs.openDecision('SHORT', { cycleId: 'c4', atMs: T0 + 45 * MIN + 1000, promptHash, responseHash }),
  );
  writer.close();
  journal = openJournal(temp.file, { readOnly: true });
});

afterEach(() => {
  journal.close();
  temp.remove();
});

function readExport(): Record<string, unknown>[] {
  return JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>[];
}

describe('ai_decisions.json', () => {
  it('holds every decision, oldest first, with the seed fields, then the proposal, then the audit fields', () => {
    expect(exportDecisions(journal, out)).toEqual({ count: 11 });
    const decisions = readExport();
    expect(decisions).toHaveLength(11);
    expect(decisions.map((d) => d.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const decision of decisions) {
      expect(Object.keys(decision)).toEqual([...SEED_KEYS, ...PROPOSED_KEYS, ...AUDIT_KEYS]);
      const snapshot = decision.input_snapshot as Record<string, unknown>;
      expect(Object.keys(snapshot).slice(0, SEED_SNAPSHOT_KEYS.length)).toEqual(SEED_SNAPSHOT_KEYS);
    }
  });

  it('gives the final, gated action and leverage under the seed names, the proposal beside them', () => {
    exportDecisions(journal, out);
    const last = readExport().at(-1);
    expect(last).toMatchObject({
      action: 'OPEN_SHORT',
      leverage: 5,
      proposed_action: 'OPEN_SHORT',
      proposed_leverage: 8,
      confidence: 70,
      size_pct: 0.2,
      rationale: 'trend up',
      timestamp: new Date(T0 + 45 * MIN + 1000).toISOString(),
      cycle_id: 'c4',
      prompt_version: 'v3_neutral',
      blocked_by: [],
      regime: 'RANGE',
      pre_score: 30,
      range_score: 55,
      order_ids: ['c1-BTCUSDT-entry'],
      latency_ms: 12,
    });
    expect(last?.input_snapshot).toMatchObject({
      entry_price: 50_000,
      sl_pct: 0.01,
      tp_pct: 0.02,
      leverage: 8,
      entry_type: 'LIMIT',
      wallet_available: 100,
      positions_open: 0,
      mark_price: 50_010,
      trading_state: 'ACTIVE',
    });
    expect(last).not.toHaveProperty('prompt');
  });

  it('adds the exact prompt and raw response when asked', () => {
    exportDecisions(journal, out, { includeTexts: true });
    const decisions = readExport();
    expect(decisions.at(-1)).toMatchObject({ prompt: 'PROMPT', raw_response: 'RESPONSE' });
    expect(decisions[0]).toMatchObject({ prompt: null, raw_response: null });
  });

  it('exports only the decisions inside [from, to)', () => {
    expect(exportDecisions(journal, out, { fromMs: T0 + 15 * MIN, toMs: T0 + 30 * MIN })).toEqual({
      count: 3,
    });
    expect(readExport().map((d) => d.cycle_id)).toEqual(['c2', 'c2', 'c2']);
  });

  it('writes an empty array for an empty range, and leaves no temporary file behind', () => {
    expect(exportDecisions(journal, out, { fromMs: T0 + 10_000 * MIN })).toEqual({ count: 0 });
    expect(readExport()).toEqual([]);
    expect(readdirSync(temp.dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('fails with the path when the output folder does not exist, writing nothing', () => {
    const bad = path.join(temp.dir, 'missing', 'ai_decisions.json');
    expect(() => exportDecisions(journal, bad)).toThrow(/cannot write .*missing/);
    expect(existsSync(bad)).toBe(false);
  });
});
