import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
});
