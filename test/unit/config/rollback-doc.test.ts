import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/main.ts';
import { CONFIG_KEYS, loadConfig } from '../../../src/config/index.ts';
import { repoRoot } from '../../support/data.ts';

const DOC = readFileSync(`${repoRoot}/docs/rollback.md`, 'utf8');
const SEED_FILE = `${repoRoot}/../shared/seed/000_84bcb13732541012.txt`;
/** The seed sits beside the repository on the development machines; CI may not have it. */
const SEED = existsSync(SEED_FILE) ? readFileSync(SEED_FILE, 'utf8') : null;

/** The table rows of docs/rollback.md, one per seed step. */
const rows = DOC.split('\n').filter((line) => /^\| \d\. /.test(line));

describe('docs/rollback.md: the seed rollback steps on the LIVE profile', () => {
  it('is linked from the README', () => {
    expect(readFileSync(`${repoRoot}/README.md`, 'utf8')).toContain('(docs/rollback.md)');
  });

  it('has one row per seed rollback step, in the seed order, with what it takes on LIVE', () => {
    if (SEED !== null) {
      const seedSteps = (SEED.split('## Rollback')[1] ?? '').split('##')[0]?.match(/^\d\. .+$/gm) ?? [];
      expect(seedSteps).toHaveLength(4);
    }
    expect(rows).toHaveLength(4);
    expect(rows[0]).toContain('`ENABLE_RECOVERY_SIZING=true`');
    expect(rows[1]).toContain('`ENABLE_CONFIDENCE_LEVERAGE_ADJUST=false`');
    rows.forEach((row, i) => {
      expect(row.startsWith(`| ${i + 1}. `)).toBe(true);
      expect(row.split(' | ').length, `row ${i + 1} has its three cells`).toBe(3);
    });
  });

  it('names only variables the configuration knows', () => {
    const named = new Set([...DOC.matchAll(/`([A-Z][A-Z0-9_]{3,})(=[^`]*)?`/g)].map((m) => m[1] as string));
    expect(named.size).toBeGreaterThan(5);
    for (const name of named) expect(CONFIG_KEYS, name).toContain(name);
  });

  it('names only warden commands that exist', () => {
    const known = new Set(buildProgram().commands.map((c) => c.name()));
    const named = [...DOC.matchAll(/warden ([a-z-]+)/g)].map((m) => m[1] as string);
    expect(named.length).toBeGreaterThan(3);
    for (const name of named) expect(known, name).toContain(name);
  });

  it('states the LIVE profile facts it relies on', () => {
    const live = loadConfig({ env: { PROFILE: 'live' }, dotenvPath: null }).config;
    expect(live.ENABLE_CONFIDENCE_LEVERAGE_ADJUST).toBe(false);
    expect(live.ENABLE_RECOVERY_SIZING).toBe(false);
    expect(() =>
      loadConfig({ env: { PROFILE: 'live', ENABLE_RECOVERY_SIZING: 'true' }, dotenvPath: null }),
    ).toThrow(/ALLOW_RECOVERY_IN_LIVE/);
    const allowed = loadConfig({
      env: { PROFILE: 'live', ENABLE_RECOVERY_SIZING: 'true', ALLOW_RECOVERY_IN_LIVE: 'true' },
      dotenvPath: null,
    }).config;
    expect(allowed.ENABLE_RECOVERY_SIZING).toBe(true);
  });
});
