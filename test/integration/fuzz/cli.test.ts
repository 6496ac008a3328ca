import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { repoRoot } from '../../support/data.ts';

/** Spawning is slow: a bounded, seeded sample of argument lists (no command that serves or downloads). */
const RUNS = 6;
const SECRET = 'fuzzSECRETz8Kq2Lm5Np';
const TABLES = [
  'cycles',
  'decisions',
  'order_events',
  'fills',
  'position_opens',
  'events',
  'equity_snapshots',
];

describe('fuzz: command-line arguments', () => {
  let dir: string;
  let journalPath: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'warden-fuzz-cli-'));
    journalPath = path.join(dir, 'journal.db');
    openJournal(journalPath).close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const rowCounts = () => {
    const journal = openJournal(journalPath, { readOnly: true });
    try {
      return TABLES.map(
        (t) => databaseOf(journal).prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number,
      );
    } finally {
      journal.close();
    }
  };

  function warden(args: string[]): Promise<{ code: number | null; signal: string | null; out: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin/warden.mjs'), ...args], {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          BYBIT_REST_URL: 'http://127.0.0.1:9',
          BYBIT_WS_PUBLIC_URL: 'ws://127.0.0.1:9',
          BYBIT_WS_PRIVATE_URL: 'ws://127.0.0.1:9',
          BYBIT_API_SECRET: SECRET,
          BYBIT_API_KEY: 'fuzzKEYa1b2c3d4',
          WEB_ENABLED: 'false',
          WEB_URL: 'http://127.0.0.1:9',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
      });
      child.stderr.on('data', (b: Buffer) => {
        out += b.toString();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, out });
      });
    });
  }

  it('exits 0, 1 or 2 with a message and no stack trace, never prints a secret, never changes the journal', async () => {
    const token = fc.oneof(
      fc.constantFrom('run', 'report', 'decisions', 'export', 'gate', 'config', 'check', 'show', 'features'),
      fc.constantFrom('prompt', 'backtest', 'pause', 'halt', 'data', 'validate', 'nonsense', '--help'),
      fc.constantFrom(
        '--journal',
        journalPath,
        '--max-cycles',
        '-1',
        '0',
        'NaN',
        '--speed',
        'fast',
        '--replay',
      ),
      fc.constantFrom(
        '/nonexistent',
        '--exchange-url',
        'ftp://x',
        '--out',
        '--from',
        '2025-13-45',
        '--symbol',
        '',
      ),
      fc.string({ maxLength: 10 }).filter((s) => !s.includes('\0')),
    );
    const argLists = fc.sample(fc.array(token, { minLength: 1, maxLength: 6 }), { numRuns: RUNS, seed: 10 });
    const before = rowCounts();
    for (const args of argLists) {
      if (args.includes('download') || args.includes('emulator') || args.includes('web')) continue;
      const run = await warden(args);
      const what = `warden ${args.join(' ')}\n${run.out.slice(-1500)}`;
      expect(run.signal, what).toBeNull();
      expect([0, 1, 2], what).toContain(run.code);
      expect(run.out, what).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      expect(run.out, what).not.toContain(SECRET);
      if (run.code !== 0) expect(run.out.trim().length, what).toBeGreaterThan(0);
    }
    expect(rowCounts()).toEqual(before);
  }, 240_000);
});
