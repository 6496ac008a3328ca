import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/data.ts';

describe('warden run when the exchange cannot be reached', () => {
  it('fails with a message that says what to do, and no stack trace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-unreachable-'));
    try {
      const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin/warden.mjs'), 'run'], {
        cwd: dir,
        env: { PATH: process.env.PATH, BYBIT_REST_URL: 'http://127.0.0.1:9', WEB_ENABLED: 'false' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/cannot reach the exchange at http:\/\/127\.0\.0\.1:9/);
      expect(result.stderr).toMatch(/--replay/);
      expect(result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
      // A start that never ran a cycle leaves no empty journal behind.
      expect(readdirSync(dir).filter((f) => f.startsWith('warden.db'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a replay folder that does not exist', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'bin/warden.mjs'), 'run', '--replay', '/nonexistent/dir'],
      {
        env: { PATH: process.env.PATH, WEB_ENABLED: 'false' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--replay \/nonexistent\/dir: no such folder/);
  });
});
