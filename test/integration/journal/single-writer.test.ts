import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { repoRoot } from '../../support/data.ts';
import { tempJournalPath } from '../../unit/journal/stubs.ts';

const temp = tempJournalPath();
afterAll(() => temp.remove());

describe('one writer per journal, across processes', () => {
  it('refuses a second bot process while the first holds the journal, naming the holder', () => {
    const writer = openJournal(temp.file);
    try {
      const second = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(repoRoot, 'test/integration/journal/crash-writer.ts'), temp.file],
        { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
      );
      expect(second.status).not.toBe(0);
      expect(second.stdout).not.toContain('READY');
      expect(second.stderr).toContain(`already open for writing by process ${process.pid}`);
      expect(databaseOf(writer).prepare('SELECT COUNT(*) FROM cycles').pluck().get()).toBe(0);
    } finally {
      writer.close();
    }
  }, 90_000);
});
