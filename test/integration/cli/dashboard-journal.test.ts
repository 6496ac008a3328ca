import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnWarden, type WardenProcess } from '../../support/warden-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'warden-dashboard-journal-'));
const journal = path.join(dir, 'finished.db');
let dashboard: WardenProcess;
let url = '';

beforeAll(async () => {
  const data = spawnWarden(
    ['data', 'synthetic', '--out', 'data', '--symbols', 'SOLUSDT,ETHUSDT', '--candles', '3000'],
    { cwd: dir },
  );
  expect(await data.exited).toBe(0);
  const run = spawnWarden(['run', '--replay', 'data', '--journal', journal], {
    cwd: dir,
    env: { WEB_ENABLED: 'false' },
  });
  expect(await run.exited, run.output()).toBe(0);
  dashboard = spawnWarden(['dashboard', '--journal', journal, '--port', String(await freePort())], {
    cwd: dir,
  });
  const line = await dashboard.waitFor(/dashboard on http:\/\/127\.0\.0\.1:\d+/);
  url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0] as string;
}, 180_000);

afterAll(async () => {
  dashboard?.child.kill('SIGTERM');
  await dashboard?.exited;
  rmSync(dir, { recursive: true, force: true });
});

describe('warden dashboard --journal FILE', () => {
  it('serves the dashboard, its icon and the journal of a finished run, read-only', async () => {
    expect(dashboard.output()).toContain('read-only: no engine, no controls');
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('rel="icon"');
    const icon = await fetch(`${url}/favicon.ico`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    const state = (await (await fetch(`${url}/api/state`)).json()) as { controlsEnabled: boolean };
    expect(state.controlsEnabled).toBe(false);
    const trades = (await (await fetch(`${url}/api/trades?limit=500`)).json()) as { total: number };
    expect(trades.total).toBeGreaterThan(0);
    const decisions = (await (await fetch(`${url}/api/decisions?symbol=SOLUSDT`)).json()) as {
      total: number;
    };
    expect(decisions.total).toBeGreaterThan(0);
  });

  it('filters closed trades and gives each its planned risk, R multiple and stop history', async () => {
    type Trade = {
      side: string;
      exitReason: string;
      netPnlUsdt: number;
      plannedRiskUsdt: number;
      rMultiple: number;
      stops: { rule: string }[];
    };
    const all = (await (await fetch(`${url}/api/trades?limit=500`)).json()) as {
      total: number;
      items: Trade[];
    };
    for (const t of all.items) {
      expect(t.stops[0]?.rule).toBe('INITIAL');
      expect(t.rMultiple).toBeCloseTo(t.netPnlUsdt / t.plannedRiskUsdt, 9);
    }
    const losses = (await (await fetch(`${url}/api/trades?limit=500&outcome=loss`)).json()) as {
      items: Trade[];
    };
    const wins = (await (await fetch(`${url}/api/trades?limit=500&outcome=win`)).json()) as {
      items: Trade[];
    };
    expect(losses.items.length + wins.items.length).toBe(all.total);
    for (const t of losses.items) expect(t.netPnlUsdt).toBeLessThanOrEqual(0);
    const longs = (await (await fetch(`${url}/api/trades?side=LONG&exitReason=STOP_LOSS`)).json()) as {
      items: Trade[];
    };
    for (const t of longs.items) expect([t.side, t.exitReason]).toEqual(['LONG', 'STOP_LOSS']);
    expect((await fetch(`${url}/api/trades?outcome=maybe`)).status).toBe(400);
  });

  it('gives one max drawdown for all versions and for the only version', async () => {
    const report = (await (await fetch(`${url}/api/report`)).json()) as {
      overall: { maxDrawdownUsdt: number; maxDrawdownPct: number };
      byPromptVersion: { maxDrawdownUsdt: number; maxDrawdownPct: number }[];
    };
    expect(report.byPromptVersion).toHaveLength(1);
    expect(report.byPromptVersion[0]?.maxDrawdownUsdt).toBe(report.overall.maxDrawdownUsdt);
    expect(report.byPromptVersion[0]?.maxDrawdownPct).toBe(report.overall.maxDrawdownPct);
  });

  it('refuses every control: there is no bot behind it', async () => {
    const result = await fetch(`${url}/api/control/pause`, { method: 'POST' });
    expect(result.status).toBeGreaterThanOrEqual(400);
  });

  it('stops on SIGTERM', async () => {
    dashboard.child.kill('SIGTERM');
    expect(await dashboard.exited).toBe(0);
  });
});
