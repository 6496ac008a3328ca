import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { BaselineDecider } from '../../../src/decision/index.ts';
import { openJournal, QueryService } from '../../../src/journal/index.ts';
import { configFor, runSyntheticEngine } from '../../support/synthetic-run.ts';

/** `warden arena` over a real journal: a baseline lead and a chaos shadow on one seeded synthetic feed. */

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

interface JsonInterval {
  estimate: number | string;
  low: number | string;
  high: number | string;
  method: string;
  n: number;
}

describe('warden arena over a journal with a lead and a shadow', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-arena-cli-'));
  const file = path.join(dir, 'arena.db');

  beforeAll(async () => {
    const config = configFor(['BTCUSDT', 'ETHUSDT'], { AI_SHADOW_DECIDERS: 'chaos' });
    const run = await runSyntheticEngine({
      config,
      decider: new BaselineDecider(),
      cycles: 480,
      seed: 5,
      journalPath: file,
    });
    run.close();
  }, 300_000);

  afterEach(() => vi.restoreAllMocks());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives per-decider figures with intervals and a paired verdict with --json', async () => {
    const { code, stdout } = await run('arena', '--journal', file, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.journal).toBe(file);
    expect(report.deciders.map((d: { decider: string; role: string }) => [d.decider, d.role])).toEqual([
      ['baseline', 'lead'],
      ['chaos', 'shadow'],
    ]);
    expect(report.days).toBeGreaterThanOrEqual(5);
    for (const d of report.deciders) {
      expect(d.decisions, d.decider).toBeGreaterThan(0);
      expect(d.invalidOutputRate.method).toBe('wilson');
      expect(d.maxDrawdownUsdt.method).toBe('block-percentile');
      const figures: (JsonInterval | null)[] = [d.invalidOutputRate, d.maxDrawdownUsdt];
      if (d.trades >= 2) figures.push(d.expectancyUsdt, d.winRate, d.profitFactor);
      for (const i of figures) {
        if (i === null || typeof i.low !== 'number' || typeof i.estimate !== 'number') continue;
        expect(i.low).toBeLessThanOrEqual(i.estimate);
      }
    }
    const lead = report.deciders[0];
    const journal = openJournal(file, { readOnly: true });
    try {
      // The lead's trades are the account's: the same count as `warden report`.
      expect(lead.trades).toBe(new QueryService(journal).report().overall.closedTrades);
    } finally {
      journal.close();
    }
    const pair = report.pairs[0];
    expect([pair.a, pair.b]).toEqual(['baseline', 'chaos']);
    expect(pair.comparison.buckets).toBe(report.days);
    expect(pair.comparison.text).toMatch(
      /^(baseline beats chaos|chaos beats baseline|no evidence of a difference yet)/,
    );
  }, 120_000);

  it('prints the table with intervals and writes the HTML with overlaid equity curves', async () => {
    const html = path.join(dir, 'arena.html');
    const { code, stdout } = await run('arena', '--journal', file, '--html', html);
    expect(code).toBe(0);
    expect(stdout).toMatch(/baseline\s+chaos/);
    expect(stdout).toMatch(/invalid-output rate\s+\d+\.\d+% \[/);
    expect(stdout).toContain('baseline − chaos: ');
    expect(existsSync(html)).toBe(true);
    expect(readFileSync(html, 'utf8').match(/<polyline/g)?.length).toBe(2);
  }, 120_000);

  it('refuses a range with nothing in it, saying so', async () => {
    const { code, stderr } = await run('arena', '--journal', file, '--from', '2030-01-01');
    expect(code).toBe(1);
    expect(stderr).toMatch(/no decider journaled anything in this range/);
  });
});
