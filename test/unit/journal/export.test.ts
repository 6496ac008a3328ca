import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportDecisions, type Journal, openJournal } from '../../../src/journal/index.ts';
import { buildKnownJournal } from './fixture.ts';
import { MIN, stubs, T0, tempJournalPath } from './stubs.ts';

const SECTION_3_KEYS = [
  'action',
  'confidence',
  'leverage',
  'size_pct',
  'entry_type',
  'entry_price',
  'sl_pct',
  'tp_pct',
  'rationale',
];
const SECTION_7_KEYS = [
  'id',
  'timestamp',
  'timestamp_ms',
  'cycle_id',
  'symbol',
  'final_action',
  'proposed_leverage',
  'final_leverage',
  'effective_confidence',
  'proposal_received',
  'input_snapshot',
  'prompt_version',
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
  'tokens_in',
  'tokens_out',
  'cost_usd',
  'prompt_hash',
  'response_hash',
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
  it('holds every decision, oldest first, with the section 3 fields then the section 7 fields', () => {
    expect(exportDecisions(journal, out)).toEqual({ count: 11 });
    const decisions = readExport();
    expect(decisions).toHaveLength(11);
    expect(decisions.map((d) => d.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const decision of decisions) {
      expect(Object.keys(decision)).toEqual([...SECTION_3_KEYS, ...SECTION_7_KEYS]);
    }
  });

  it('writes the proposal in section 3 terms and the audit fields in snake_case', () => {
    exportDecisions(journal, out);
    const last = readExport().at(-1);
    expect(last).toMatchObject({
      action: 'OPEN_SHORT',
      confidence: 70,
      leverage: 8,
      size_pct: 0.2,
      entry_type: 'LIMIT',
      entry_price: 50_000,
      sl_pct: 0.01,
      tp_pct: 0.02,
      rationale: 'trend up',
      timestamp: new Date(T0 + 45 * MIN + 1000).toISOString(),
      cycle_id: 'c4',
      final_action: 'OPEN_SHORT',
      proposed_leverage: 8,
      final_leverage: 5,
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
      wallet_available_usdt: 100,
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
