import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Journal, openJournal } from '../../../src/journal/index.ts';
import { renderMetrics } from '../../../src/web/metrics.ts';
import { buildKnownJournal } from '../journal/fixture.ts';
import { tempJournalPath } from '../journal/stubs.ts';
import { type ParsedFamily, parsePrometheusText } from './prometheus-parser.ts';

let temp: ReturnType<typeof tempJournalPath>;
let journal: Journal;
let families: Map<string, ParsedFamily>;

const live = {
  tradingState: 'ACTIVE',
  exchangeReachable: true,
  positions: [],
  pendingOrders: [],
  openRiskUsdt: 0,
  openRiskCapUsdt: 1.5,
  cyclesRun: 3,
};

beforeAll(() => {
  temp = tempJournalPath();
  const writer = openJournal(temp.file);
  buildKnownJournal(writer);
  writer.close();
  journal = openJournal(temp.file, { readOnly: true });
  families = new Map(parsePrometheusText(renderMetrics(journal, live)).map((f) => [f.name, f]));
});

afterAll(() => {
  journal.close();
  temp.remove();
});

/** value of the sample with exactly these labels */
function sample(name: string, labels: Record<string, string>): number | undefined {
  const family = families.get(name);
  expect(family, name).toBeDefined();
  return family?.samples.find(
    (s) =>
      Object.keys(s.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  )?.value;
}

// The figures are worked out by hand in test/unit/journal/queries.test.ts (prompt versions vA, vB).
describe("/metrics: the seed's five key figures, labelled by prompt version", () => {
  it('average position size', () => {
    expect(sample('warden_average_position_size_usdt', { prompt_version: 'vA' })).toBeCloseTo(50, 10);
    expect(sample('warden_average_position_size_usdt', { prompt_version: 'vB' })).toBeCloseTo(25, 10);
    expect(sample('warden_average_position_size_usdt', { prompt_version: 'all' })).toBeCloseTo(35, 10);
  });

  it('max drawdown (a version from its trades, all from the equity snapshots)', () => {
    expect(sample('warden_max_drawdown_usdt', { prompt_version: 'vA' })).toBe(0);
    expect(sample('warden_max_drawdown_usdt', { prompt_version: 'vB' })).toBeCloseTo(0.31, 10);
    expect(sample('warden_max_drawdown_usdt', { prompt_version: 'all' })).toBeCloseTo(1.5, 10);
  });

  it('HOLD decisions', () => {
    expect(families.get('warden_hold_decisions_total')?.type).toBe('counter');
    expect(sample('warden_hold_decisions_total', { prompt_version: 'vA' })).toBe(2);
    expect(sample('warden_hold_decisions_total', { prompt_version: 'vB' })).toBe(2);
  });

  it('LIMIT fill rate', () => {
    expect(sample('warden_limit_fill_rate', { prompt_version: 'vA' })).toBe(0.5);
    expect(sample('warden_limit_fill_rate', { prompt_version: 'vB' })).toBe(1);
    expect(sample('warden_limit_fill_rate', { prompt_version: 'all' })).toBeCloseTo(2 / 3, 12);
  });

  it('blocked decisions per constraint', () => {
    const blocked = families.get('warden_blocked_decisions_total')?.samples ?? [];
    expect(
      blocked
        .map((s) => [s.labels.prompt_version, s.labels.code, s.value])
        .sort((a, b) => String(a).localeCompare(String(b))),
    ).toEqual([
      ['vA', 'LOW_SETUP_SCORE', 1],
      ['vA', 'SYMBOL_ALREADY_OPEN', 1],
      ['vB', 'AI_INVALID_OUTPUT', 1],
      ['vB', 'LOW_SETUP_SCORE', 1],
      ['vB', 'SL_TOO_WIDE', 1],
    ]);
  });
});
