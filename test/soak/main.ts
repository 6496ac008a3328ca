import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEmulatorSoak } from './emulator.ts';
import { runPaperWindow } from './paper.ts';
import { runRestartSoak } from './restarts.ts';
import { findSecrets } from './secrets.ts';
import { dataRoot, loadGroup, SOAK_GROUPS, seededRandom, tempDir } from './setup.ts';
import { emptyStats, renderTable } from './stats.ts';

export interface SoakProfile {
  name: 'short' | 'long';
  /** Paper windows per symbol group, and cycles per window. */
  paperWindows: number;
  paperCycles: number;
  /** Cycles of the in-process engine against the emulator with faults. */
  emulatorCycles: number;
  /** Bot processes killed with SIGKILL, and the cycles the last one finishes with. */
  kills: number;
}

export const PROFILES: Record<SoakProfile['name'], SoakProfile> = {
  short: { name: 'short', paperWindows: 2, paperCycles: 150, emulatorCycles: 40, kills: 2 },
  long: { name: 'long', paperWindows: 12, paperCycles: 600, emulatorCycles: 200, kills: 6 },
};

const WARMUP = 1000;

export async function runSoak(profile: SoakProfile, seed: number, repoRoot: string): Promise<number> {
  const started = Date.now();
  const root = dataRoot(repoRoot);
  const rnd = seededRandom(seed);
  const stats = emptyStats();
  const logLines: string[] = [];
  const dir = tempDir(profile.name);
  const outputs: string[] = [];
  const say = (line: string) => process.stdout.write(`${line}\n`);
  try {
    for (const group of SOAK_GROUPS) {
      const data = loadGroup(root, group);
      const rows = Math.min(...group.symbols.map((s) => data.candles.get(s)?.length ?? 0));
      const span = profile.paperCycles * 3 + 10;
      for (let w = 0; w < profile.paperWindows; w += 1) {
        const startIndex = WARMUP + Math.floor(rnd() * (rows - WARMUP - span));
        const before = stats.violations.length;
        await runPaperWindow(
          { group, data, startIndex, cycles: profile.paperCycles, seed: Math.floor(rnd() * 1e9), dir },
          stats,
          logLines,
        );
        say(
          `paper ${group.folder} ${group.symbols.join(',')} from candle ${startIndex}: ` +
            `${stats.violations.length - before} violations (${((Date.now() - started) / 1000).toFixed(0)} s)`,
        );
      }
    }
    await runEmulatorSoak(
      { root, cycles: profile.emulatorCycles, seed: Math.floor(rnd() * 1e9), dir, rnd },
      stats,
      logLines,
    );
    say(`emulator with faults: done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    await runRestartSoak(
      { root, kills: profile.kills, seed: Math.floor(rnd() * 1e9), dir, rnd, repoRoot },
      stats,
      outputs,
    );
    say(`SIGKILL restarts: done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    const leaks = findSecrets([...logLines, ...outputs], dir);
    for (const leak of leaks)
      stats.violations.push({ atMs: Date.now(), invariant: 'secret-leak', detail: leak });
    say('');
    say(`soak profile ${profile.name}, seed ${seed}, ${((Date.now() - started) / 1000).toFixed(0)} s`);
    say(renderTable(stats));
    return stats.violations.length === 0 ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseArgs(argv: string[]): { profile: SoakProfile; seed: number } {
  let profile = PROFILES.short;
  let seed = 1;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--long') profile = PROFILES.long;
    else if (arg === '--short') profile = PROFILES.short;
    else if (arg === '--seed') {
      seed = Number(argv[i + 1]);
      i += 1;
      if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('--seed takes a non-negative integer');
    } else throw new Error(`unknown soak argument ${arg}: use --short (default), --long, --seed N`);
  }
  return { profile, seed };
}

/** `npm run soak [-- --long] [--seed N]`: exit 0 with no violation, 1 with any, 2 on a usage or setup error. */
export async function soakMain(argv: string[]): Promise<number> {
  try {
    const { profile, seed } = parseArgs(argv);
    const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    return await runSoak(profile, seed, repoRoot);
  } catch (error) {
    process.stderr.write(
      `soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 2;
  }
}
