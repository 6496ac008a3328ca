import { readFileSync } from 'node:fs';

/** SciPy's figures, computed offline by test/fixtures/arena/make-reference.py (source named inside). */
export interface Reference {
  source: string;
  nets: number[];
  mean: { bca: [number, number]; percentile: [number, number] };
  profitFactor: { bca: [number, number]; percentile: [number, number] };
  wilson: { events: number; n: number; low: number; high: number }[];
  normalCdf: [number, number][];
  normalQuantile: [number, number][];
}

export const reference: Reference = JSON.parse(
  readFileSync(new URL('../../fixtures/arena/reference.json', import.meta.url), 'utf8'),
);
