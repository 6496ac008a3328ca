import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wardenBin } from '../../support/warden-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'warden-synthetic-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function warden(...args: string[]): string {
  return execFileSync(process.execPath, [wardenBin, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

interface Trade {
  exitReason: string;
  stops: { rule: string }[];
}

describe('warden data synthetic makes a market the baseline trades', () => {
  it('has lasting trends, ranges and a crash, on which the baseline opens, stops out, takes profit and moves stops', () => {
    const written = warden('data', 'synthetic', '--out', 'demo');
    expect(written).toMatch(
      /ETHUSDT-5m\.csv: 8,640 candles, 90 funding rates, \d+ trend \/ \d+ range \/ \d+ violent stretches, \d+ price gaps, [1-9]\d* crashes/,
    );
    const results = JSON.parse(warden('backtest', '--data', 'demo', '--symbols', 'ETHUSDT', '--json')) as {
      trades: Trade[];
    };
    expect(results.trades.length).toBeGreaterThanOrEqual(10);
    const exits = new Set(results.trades.map((t) => t.exitReason));
    expect(exits).toContain('STOP_LOSS');
    expect(exits).toContain('TAKE_PROFIT');
    expect(results.trades.some((t) => t.stops.some((s) => s.rule !== 'INITIAL'))).toBe(true);
  }, 180_000);

  it('prints the summary, the report and the HTML report in one number format, costs negative', () => {
    const summary = warden(
      'backtest',
      '--data',
      'demo',
      '--symbols',
      'ETHUSDT',
      '--html',
      'r.html',
      '--journal',
      'r.db',
    );
    const report = warden('report', '--journal', 'r.db');
    const html = readFileSync(path.join(dir, 'r.html'), 'utf8').replace(/<script[\s\S]*?<\/script>/g, '');
    for (const text of [summary, report, html]) expect(text).not.toMatch(/\d\.\d{5,}/);
    expect(summary).toMatch(
      /realised PnL \/ fees \/ funding\s+[+-]?\d+\.\d{2,4} USDT \/ -\d+\.\d{2,4} USDT \/ [+-]?\d+\.\d{2,4} USDT/,
    );
    expect(summary).toMatch(/\(fees -\d+\.\d{2,4} USDT, funding [+-]?\d+\.\d{2,4} USDT\)/);
    expect(report).toMatch(/fees \(USDT\)\s+-\d+\.\d{2,4}/);
    expect(html).toMatch(/fees \/ funding \(paid: negative\)<b>-\d+\.\d{2,4} \/ [+-]?\d+\.\d{2,4} USDT/);
    // ETHUSDT's tick is 0.01: every price in the trades table has two decimals.
    const prices = [...html.matchAll(/<td>ETHUSDT<\/td><td>(?:LONG|SHORT)<\/td><td>([^<]+)<\/td>/g)].map(
      (m) => m[1],
    );
    expect(prices.length).toBeGreaterThan(0);
    for (const price of prices) expect(price).toMatch(/^\d+\.\d{2}$/);
  }, 180_000);
});
