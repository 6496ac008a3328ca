import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchFigure, BenchSuite } from './types.ts';

const WARDEN = fileURLToPath(new URL('../bin/warden.mjs', import.meta.url));
const SYMBOLS = Array.from({ length: 10 }, (_, i) => `SYN${i + 1}USDT`);
/** Simulated hours replayed after the warm-up: a week, so a growth trend shows past the GC's saw-tooth. */
const HOURS = 168;
/** The replay's own warm-up (REPLAY_WARMUP_CANDLES in src/app/wiring.ts). */
const WARMUP_CANDLES = 1000;

interface RssSample {
  simHour: string;
  rssMiB: number;
  /** The kernel's high-water mark of RSS so far (VmHWM): catches peaks between samples. */
  hwmMiB: number;
}

/** Resident memory of a process as the kernel counts it (Linux /proc). */
function residentMiB(pid: number): { rssMiB: number; hwmMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]) / 1024;
  };
  return { rssMiB: kib('VmRSS'), hwmMiB: kib('VmHWM') };
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
}

/** Least-squares slope of y over x. */
function slope(ys: number[]): number {
  const n = ys.length;
  const meanX = (n - 1) / 2;
  const meanY = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * A real `warden run` (paper, --replay at full speed, baseline decider, default configuration,
 * dashboard on) over 10 seeded synthetic symbols. Its JSON log lines carry the simulated time;
 * at the first line of each simulated hour the process's RSS is read from /proc.
 */
async function replayRss(
  nodeFlags: string[],
  journalName: string,
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ samples: RssSample[]; seconds: number }> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...nodeFlags,
      WARDEN,
      'run',
      '--replay',
      path.join(dir, 'data'),
      '--journal',
      path.join(dir, journalName),
    ],
    { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('warden run did not start');
  const done = exited(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const samples: RssSample[] = [];
  let hour = '';
  for await (const line of readline.createInterface({ input: child.stdout as NodeJS.ReadableStream })) {
    const sim = /"sim":"(\d{4}-\d\d-\d\d \d\d):/.exec(line)?.[1];
    if (sim === undefined || sim === hour) continue;
    hour = sim;
    samples.push({ simHour: sim, ...residentMiB(pid) });
  }
  const code = await done;
  if (code !== 0) throw new Error(`warden run exited with ${code}: ${stderr.trim()}`);
  return { samples, seconds: (performance.now() - started) / 1000 };
}

/** `node bin/warden.mjs run` (and `npx warden run`) as it is, and as `npm start` starts it (package.json). */
const RUNS: [label: string, nodeFlags: string[]][] = [
  ['warden run', []],
  ['npm start', ['--max-semi-space-size=2']],
];

function rssFigures(label: string, run: { samples: RssSample[]; seconds: number }): BenchFigure[] {
  const { samples, seconds } = run;
  if (samples.length < 24) throw new Error(`only ${samples.length} simulated hours were sampled`);
  const rss = samples.map((s) => s.rssMiB);
  const last = samples[samples.length - 1] as RssSample;
  const what = `${label}, 10 symbols, ${HOURS} h replay`;
  return [
    {
      name: `${what}: peak RSS (samples / VmHWM)`,
      value: Math.max(...rss),
      unit: 'MiB',
      note: `VmHWM ${last.hwmMiB.toFixed(1)} MiB; ${samples.length} hourly samples, ${seconds.toFixed(1)} s`,
    },
    {
      name: `${what}: median RSS`,
      value: median(rss),
      unit: 'MiB',
      note: `first hour ${(samples[0] as RssSample).rssMiB.toFixed(1)}, last ${last.rssMiB.toFixed(1)} MiB`,
    },
    { name: `${what}: RSS slope`, value: slope(rss), unit: 'MiB/simulated h', note: 'least squares' },
  ];
}

async function runMemory(): Promise<BenchFigure[]> {
  if (process.platform !== 'linux') throw new Error('the run-memory bench reads /proc: run it on Linux');
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-bench-runmem-'));
  try {
    // Only what the replay needs (warm-up + the replayed hours): a replay holds its whole folder in memory.
    const candles = WARMUP_CANDLES + HOURS * 12 + 1;
    const write = spawn(
      process.execPath,
      [
        WARDEN,
        'data',
        'synthetic',
        '--out',
        path.join(dir, 'data'),
        '--symbols',
        SYMBOLS.join(','),
        '--seed',
        '7',
        '--candles',
        String(candles),
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if ((await exited(write)) !== 0) throw new Error('warden data synthetic failed');
    // Default configuration: only the environment a shell needs, a free dashboard port, no .env (cwd is the temp dir).
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      WEB_PORT: String(await freePort()),
    };
    const figures: BenchFigure[] = [];
    for (const [label, flags] of RUNS) {
      figures.push(
        ...rssFigures(label, await replayRss(flags, `${label.replace(/\W+/g, '-')}.db`, dir, env)),
      );
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const runMemorySuite: BenchSuite = { name: 'run-memory', run: runMemory };
