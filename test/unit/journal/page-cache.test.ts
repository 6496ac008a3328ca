import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';

describe('the journal page cache', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-page-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cacheSize = (options: Parameters<typeof openJournal>[1], name: string): unknown => {
    const journal = openJournal(path.join(dir, name), options);
    try {
      return databaseOf(journal).pragma('cache_size', { simple: true });
    } finally {
      journal.close();
    }
  };

  it('is the size a run asks for, in KiB', () => {
    expect(cacheSize({ pageCacheKiB: 4096 }, 'run.db')).toBe(-4096);
  });

  it('stays at better-sqlite3’s default when none is asked for', () => {
    expect(cacheSize({}, 'default.db')).toBe(-16000);
  });
});
