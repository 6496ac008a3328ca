import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../../src/backtest/html.ts';
import { buildResults } from '../../../src/backtest/results.ts';
import { loadSeries, runBacktest } from '../../../src/backtest/run.ts';
import { renderSummary } from '../../../src/backtest/summary.ts';
import { loadConfig } from '../../../src/config/index.ts';
import { BaselineDecider } from '../../../src/decision/index.ts';
import { formatPct } from '../../../src/domain/format.ts';
import type { CalibrationBucket } from '../../../src/journal/index.ts';
import { dataFile, hasRealData } from '../../support/data.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`skipping the HTML report screenshot: ${CHROMIUM} is absent (apt-get install -y chromium)`);

describe.skipIf(!hasRealData || !hasChromium)('the HTML report in headless Chromium', () => {
  let dir: string;
  let htmlFile: string;
  let html: string;
  let summary: string;
  let calibration: CalibrationBucket[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'warden-report-'));
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    const { config } = loadConfig({ env: { SYMBOLS: symbols.join(',') }, dotenvPath: null });
    const decider = new BaselineDecider();
    const run = await runBacktest({
      config,
      series: loadSeries(dataFile('bybit-linear'), symbols, 'required'),
      decider,
      toMs: Date.parse('2025-01-14T00:00:00Z'),
    });
    try {
      const results = await buildResults(run, {
        decider: { provider: decider.provider, model: decider.model },
      });
      expect(results.trades.length).toBeGreaterThan(0);
      html = renderHtmlReport(results, run.series, run.fromMs, run.toMs);
      summary = renderSummary(results);
      calibration = results.figures.calibration;
    } finally {
      run.close();
    }
    htmlFile = path.join(dir, 'report.html');
    writeFileSync(htmlFile, html);
  }, 180_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is one self-contained file: no script or style is fetched from anywhere', () => {
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link[^>]+href=/i);
    expect(html).toContain('LightweightCharts');
  });

  it('shows each calibration bucket with its trade count and 95 % interval, in the HTML and the summary', () => {
    const used = calibration.filter((b) => b.trades > 0);
    expect(used.length).toBeGreaterThan(0);
    expect(html).toContain('95 % interval (Wilson)');
    expect(html.match(/class="whisker"/g)?.length).toBe(used.length);
    for (const b of used) {
      expect(b.winRateLow).toBeLessThanOrEqual(b.winRate as number);
      expect(b.winRateHigh).toBeGreaterThanOrEqual(b.winRate as number);
      expect(html).toContain(`<td>${b.trades}</td>`);
      expect(html).toContain(`${formatPct(b.winRateLow)} – ${formatPct(b.winRateHigh)}`);
      expect(summary).toContain(
        `${String(b.trades).padStart(5)} trades  ${(b.meanConfidence as number).toFixed(1)} → ${formatPct(b.winRate)} [${formatPct(b.winRateLow)}, ${formatPct(b.winRateHigh)}]`,
      );
    }
  });

  it('opens without a page error, draws every chart and takes a screenshot', async () => {
    const browser = await chromium.launch({
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
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('request', (r) => {
        if (!r.url().startsWith('file://')) requests.push(r.url());
      });
      await page.goto(`file://${htmlFile}`);
      await page.waitForFunction(
        () => (window as unknown as { __reportReady?: boolean }).__reportReady === true,
        null,
        {
          timeout: 30_000,
        },
      );
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      // Equity, drawdown and one price chart per symbol, each drawn on canvases of real size.
      expect(
        await page.evaluate(() => (window as unknown as { __reportCharts: number }).__reportCharts),
      ).toBe(4);
      const sizes = await page.$$eval('.chart canvas', (all) =>
        all.map((c) => (c as HTMLCanvasElement).width),
      );
      expect(sizes.length).toBeGreaterThanOrEqual(4);
      expect(Math.max(...sizes)).toBeGreaterThan(500);
      const shot = path.join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(50_000);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
