import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/data.ts';
import { freePort, spawnWarden, type WardenProcess } from '../../support/warden-process.ts';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = path.join(repoRoot, 'out', 'web-screenshots');

if (!existsSync(CHROMIUM)) {
  console.warn(
    `skipping the read-only dashboard browser test: ${CHROMIUM} is absent (apt-get install -y chromium)`,
  );
}

describe.skipIf(!existsSync(CHROMIUM))(
  'the read-only dashboard over a finished journal, in headless Chromium',
  () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-dashboard-browser-'));
    let dashboard: WardenProcess;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      const data = spawnWarden(
        ['data', 'synthetic', '--out', 'data', '--symbols', 'SOLUSDT,ETHUSDT', '--candles', '4000'],
        {
          cwd: dir,
        },
      );
      expect(await data.exited).toBe(0);
      const run = spawnWarden(['run', '--replay', 'data', '--journal', 'finished.db'], {
        cwd: dir,
        env: { WEB_ENABLED: 'false' },
      });
      expect(await run.exited, run.output()).toBe(0);
      dashboard = spawnWarden(['dashboard', '--journal', 'finished.db', '--port', String(await freePort())], {
        cwd: dir,
      });
      const line = await dashboard.waitFor(/dashboard on http:\/\/127\.0\.0\.1:\d+/);
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      });
      page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await page.goto(/http:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0] as string);
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      dashboard?.child.kill('SIGTERM');
      await dashboard?.exited;
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows the journal without an engine: no mode, no controls', async () => {
      await expect.poll(() => page.textContent('#mode'), { timeout: 15_000 }).toContain('journal only');
      expect(await page.textContent('#mode')).toContain('ETHUSDT, SOLUSDT');
    });

    it('lists the closed trades with net PnL, planned risk, R multiple and stop history, and filters them', async () => {
      await page.click('nav button[data-tab="trades"]');
      const rows = page.locator('#trades-table tbody tr');
      await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(1);
      const first = await rows.first().locator('td').allTextContents();
      expect(first[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      expect(first[7]).toMatch(/^[+-]?\d+\.\d{2,4}$/); // net PnL
      expect(first[10]).toMatch(/^0\.\d{4}$/); // planned risk
      expect(first[11]).toMatch(/^-?\d+\.\d{2}R$/);
      expect(first[12]).toMatch(/^\d+(\.\d+)?/); // stop history starts with the initial stop
      await page.screenshot({ path: path.join(SHOTS, 'trades.png'), fullPage: true });

      await page.selectOption('#trade-filters select[name=outcome]', 'loss');
      await page.click('#trade-filters button[type=submit]');
      await expect.poll(async () => (await page.textContent('#trades-count')) ?? '').toMatch(/of \d+/);
      // The table is redrawn when the filtered answer arrives: wait for it rather than read the old rows.
      const pnls = () => page.locator('#trades-table tbody tr td:nth-child(8)').allTextContents();
      await expect
        .poll(async () => (await pnls()).length > 0 && (await pnls()).every((pnl) => Number(pnl) <= 0), {
          timeout: 15_000,
        })
        .toBe(true);

      await page.selectOption('#trade-filters select[name=outcome]', '');
      await page.selectOption('#trade-filters select[name=exitReason]', 'TAKE_PROFIT');
      await page.click('#trade-filters button[type=submit]');
      await expect
        .poll(
          async () => new Set(await page.locator('#trades-table tbody tr td:nth-child(7)').allTextContents()),
        )
        .toEqual(new Set(['TAKE_PROFIT']));
    });

    it('shows the figures with blocked-by and calibration per prompt version, in one number format', async () => {
      await page.click('nav button[data-tab="figures"]');
      await expect
        .poll(() => page.locator('#figures-table tbody tr').count(), { timeout: 10_000 })
        .toBeGreaterThan(5);
      const figures = (await page.textContent('#figures-table')) ?? '';
      expect(figures).toContain('AI tokens in');
      for (const text of await page.locator('#figures-table td').allTextContents())
        expect(text).not.toMatch(/\d\.\d{5,}/);
      // One prompt version: "all versions" and that version are the same figures, drawdown included.
      for (const row of await page.locator('#figures-table tbody tr').all()) {
        const cells = await row.locator('td').allTextContents();
        expect(cells[1], cells[0]).toBe(cells[2]);
      }
      expect(await page.textContent('#blocked-table thead')).toContain('all versions');
      await expect.poll(() => page.locator('#calibration-chart figure').count()).toBeGreaterThan(0);
      // Each bucket with trades shows its realised win rate's 95 % interval and its trade count.
      await expect.poll(() => page.locator('#calibration-chart g.interval').count()).toBeGreaterThan(0);
      expect(await page.locator('#calibration-chart g.interval title').first().textContent()).toMatch(
        /^realised \d+\.\d+% \[\d+\.\d+%, \d+\.\d+%\] on \d+ trades \(95 % interval\)$/,
      );
      await page.screenshot({ path: path.join(SHOTS, 'figures-read-only.png'), fullPage: true });
    });
  },
);
