import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { type Journal, openJournal, QueryService } from '../../src/journal/index.ts';
import { startSoakEmulator } from './emulator.ts';
import { InvariantChecker, invariantLimitsFrom } from './invariants.ts';
import { SOAK_GROUPS, SOAK_SECRETS, type SymbolGroup, soakConfig } from './setup.ts';
import { addJournal, type SoakStats } from './stats.ts';

export interface RestartSoakOptions {
  root: string;
  kills: number;
  seed: number;
  dir: string;
  rnd: () => number;
  repoRoot: string;
}

const FINAL_CYCLES = 8;

/** The environment of a soak bot process: the chaos decider, fake secrets, nothing inherited but PATH. */
export function botEnv(group: SymbolGroup, seed: number): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    SYMBOLS: group.symbols.join(','),
    AI_PROVIDER: 'chaos',
    CHAOS_SEED: String(seed),
    SCORE_GATE_ENABLED: 'false',
    ALLOW_MARKET_ENTRY: 'true',
    TRADING_MODE: 'testnet',
    WEB_ENABLED: 'false',
    LOG_LEVEL: 'info',
    ...SOAK_SECRETS,
  };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

function readJournal<T>(file: string, read: (j: Journal) => T): T | null {
  let journal: Journal | null = null;
  try {
    journal = openJournal(file, { readOnly: true });
    return read(journal);
  } catch {
    return null; // not created yet
  } finally {
    journal?.close();
  }
}

const completedCycles = (file: string): number =>
  readJournal(file, (j) => new QueryService(j).runCounts().cyclesEnded) ?? 0;

/**
 * `warden run` as a child process against the emulator, killed with SIGKILL at random points (often
 * inside a cycle) and restarted on the same journal; the invariants are checked after every kill.
 */
export async function runRestartSoak(
  options: RestartSoakOptions,
  stats: SoakStats,
  outputs: string[],
): Promise<void> {
  const group = SOAK_GROUPS[1] as SymbolGroup;
  const totalCycles = options.kills * 10 + FINAL_CYCLES + 20;
  const emulator = await startSoakEmulator(options.root, group, totalCycles, options.rnd);
  const journalPath = path.join(options.dir, 'restarts.db');
  const config = soakConfig(group.symbols, journalPath, options.seed, { TRADING_MODE: 'testnet' });
  const checker = new InvariantChecker({ ...invariantLimitsFrom(config, 100), stoplessChecksGrace: 0 });
  const start = (maxCycles: number): ChildProcess => {
    const child = spawn(
      process.execPath,
      [
        path.join(options.repoRoot, 'bin/warden.mjs'),
        'run',
        '--exchange-url',
        emulator.restUrl,
        '--journal',
        journalPath,
        '--max-cycles',
        String(maxCycles),
      ],
      { cwd: options.dir, env: botEnv(group, options.seed), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (b: Buffer) => outputs.push(b.toString()));
    child.stderr?.on('data', (b: Buffer) => outputs.push(b.toString()));
    return child;
  };
  const check = async () => {
    const journal = openJournal(journalPath, { readOnly: true });
    try {
      await checker.check(emulator.marketNowMs(), emulator.venue.paper, journal);
    } finally {
      journal.close();
    }
  };
  try {
    for (let k = 0; k < options.kills; k += 1) {
      const child = start(10_000);
      const target = completedCycles(journalPath) + 2 + Math.floor(options.rnd() * 6);
      const until = Date.now() + 90_000;
      while (completedCycles(journalPath) < target) {
        if (child.exitCode !== null)
          throw new Error(`the bot exited early (${child.exitCode}):\n${outputs.join('').slice(-3000)}`);
        if (Date.now() > until)
          throw new Error(`no ${target} cycles within 90 s:\n${outputs.join('').slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, Math.floor(options.rnd() * 600)));
      child.kill('SIGKILL');
      await exited(child);
      stats.restarts += 1;
      await check();
    }
    const last = start(FINAL_CYCLES);
    const code = await exited(last);
    if (code !== 0)
      stats.violations.push({
        atMs: Date.now(),
        invariant: 'clean-restart',
        detail: `the bot restarted after SIGKILL exited ${code}: ${outputs.join('').slice(-2000)}`,
      });
    await check();
  } finally {
    stats.invariantChecks += checker.checks;
    stats.violations.push(...checker.violations.map((v) => ({ ...v, detail: `restarts: ${v.detail}` })));
    stats.lowestEquityUsdt = Math.min(stats.lowestEquityUsdt, checker.lowestEquityUsdt);
    readJournal(journalPath, (j) =>
      addJournal(stats, j, {
        maxLossUsdtPerTrade: config.MAX_LOSS_USDT_PER_TRADE,
        slippageAllowancePct: config.SL_SLIPPAGE_ALLOWANCE_PCT,
      }),
    );
    await emulator.close();
  }
}
