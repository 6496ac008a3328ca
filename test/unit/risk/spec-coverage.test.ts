import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOCK_REASONS } from '../../../src/domain/index.ts';
import { repoRoot } from '../../support/data.ts';

/** The codes of SPEC section 4 (the decision layer's AI_* codes are tested there). */
const GATE_CODES = BLOCK_REASONS.filter((code) => !code.startsWith('AI_'));

describe('SPEC section 4 coverage', () => {
  it('names every gate code in at least one test of this folder, as a specification', () => {
    const folder = path.join(repoRoot, 'test/unit/risk');
    const names = readdirSync(folder)
      .filter((file) => file.endsWith('.test.ts') && file !== 'spec-coverage.test.ts')
      .flatMap((file) => [
        ...readFileSync(path.join(folder, file), 'utf8').matchAll(
          /\bit(?:\.each\([^)]*\))?\(\s*['"`]([^'"`]+)['"`]/g,
        ),
      ])
      .map((match) => match[1] ?? '');
    const missing = GATE_CODES.filter((code) => !names.some((name) => name.includes(code)));
    expect(missing).toEqual([]);
  });
});
