import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wardenBin } from '../../support/warden-process.ts';

/**
 * Permissions only bind a user other than root: as root, the commands run as `nobody`
 * (uid/gid 65534), as any other user they run as that user.
 */
const asRoot = process.getuid?.() === 0;
const runAs = asRoot ? { uid: 65534, gid: 65534 } : {};
const dir = mkdtempSync(path.join(tmpdir(), 'warden-journal-files-'));
chmodSync(dir, 0o755);
const data = path.join(dir, 'data');
const journal = path.join(dir, 'made.db');

function warden(args: string[], options: { as?: boolean } = {}) {
  const result = spawnSync(process.execPath, [wardenBin, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', WEB_ENABLED: 'false', HOME: dir },
    encoding: 'utf8',
    timeout: 120_000,
    ...(options.as ? runAs : {}),
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  expect(warden(['data', 'synthetic', '--out', data, '--candles', '1400']).status).toBe(0);
  const made = warden(['run', '--replay', data, '--max-cycles', '3', '--journal', journal]);
  expect(made.status, made.out).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function readOnlyCopy(name: string): string {
  const folder = path.join(dir, name);
  mkdirSync(folder);
  const file = path.join(folder, 'journal.db');
  copyFileSync(journal, file);
  if (asRoot) {
    chownSync(folder, 0, 0);
    chownSync(file, 0, 0);
  }
  chmodSync(file, 0o444);
  chmodSync(folder, 0o555);
  return file;
}

describe('journals in awkward places', () => {
  it('reports on a journal in a read-only folder, without WAL side files', () => {
    const file = readOnlyCopy('ro-folder');
    const result = warden(['report', '--journal', file], { as: true });
    expect(result.out).toMatch(/^Warden report — journal /);
    expect(result.status).toBe(0);
  });

  it('says that a read-only journal cannot take the bot, naming its path', () => {
    const file = readOnlyCopy('ro-file');
    chmodSync(path.dirname(file), 0o777);
    const result = warden(['run', '--replay', data, '--journal', file], { as: true });
    expect(result.status).toBe(2);
    expect(result.out).toContain(`journal ${file} is read-only: the bot appends to its journal`);
    expect(result.out).not.toMatch(/Warden starting/);
  });

  it('says that a read-only folder cannot hold a new journal', () => {
    const folder = path.dirname(readOnlyCopy('ro-new'));
    const result = warden(['run', '--replay', data, '--journal', path.join(folder, 'new.db')], { as: true });
    expect(result.status).toBe(2);
    expect(result.out).toContain(`cannot write in ${folder}, the folder of journal`);
  });

  it('says that a directory is not a journal, to the bot and to reports', () => {
    for (const args of [['run', '--replay', data], ['report'], ['dashboard']]) {
      const result = warden([...args, '--journal', data]);
      expect(result.status).toBe(2);
      expect(result.out).toContain(`journal ${data} is a directory: give the journal file`);
    }
  });
});
