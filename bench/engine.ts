import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../src/app/logger.ts';
import { buildSimulatedEngine } from '../src/app/wiring.ts';
import { loadConfig } from '../src/config/index.ts';
import { emulatorInstrument } from '../src/exchange/emulator/instruments.ts';
import { openJournal } from '../src/journal/index.ts';
import { createSyntheticFeed } from '../src/market/synthetic/feed.ts';
import type { BenchFigure, BenchSuite } from './types.ts';

const CYCLES = 200;
const WARMUP = 1000;

/** ms per decision cycle through the whole engine (baseline decider, paper exchange, SQLite journal), no network. */
async function cycleCost(symbolCount: number): Promise<{ msPerCycle: number; rssMiB: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-bench-engine-'));
  const symbols = Array.from({ length: symbolCount }, (_, i) => `SYN${i + 1}USDT`);
  const { config } = loadConfig({
    env: {
      SYMBOLS: symbols.join(','),
      JOURNAL_PATH: path.join(dir, 'journal.db'),
      SCORE_GATE_ENABLED: 'false',
    },
    dotenvPath: null,
  });
  const journal = openJournal(config.JOURNAL_PATH);
  try {
    const { feed } = createSyntheticFeed({
      symbols,
      seed: 7,
      candles: CYCLES * 3 + 3,
      warmupCandles: WARMUP,
    });
    const instruments = symbols.map((s) => emulatorInstrument(s, 100));
    const { engine } = buildSimulatedEngine(
      { config, journal, logger: createLogger({ level: 'silent', pretty: false }) },
      feed,
      { mode: 'bench', instruments, warmupCandles: WARMUP, maxCycles: CYCLES },
    );
    const start = performance.now();
    const result = await engine.run();
    const elapsed = performance.now() - start;
    return { msPerCycle: elapsed / result.cycles, rssMiB: process.memoryUsage().rss / 2 ** 20 };
  } finally {
    journal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const engineSuite: BenchSuite = {
  name: 'engine',
  async run(): Promise<BenchFigure[]> {
    const figures: BenchFigure[] = [];
    for (const n of [1, 5, 10]) {
      const { msPerCycle, rssMiB } = await cycleCost(n);
      figures.push({
        name: `cycle overhead, ${n} symbol(s)`,
        value: msPerCycle,
        unit: 'ms/cycle',
        note: `${CYCLES} cycles, warm-up and candle processing included`,
      });
      figures.push({ name: `process RSS after ${n} symbol(s)`, value: rssMiB, unit: 'MiB' });
    }
    return figures;
  },
};
