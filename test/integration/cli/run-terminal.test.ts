import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, SimulatedLogTime } from '../../../src/app/logger.ts';
import { replayDataDir, wardenBin } from '../../support/warden-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'warden-terminal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Line {
  msg: string;
  sim?: string;
  cycleId?: string;
}

describe('the terminal during a replay', () => {
  it('puts the simulated time on every line, one HOLD line per cycle, PnL on every close and an account line', () => {
    const result = spawnSync(
      process.execPath,
      [wardenBin, 'run', '--replay', replayDataDir(), '--max-cycles', '400', '--journal', 't.db'],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', WEB_ENABLED: 'false' },
        encoding: 'utf8',
        timeout: 180_000,
      },
    );
    expect(result.status).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    const engineLines = lines.filter((l) => !/^(Warden starting|symbols |risk limits )/.test(l.msg));
    expect(engineLines.length).toBeGreaterThan(400);
    for (const line of engineLines) expect(line.sim, line.msg).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const holdLinesPerCycle = new Map<string, number>();
    for (const line of lines.filter((l) => /^HOLD |→ HOLD \(/.test(l.msg)))
      holdLinesPerCycle.set(line.cycleId as string, (holdLinesPerCycle.get(line.cycleId as string) ?? 0) + 1);
    expect(holdLinesPerCycle.size).toBeGreaterThan(300);
    expect(Math.max(...holdLinesPerCycle.values())).toBe(1);
    const closes = lines.filter((l) => /closed by/.test(l.msg));
    expect(closes.length).toBeGreaterThan(0);
    for (const close of closes)
      expect(close.msg).toMatch(/: PnL [+-]?\d+\.\d{2,4} USDT net \(gross .*, fees .*, funding .*\)$/);
    const account = lines.filter((l) => l.msg.startsWith('account: '));
    expect(account.length).toBeGreaterThanOrEqual(400 / 16 - 1);
    expect(account[0]?.msg).toMatch(
      /^account: equity \d+\.\d{2} USDT · open risk \d+\.\d{2,4} of 1\.50 USDT \(\d+ positions, \d+ pending entries\) · drawdown \d+\.\d{1,2}% from the peak \d+\.\d{2} USDT$/,
    );
  }, 200_000);

  it('prints one pretty line per message, led by the simulated time, without field lines', () => {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    const time = new SimulatedLogTime();
    time.source = () => Date.UTC(2025, 2, 4, 10, 15);
    const logger = createLogger({ pretty: true, destination: out, simulatedTime: time });
    logger.info({ cycleId: 'c1741083300000', symbol: 'BTCUSDT' }, 'HOLD BTCUSDT, ETHUSDT');
    expect(text.trim().split('\n')).toHaveLength(1);
    expect(text).toMatch(/INFO.*2025-03-04 10:15 HOLD BTCUSDT, ETHUSDT/);
  });
});
