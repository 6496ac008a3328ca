import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../support/data.ts';

/** A recorded Bybit payload from test/fixtures/bybit. */
// biome-ignore lint/suspicious/noExplicitAny: recorded payloads are read loosely by tests
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(path.join(repoRoot, 'test/fixtures/bybit', name), 'utf8')) as T;
}
