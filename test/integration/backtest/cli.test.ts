import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type BacktestCliOptions, backtestCommand } from '../../../src/cli/commands/backtest.ts';
import { UsageError } from '../../../src/cli/errors.ts';
import { dataFile, hasRealData, repoRoot } from '../../support/data.ts';

const run = promisify(execFile);
const warden = path.join(repoRoot, 'bin', 'warden.mjs');
const dir = mkdtempSync(path.join(tmpdir(), 'warden-backtest-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function backtest(...args: string[]) {
  return run(process.execPath, [warden, 'backtest', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe.skipIf(!hasRealData)('warden backtest', () => {
  const common = ['--data', dataFile('bybit-linear'), '--symbols', 'BTCUSDT,ETHUSDT', '--to', '2025-01-09'];

  it('prints the same JSON bytes twice, keeps the journal it was asked to, and writes the HTML report', async () => {
    const journal = path.join(dir, 'bt.db');
    const html = path.join(dir, 'bt.html');
    const first = await backtest(...common, '--json', '--journal', journal, '--html', html);
    const second = await backtest(...common, '--json');
    expect(second.stdout).toBe(first.stdout);
    const results = JSON.parse(first.stdout);
    expect(results.run.symbols).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(results.run.decider.provider).toBe('baseline');
    expect(first.stdout).not.toMatch(/"(latencyMs|startedAtMs)"/);
    expect(readFileSync(journal).subarray(0, 15).toString()).toBe('SQLite format 3');
    expect(readFileSync(html, 'utf8')).toContain('<!doctype html>');
    expect(first.stderr).toBe('');
  }, 180_000);

  it('prints a terminal summary without a progress bar when stderr is not a terminal', async () => {
    const { stdout, stderr } = await backtest(...common);
    expect(stdout).toMatch(/return\s+-?\d+\.\d+%/);
    expect(stdout).toContain('max drawdown');
    expect(stdout).toContain('exposure (time in market)');
    expect(stderr).not.toContain('█');
  }, 120_000);

  it('says what to fix for a wrong folder, a bad date or an unknown decider', async () => {
    const opts = (o: Partial<BacktestCliOptions>): BacktestCliOptions => ({
      data: dataFile('bybit-linear'),
      symbols: 'BTCUSDT',
      llmCache: path.join(dir, 'cache.jsonl'),
      funding: true,
      envFile: path.join(dir, 'none.env'),
      ...o,
    });
    await expect(backtestCommand(opts({ data: path.join(dir, 'nowhere') }))).rejects.toThrow(
      /no such folder/,
    );
    await expect(backtestCommand(opts({ from: 'yesterday' }))).rejects.toThrow(/--from must be a date/);
    await expect(backtestCommand(opts({ decider: 'oracle' }))).rejects.toThrow(/--decider must be one of/);
    await expect(backtestCommand(opts({ symbols: 'DOGEUSDT' }))).rejects.toThrow(
      /no 5m candles for DOGEUSDT/,
    );
    await expect(backtestCommand(opts({ data: path.join(dir, 'nowhere') }))).rejects.toBeInstanceOf(
      UsageError,
    );
  }, 60_000);
});
