import { expect } from 'vitest';
import { findForbiddenPaths } from '../../../src/decision/index.ts';

/** Every server-side-only name, in any spelling, anywhere in the serialised document. */
export function expectNoServerSideLeak(json: string): void {
  for (const word of [
    'regime',
    'pre_score',
    'range_score',
    'prescore',
    'rangescore',
    'pre-score',
    'range-score',
  ]) {
    expect(json.toLowerCase()).not.toContain(word);
  }
  expect(json).not.toMatch(/"(TREND|RANGE|TRANSITION)"/);
  expect(findForbiddenPaths(JSON.parse(json))).toEqual([]);
}
