import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { openJournal, QueryService } from '../../../src/journal/index.ts';
import { buildKnownJournal } from '../../unit/journal/fixture.ts';
import { tempJournalPath } from '../../unit/journal/stubs.ts';

const temp = tempJournalPath();

beforeAll(() => {
  const journal = openJournal(temp.file);
  buildKnownJournal(journal);
  journal.close();
});

afterAll(() => temp.remove());

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

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
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('warden report', () => {
  it('prints the figures overall and per prompt version as a table', async () => {
    const { code, stdout } = await run('report', '--journal', temp.file);
    expect(code).toBe(0);
    expect(stdout).toMatch(/overall\s+vA\s+vB/);
    expect(stdout).toMatch(/LIMIT fill rate\s+66\.7% \(2\/3\)\s+50\.0% \(1\/2\)\s+100\.0% \(1\/1\)/);
    expect(stdout).toMatch(/net PnL \(USDT\)\s+\+1\.09\s+\+0\.9300\s+-0\.3100/);
    expect(stdout).toMatch(/LOW_SETUP_SCORE\s+2\s+1\s+1/);
  });

  it('prints the same figures as the query service with --json', async () => {
    const { code, stdout } = await run(
      'report',
      '--journal',
      temp.file,
      '--json',
      '--from',
      '2025-01-01T00:15:00Z',
    );
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as Record<string, unknown>;
    const journal = openJournal(temp.file, { readOnly: true });
    const expected = new QueryService(journal).report({ fromMs: Date.UTC(2025, 0, 1, 0, 15) });
    journal.close();
    expect(parsed).toEqual({ journal: temp.file, from: '2025-01-01T00:15:00.000Z', to: null, ...expected });
  });

  it('reads JOURNAL_PATH when no --journal is given', async () => {
    vi.stubEnv('JOURNAL_PATH', temp.file);
    const { code, stdout } = await run('report', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ journal: temp.file, overall: { decisions: 10 } });
  });

  it('never writes to the journal, even while the bot holds the writer lock', async () => {
    const before = sha(temp.file);
    await run('report', '--journal', temp.file);
    await run('decisions', 'export', '--journal', temp.file, '--out', path.join(temp.dir, 'x.json'));
    expect(sha(temp.file)).toBe(before);
    const writer = openJournal(temp.file);
    try {
      expect((await run('report', '--journal', temp.file, '--json')).code).toBe(0);
    } finally {
      writer.close();
    }
  });

  it('exits 2 with a clear message for a missing journal, a bad date or an empty range', async () => {
    const missing = await run('report', '--journal', path.join(temp.dir, 'missing.db'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/missing\.db does not exist; pass --journal PATH or set JOURNAL_PATH/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    const badDate = await run('report', '--journal', temp.file, '--from', 'yesterday');
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toMatch(/--from "yesterday" is not an ISO date/);
    const backwards = await run(
      'report',
      '--journal',
      temp.file,
      '--from',
      '2025-02-01',
      '--to',
      '2025-01-01',
    );
    expect(backwards.code).toBe(2);
    expect(backwards.stderr).toMatch(/--from \(2025-02-01\) must be before --to/);
  });

  it('exits 2 for a file that is not a journal', async () => {
    const notJournal = await run('report', '--journal', path.join(process.cwd(), 'package.json'));
    expect(notJournal.code).toBe(2);
    expect(notJournal.stderr).toMatch(/cannot read journal .*package\.json/);
  });
});

describe('warden decisions export', () => {
  it('writes ai_decisions.json for the range and says how many decisions it wrote', async () => {
    const out = path.join(temp.dir, 'ai_decisions.json');
    const { code, stdout } = await run(
      'decisions',
      'export',
      '--journal',
      temp.file,
      '--out',
      out,
      '--from',
      '2025-01-01T00:15',
      '--to',
      '2025-01-01T00:30',
    );
    expect(code).toBe(0);
    expect(stdout).toBe(`wrote 3 decisions from ${temp.file} to ${out}\n`);
    const decisions = JSON.parse(readFileSync(out, 'utf8')) as { cycle_id: string }[];
    expect(decisions.map((d) => d.cycle_id)).toEqual(['c2', 'c2', 'c2']);
  });

  it('streams the same array to stdout with --out -', async () => {
    const { code, stdout } = await run('decisions', 'export', '--journal', temp.file, '--out', '-');
    expect(code).toBe(0);
    const decisions = JSON.parse(stdout) as { id: number }[];
    expect(decisions.map((d) => d.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('exits 2 when the output cannot be written', async () => {
    const { code, stderr } = await run(
      'decisions',
      'export',
      '--journal',
      temp.file,
      '--out',
      path.join(temp.dir, 'no', 'such', 'dir.json'),
    );
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot write/);
  });
});
