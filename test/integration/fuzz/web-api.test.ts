import { rmSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.ts';
import { type Journal, openJournal, QueryService } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { startWebServer, type WebServer } from '../../../src/web/index.ts';
import { findSecrets } from '../../soak/secrets.ts';
import { SOAK_SECRETS, tempDir } from '../../soak/setup.ts';

const TOKEN = 'fuzzWEBTOKENq1w2e3r4t5y6';
const TABLES = ['cycles', 'decisions', 'order_events', 'events', 'trading_state_changes'];

describe('fuzz: dashboard API requests', () => {
  let dir: string;
  let journal: Journal;
  let server: WebServer;

  beforeAll(async () => {
    dir = tempDir('web-fuzz');
    const journalPath = path.join(dir, 'journal.db');
    const { config } = loadConfig({
      env: { ...SOAK_SECRETS, WEB_TOKEN: TOKEN, JOURNAL_PATH: journalPath, SYMBOLS: 'BTCUSDT,ETHUSDT' },
      dotenvPath: null,
    });
    journal = openJournal(journalPath);
    server = await startWebServer({
      config,
      journal,
      queries: new QueryService(journal),
      bot: null,
      port: 0,
    });
  });
  afterAll(async () => {
    await server?.close();
    journal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const counts = () =>
    TABLES.map((t) => databaseOf(journal).prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get());

  it('answers every random request with a status below 500 and no secret, and changes nothing without the token', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'api',
        'decisions',
        'candles',
        'control',
        'halt',
        'kill',
        'pause',
        'BTCUSDT',
        '..',
        '%00',
        '999999999999',
      ),
      fc.constantFrom(
        'events',
        'trades',
        'report',
        'equity',
        'orders',
        'positions',
        'config',
        'metrics',
        '-1',
        'NaN',
      ),
      fc.string({ maxLength: 8 }).map(encodeURIComponent),
    );
    const query = fc.dictionary(
      fc.constantFrom('from', 'to', 'limit', 'offset', 'symbol', 'action', 'timeframe', 'minSeverity', 'x'),
      fc.oneof(
        fc.constantFrom('-1', '1e99', 'NaN', '', '5m', 'BTCUSDT', '2025-01-01'),
        fc.string({ maxLength: 6 }),
      ),
      { maxKeys: 3 },
    );
    const request = fc.record({
      method: fc.constantFrom('GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
      segments: fc.array(segment, { minLength: 1, maxLength: 4 }),
      query,
      body: fc.option(fc.oneof(fc.json(), fc.string({ maxLength: 40 })), { nil: undefined }),
      auth: fc.constantFrom(undefined, 'Bearer nope', `Bearer ${TOKEN.slice(0, -1)}`, 'Basic eA=='),
    });
    const samples = fc.sample(request, { numRuns: 150, seed: 42 });
    const before = counts();
    const texts: string[] = [];
    for (const r of samples) {
      const url = `${server.url}/${r.segments.join('/')}?${new URLSearchParams(r.query as Record<string, string>)}`;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (r.auth) headers.authorization = r.auth;
      const response = await fetch(url, {
        method: r.method,
        headers,
        ...(r.body !== undefined && r.method !== 'GET' ? { body: r.body } : {}),
      });
      const text = await response.text();
      texts.push(text);
      expect(response.status, `${r.method} ${url}: ${text.slice(0, 300)}`).toBeLessThan(500);
      if (r.method !== 'GET') expect(response.status, `${r.method} ${url}`).toBeGreaterThanOrEqual(400);
    }
    expect(findSecrets(texts, null, [...Object.values(SOAK_SECRETS), TOKEN])).toEqual([]);
    expect(counts()).toEqual(before);
  }, 60_000);
});
