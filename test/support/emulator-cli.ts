import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './data.ts';

export interface RunningEmulator {
  /** BYBIT_REST_URL, BYBIT_WS_PUBLIC_URL, BYBIT_WS_PRIVATE_URL, BYBIT_API_KEY, BYBIT_API_SECRET as printed. */
  vars: Record<string, string>;
  stop(): void;
}

/** Starts `warden emulator` (always on 127.0.0.1) and resolves once it printed its URLs and keys. */
export function startWardenEmulator(args: string[]): Promise<RunningEmulator> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(repoRoot, 'bin/warden.mjs'), 'emulator', '--port', '0', ...args],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = () => {
    child.kill('SIGTERM');
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      err += String(chunk);
    });
    child.on('exit', (code) => reject(new Error(`warden emulator exited with ${code}: ${err}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += String(chunk);
      if (!out.includes('Ctrl-C')) return;
      const vars = Object.fromEntries(
        [...out.matchAll(/^\s+(BYBIT_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1] as string, m[2] as string]),
      );
      resolve({ vars, stop });
    });
  });
}

/**
 * A data folder for `warden emulator --data`: `<SYMBOL>-1m.csv` per symbol, `count` one-minute
 * candles of a slow wave ending at the current minute (so the replay needs no shifting).
 */
export function writeReplayData(
  symbols: Record<string, number>,
  count: number,
): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-emulator-data-'));
  const nowMinute = Date.now() - (Date.now() % 60_000);
  const first = nowMinute - (count - 10) * 60_000;
  for (const [symbol, base] of Object.entries(symbols)) {
    const tick = base >= 10_000 ? 0.1 : 0.01;
    const round = (value: number) => Math.round(value / tick) * tick;
    const rows = ['ts,open,high,low,close,volume'];
    for (let i = 0; i < count; i++) {
      const open = round(base * (1 + 0.01 * Math.sin(i / 60)));
      const close = round(base * (1 + 0.01 * Math.sin((i + 1) / 60)));
      const high = round(Math.max(open, close) + 20 * tick);
      const low = round(Math.min(open, close) - 20 * tick);
      rows.push(
        [first + i * 60_000, open.toFixed(2), high.toFixed(2), low.toFixed(2), close.toFixed(2), '1.5'].join(
          ',',
        ),
      );
    }
    writeFileSync(path.join(dir, `${symbol}-1m.csv`), `${rows.join('\n')}\n`);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
