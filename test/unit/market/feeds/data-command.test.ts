import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dataGroup, registerDataCommand } from '../../../../src/cli/commands/data.ts';
import { main } from '../../../../src/cli/main.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'warden-data-cli-'));
const T0 = Date.UTC(2025, 0, 1);
const good = path.join(dir, 'GOOD-5m.csv');
writeFileSync(
  good,
  `ts,open,high,low,close,volume\n${[0, 1, 2].map((i) => `${T0 + i * 300_000},100,101,99,100,1`).join('\n')}\n`,
);
const bad = path.join(dir, 'BAD-5m.csv');
writeFileSync(
  bad,
  `ts,open,high,low,close,volume\n${T0},100,101,99,100,1\n${T0 + 300_000},100,99,101,100,1\n`,
);

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('warden data validate', () => {
  it('prints rows, span and interval and exits 0 for clean files', async () => {
    const { code, out } = await run('data', 'validate', good);
    expect(code).toBe(0);
    expect(out).toContain(`${good}: OK`);
    expect(out).toMatch(/rows\s+3/);
    expect(out).toContain('first     2025-01-01T00:00:00.000Z');
    expect(out).toContain('last      2025-01-01T00:10:00.000Z');
    expect(out).toMatch(/interval\s+5m/);
  });

  it('lists each problem with its line and exits 2 when any file has one', async () => {
    const { code, out, err } = await run('data', 'validate', good, bad, path.join(dir, 'missing.csv'));
    expect(code).toBe(2);
    expect(out).toContain(`${bad}: 1 problem(s)`);
    expect(out).toContain('line 3: high (99) is below low (101)');
    expect(out).toContain('cannot read: file not found');
    expect(err).toContain('2 of 3 file(s) have problems');
  });

  it('checks an expected interval and refuses an unknown one', async () => {
    expect((await run('data', 'validate', '--interval', '15m', good)).out).toContain(
      'not aligned to the 15m interval',
    );
    const unknown = await run('data', 'validate', '--interval', '7m', good);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--interval must be one of');
  });
});

describe('dataGroup', () => {
  it('lets another file attach a subcommand to the same `data` group in any order', () => {
    const program = new Command('warden');
    dataGroup(program).command('download');
    registerDataCommand(program);
    const groups = program.commands.filter((c) => c.name() === 'data');
    expect(groups).toHaveLength(1);
    expect(groups[0]?.commands.map((c) => c.name()).sort()).toEqual(['download', 'synthetic', 'validate']);
  });
});

describe('warden data synthetic', () => {
  it('writes seeded files that validate, the same for the same seed, and refuses to overwrite', async () => {
    const out = path.join(dir, 'synthetic');
    const first = await run(
      'data',
      'synthetic',
      '--out',
      out,
      '--seed',
      '4',
      '--symbols',
      'BTCUSDT',
      '--candles',
      '600',
    );
    expect(first.code).toBe(0);
    expect(first.out).toContain('600 candles');
    const file = path.join(out, 'BTCUSDT-5m.csv');
    const written = readFileSync(file, 'utf8');
    expect((await run('data', 'validate', file, path.join(out, 'BTCUSDT-funding.csv'))).code).toBe(0);
    const again = await run(
      'data',
      'synthetic',
      '--out',
      out,
      '--seed',
      '4',
      '--symbols',
      'BTCUSDT',
      '--candles',
      '600',
    );
    expect(again.code).toBe(2);
    expect(again.err).toContain('exists; pass --force');
    await run(
      'data',
      'synthetic',
      '--out',
      out,
      '--seed',
      '4',
      '--symbols',
      'BTCUSDT',
      '--candles',
      '600',
      '--force',
    );
    expect(readFileSync(file, 'utf8')).toBe(written);
    expect((await run('data', 'synthetic', '--out', out, '--gaps', '2')).err).toContain(
      '--gaps must be a chance',
    );
  });
});
