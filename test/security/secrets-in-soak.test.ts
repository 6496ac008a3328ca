import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.ts';
import type { WardenConfig } from '../../src/config/schema.ts';
import { openJournal, QueryService, writeDecisionsJson } from '../../src/journal/index.ts';
import { startWebServer } from '../../src/web/index.ts';
import { runEmulatorSoak } from '../soak/emulator.ts';
import { runPaperWindow } from '../soak/paper.ts';
import { findSecrets } from '../soak/secrets.ts';
import { loadGroup, SOAK_GROUPS, SOAK_SECRETS, seededRandom, tempDir } from '../soak/setup.ts';
import { emptyStats } from '../soak/stats.ts';
import { dataDir, hasRealData } from '../support/data.ts';

const SECRETS = Object.values(SOAK_SECRETS);

/**
 * SPEC section 10: a short soak (chaos decider, paper and emulator with faults) with fake secrets
 * seeded in the configuration; then every log line, journal byte, export, report, API response and
 * error it produced is searched for those secrets.
 */
describe.skipIf(!hasRealData)('no configured secret in anything a soak produces', () => {
  let dir: string;
  let config: WardenConfig;
  const logLines: string[] = [];
  const stats = emptyStats();

  beforeAll(async () => {
    dir = tempDir('security');
    const group = SOAK_GROUPS[0] as (typeof SOAK_GROUPS)[number];
    config = await runPaperWindow(
      { group, data: loadGroup(dataDir, group), startIndex: 30_000, cycles: 80, seed: 11, dir },
      stats,
      logLines,
    );
    await runEmulatorSoak(
      { root: dataDir, cycles: 8, seed: 12, dir, rnd: seededRandom(12) },
      stats,
      logLines,
    );
  }, 150_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ran real cycles with trades and produced log lines, without a single invariant violation', () => {
    expect(stats.cycles).toBeGreaterThanOrEqual(80);
    expect(stats.approvals).toBeGreaterThan(0);
    expect(logLines.length).toBeGreaterThan(100);
    expect(stats.violations).toEqual([]);
  });

  it('logs no secret, and the journals hold none in any byte', () => {
    expect(findSecrets(logLines, dir)).toEqual([]);
  });

  it('the decisions export and the report of every journal hold no secret', () => {
    const outputs: string[] = [];
    for (const name of ['paper-bybit-linear-30000.db', 'emulator.db']) {
      const journal = openJournal(path.join(dir, name), { readOnly: true });
      try {
        const chunks: string[] = [];
        const { count } = writeDecisionsJson(journal, (chunk) => chunks.push(chunk));
        expect(count).toBeGreaterThan(0);
        outputs.push(chunks.join(''), JSON.stringify(new QueryService(journal).report()));
      } finally {
        journal.close();
      }
    }
    expect(findSecrets(outputs, null)).toEqual([]);
  });

  it('the dashboard API answers every page without a secret', async () => {
    const journal = openJournal(path.join(dir, 'paper-bybit-linear-30000.db'), { readOnly: true });
    const server = await startWebServer({
      config,
      journal,
      queries: new QueryService(journal),
      bot: null,
      port: 0,
    });
    try {
      const texts: string[] = [];
      for (const p of [
        '/healthz',
        '/metrics',
        '/api/state',
        '/api/overview',
        '/api/report',
        '/api/decisions',
        '/api/trades',
        '/api/events?minSeverity=debug',
        '/api/config',
        '/api/equity',
        '/api/decisions/1',
        '/api/nope',
      ]) {
        const response = await fetch(server.url + p);
        texts.push(await response.text());
      }
      expect(texts.join('').length).toBeGreaterThan(1000);
      expect(findSecrets(texts, null)).toEqual([]);
    } finally {
      await server.close();
      journal.close();
    }
  });

  it('a configuration error names the variable but never repeats a secret value', () => {
    const attempts = [
      {
        ...SOAK_SECRETS,
        BYBIT_API_SECRET: `${SOAK_SECRETS.BYBIT_API_SECRET} spaced`,
        MAX_LOSS_USDT_PER_TRADE: 'x',
      },
      { ...SOAK_SECRETS, AI_PROVIDER: 'openai', AI_BASE_URL: `http://${SOAK_SECRETS.AI_API_KEY}@example` },
      { ...SOAK_SECRETS, TRADING_MODE: SOAK_SECRETS.BYBIT_API_KEY },
    ];
    const messages: string[] = [];
    for (const env of attempts) {
      try {
        loadConfig({ env, dotenvPath: null });
        messages.push('');
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        messages.push((error as Error).message);
      }
    }
    expect(messages.filter((m) => m.length > 0).length).toBeGreaterThan(0);
    expect(findSecrets(messages, null, [...SECRETS, `${SOAK_SECRETS.BYBIT_API_SECRET} spaced`])).toEqual([]);
  });

  it('the soak log capture would catch a leak (the search is not blind)', () => {
    const leaked = [...logLines, `{"msg":"oops ${SOAK_SECRETS.BYBIT_API_SECRET}"}`];
    expect(findSecrets(leaked, null)).toHaveLength(1);
    expect(readFileSync(path.join(dir, 'emulator.db')).length).toBeGreaterThan(0);
  });
});
