import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRealData, repoRoot } from '../../support/data.ts';
import { type ReplayBotServer, replayBotServer } from '../../support/web-bot.ts';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'browser-test-token-0123456789';
const SHOTS = path.join(repoRoot, 'out', 'web-screenshots');

if (!existsSync(CHROMIUM)) {
  console.warn(`skipping the dashboard browser test: ${CHROMIUM} is absent (apt-get install -y chromium)`);
}

describe.skipIf(!hasRealData || !existsSync(CHROMIUM))(
  'the dashboard in headless Chromium over a replayed bot',
  () => {
    let bot: ReplayBotServer;
    let browser: Browser;
    let page: Page;
    const dialogs: string[] = [];

    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      bot = await replayBotServer(300, { WEB_TOKEN: TOKEN });
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
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.accept();
      });
      await page.goto(bot.server.url);
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await bot?.close();
    });

    it('shows the trading state, the open positions with their stops and the equity chart', async () => {
      await expect.poll(() => page.textContent('#trading-state'), { timeout: 15_000 }).toBe('ACTIVE');
      const row = page.locator('#positions-table tbody tr').first();
      await row.waitFor();
      const cells = await row.locator('td').allTextContents();
      const position = (await (await fetch(`${bot.server.url}/api/positions`)).json()).positions[0];
      expect(cells[0]).toBe(position.symbol);
      expect(cells[1]).toBe(position.side);
      expect(cells[5]).not.toBe('–'); // stop
      expect(cells[7]).toMatch(/^-?\d+\.\d\d%$/); // distance to stop
      // lightweight-charts draws into canvases inside the container once it has data.
      await expect
        .poll(() => page.locator('#equity-chart canvas').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      await expect.poll(() => page.textContent('#live'), { timeout: 10_000 }).toBe('● live');
      expect(await page.textContent('#open-risk')).toMatch(/^\d+\.\d{2,4} \/ 1\.50 USDT$/);
      await page.screenshot({ path: path.join(SHOTS, 'overview.png'), fullPage: true });
    });

    it('opens a decision row into its input snapshot, prompt, raw response and verdict', async () => {
      await page.click('nav button[data-tab="decisions"]');
      const first = page.locator('#decisions-table tbody tr').first();
      await first.waitFor();
      expect(await page.textContent('#decisions-count')).toMatch(/of 600$/);
      await page.selectOption('#decision-filters select[name=action]', 'OPEN_LONG');
      await page.click('#decision-filters button[type=submit]');
      await expect
        .poll(() => page.locator('#decisions-table tbody tr td:nth-child(5)').first().textContent())
        .toBe('OPEN_LONG');
      await page.locator('#decisions-table tbody tr').first().click();
      await page.locator('#decision-detail').waitFor({ state: 'visible' });
      expect(await page.textContent('#detail-snapshot')).toContain('markPrice');
      expect((await page.textContent('#detail-prompt'))?.length ?? 0).toBeGreaterThan(100);
      expect(await page.textContent('#detail-response')).toMatch(/OPEN_LONG/);
      expect(await page.textContent('#detail-verdict')).toContain('"finalAction": "OPEN_LONG"');
      await page.screenshot({ path: path.join(SHOTS, 'decision-detail.png'), fullPage: true });
    });

    it('draws the symbol chart and the figures with the calibration chart', async () => {
      await page.click('nav button[data-tab="charts"]');
      await expect
        .poll(() => page.locator('#symbol-chart canvas').count(), { timeout: 10_000 })
        .toBeGreaterThan(0);
      const traded = (await (await fetch(`${bot.server.url}/api/positions`)).json()).positions[0].symbol;
      await Promise.all([
        page.waitForResponse((r) => r.url().includes(`/api/candles/${traded}`)),
        page.selectOption('#chart-symbol', traded),
      ]);
      await page.waitForTimeout(300);
      expect(await page.locator('#chart-error').isHidden()).toBe(true);
      await page.screenshot({ path: path.join(SHOTS, 'chart.png') });
      await page.click('nav button[data-tab="figures"]');
      await expect
        .poll(() => page.locator('#figures-table tbody tr').count(), { timeout: 10_000 })
        .toBeGreaterThan(5);
      expect(await page.textContent('#figures-table')).toContain('LIMIT fill rate');
      await expect.poll(() => page.locator('#calibration-chart svg text').count()).toBeGreaterThan(6);
      await page.screenshot({ path: path.join(SHOTS, 'figures.png'), fullPage: true });
    });

    it('refuses a control without the token and applies it with the token, after a confirmation', async () => {
      await page.click('nav button[data-tab="controls"]');
      await page.fill('#control-token', '');
      await page.click('button[data-command="pause"]');
      await expect.poll(() => page.textContent('#control-result')).toMatch(/pause refused \(401\)/);
      expect(bot.engine.tradingState).toBe('ACTIVE');
      await page.fill('#control-token', TOKEN);
      await page.fill('#control-note', 'browser test');
      await page.click('button[data-command="pause"]');
      await expect
        .poll(() => page.textContent('#control-result'))
        .toMatch(/pause applied: trading state REDUCING/);
      expect(bot.engine.tradingState).toBe('REDUCING');
      await expect.poll(() => page.textContent('#trading-state')).toBe('REDUCING');
      expect(dialogs.filter((d) => d.includes('"pause"'))).toHaveLength(2);
      await page.screenshot({ path: path.join(SHOTS, 'controls.png'), fullPage: true });
    });
  },
);
