import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.ts';
import { type Journal, openJournal, QueryService } from '../../../src/journal/index.ts';
import { startWebServer, type WebServer } from '../../../src/web/index.ts';
import { repoRoot } from '../../support/data.ts';
import { COIN, EDGE, syntheticDuel } from '../../unit/arena/synthetic-duel.ts';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(repoRoot, 'out', 'web-screenshots');

/**
 * The dashboard's Arena tab over per-decider records of a seeded synthetic market (an edge decider
 * against a coin flip), served through the query service's `arena(range)` of the journal interface.
 */
describe('the Arena tab and /api/arena', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-arena-'));
  const { calibrationEdges: _, ...records } = syntheticDuel(3, 240, [EDGE, COIN]);
  let journal: Journal;
  let withArena: WebServer;
  let plain: WebServer;

  beforeAll(async () => {
    const { config } = loadConfig({ env: { SYMBOLS: 'BTCUSDT' }, dotenvPath: null });
    journal = openJournal(path.join(dir, 'journal.db'));
    const queries = Object.assign(new QueryService(journal), { arena: () => records });
    withArena = await startWebServer({ config, journal, queries, bot: null, port: 0 });
    plain = await startWebServer({ config, journal, queries: new QueryService(journal), bot: null, port: 0 });
  }, 60_000);

  afterAll(async () => {
    await withArena?.close();
    await plain?.close();
    journal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers with every decider, its formatted rows and the paired verdict', async () => {
    const response = await fetch(`${withArena.url}/api/arena?from=2025-01-01`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.deciders.map((d: { decider: string }) => d.decider)).toEqual(['edge', 'coin']);
    expect(body.rows.find((r: { label: string }) => r.label === 'win rate').cells[0]).toMatch(/^\d+\.\d% \[/);
    expect(body.pairs[0].comparison.text).toBe('edge beats coin');
    expect((await fetch(`${withArena.url}/api/arena?bogus=1`)).status).toBe(400);
  }, 60_000);

  it('answers 404 with a reason for a range where no decider journaled anything', async () => {
    const response = await fetch(`${plain.url}/api/arena?from=2030-01-01`);
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatch(/no decider journaled anything in this range/);
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'shows the figures with intervals, the verdict, overlaid equity and calibration whiskers in Chromium',
    async () => {
      mkdirSync(SHOTS, { recursive: true });
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--no-first-run',
        ],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(withArena.url);
        await page.click('nav button[data-tab="arena"]');
        await expect
          .poll(() => page.locator('#arena-table tbody tr').count(), { timeout: 20_000 })
          .toBeGreaterThan(10);
        expect(await page.textContent('#arena-table thead')).toContain('coin');
        expect(await page.textContent('#arena-table')).toMatch(/expectancy per trade \(USDT\)\+?\d+\.\d+ \[/);
        expect(await page.textContent('#arena-pairs')).toContain('edge beats coin');
        expect(await page.textContent('#arena-legend')).toContain('■ edge');
        expect(await page.locator('#arena-equity canvas').count()).toBeGreaterThan(0);
        expect(await page.locator('#arena-calibration figure').count()).toBe(2);
        expect(await page.locator('#arena-calibration g.interval').count()).toBeGreaterThanOrEqual(2);
        expect(await page.locator('#arena-calibration g.interval title').first().textContent()).toMatch(
          /realised \d+\.\d% \[\d+\.\d%, \d+\.\d%\] on \d+ trades/,
        );
        await page.screenshot({ path: path.join(SHOTS, 'arena.png'), fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    120_000,
  );
});
