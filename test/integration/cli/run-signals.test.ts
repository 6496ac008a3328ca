import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, replayDataDir, spawnWarden } from '../../support/warden-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'warden-signals-'));
const data = replayDataDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Wall time of one GET, in ms; a request that does not answer within 5 s counts as 5 s. */
function timedGet(url: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - started));
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(5000);
    });
    req.on('error', () => resolve(5000));
    req.end();
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function stopTime(run: ReturnType<typeof spawnWarden>, signal: NodeJS.Signals): Promise<number> {
  const sentAt = performance.now();
  run.child.kill(signal);
  await run.exited;
  return performance.now() - sentAt;
}

describe('a full-speed replay can be stopped and its dashboard answers', () => {
  it('answers /healthz while a max-speed replay runs, and stops within 2 s of SIGTERM', async () => {
    const run = spawnWarden(['run', '--replay', data, '--journal', path.join(dir, 'max.db')], {
      cwd: dir,
      env: { WEB_PORT: String(await freePort()) },
    });
    const line = await run.waitFor(/dashboard on http:\/\/127\.0\.0\.1:\d+/);
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0] as string;
    await run.waitFor(/HOLD|cycle/);
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) latencies.push(await timedGet(`${url}/healthz`));
    console.info(`/healthz during a max-speed replay: ${latencies.map((l) => l.toFixed(0)).join(', ')} ms`);
    expect(run.child.exitCode, 'the replay must still be running while measured').toBeNull();
    expect(median(latencies)).toBeLessThan(200);
    expect(Math.max(...latencies)).toBeLessThan(2000);
    const ms = await stopTime(run, 'SIGTERM');
    console.info(`SIGTERM to exit: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(2000);
    expect(run.output()).toMatch(/SIGTERM received/);
    expect(run.output()).toMatch(/stopped after \d+ cycles \(signal\)/);
  }, 120_000);

  it('stops a replay paced far faster than the machine within 2 s of SIGINT', async () => {
    const run = spawnWarden(
      ['run', '--replay', data, '--speed', '1000000', '--journal', path.join(dir, 'fast.db')],
      { cwd: dir, env: { WEB_ENABLED: 'false' } },
    );
    await run.waitFor(/HOLD|cycle/);
    const ms = await stopTime(run, 'SIGINT');
    console.info(`SIGINT to exit: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(2000);
    expect(run.output()).toMatch(/stopped after \d+ cycles \(signal\)/);
  }, 120_000);

  it('stops a backtest within 2 s of SIGTERM and says that no results are reported', async () => {
    const run = spawnWarden(
      ['backtest', '--data', data, '--symbols', 'BTCUSDT,ETHUSDT', '--journal', path.join(dir, 'bt.db')],
      { cwd: dir },
    );
    // The backtest prints nothing until it ends when stderr is not a terminal: give it time to start.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    expect(run.child.exitCode, 'the backtest must still be running').toBeNull();
    const ms = await stopTime(run, 'SIGTERM');
    console.info(`backtest SIGTERM to exit: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(2000);
    expect(await run.exited).toBe(143);
    expect(run.output()).toMatch(/backtest stopped by SIGTERM at simulated \d{4}-/);
  }, 120_000);
});
