import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, renderConfigTable, replaceConfigTable } from '../../../src/config/index.ts';
import { repoRoot } from '../../support/data.ts';

const DOC = `${repoRoot}/docs/configuration.md`;

describe('configuration reference', () => {
  it('docs/configuration.md holds the table generated from the schema (run `warden config table --write docs/configuration.md`)', () => {
    const document = readFileSync(DOC, 'utf8');
    expect(replaceConfigTable(document)).toBe(document);
  });

  it('README.md holds the same table (run `warden config table --write README.md`)', () => {
    const document = readFileSync(`${repoRoot}/README.md`, 'utf8');
    expect(replaceConfigTable(document)).toBe(document);
  });

  it('lists every variable of the schema exactly once', () => {
    const table = renderConfigTable();
    for (const key of CONFIG_KEYS) {
      expect({
        key,
        rows: table.split('\n').filter((line) => line.startsWith(`| \`${key}\` `)).length,
      }).toEqual({
        key,
        rows: 1,
      });
    }
  });

  it('shows both profiles where they differ', () => {
    expect(renderConfigTable()).toMatch(/\| `MAX_LOSS_USDT_PER_TRADE` +\| `0\.35` +\| `1` +\|/);
    expect(renderConfigTable()).toMatch(/\| `ENABLE_RECOVERY_SIZING` +\| `false` +\| `true` +\|/);
  });

  it('refuses a document without markers', () => {
    expect(() => replaceConfigTable('# no markers')).toThrow(/markers/);
  });
});
