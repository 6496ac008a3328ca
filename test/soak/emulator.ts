import path from 'node:path';
import { createLogger } from '../../src/app/logger.ts';
import { buildExchangeEngine } from '../../src/app/wiring-exchange.ts';
import type { Candle } from '../../src/domain/index.ts';
import { type EmulatorHandle, startEmulator } from '../../src/exchange/emulator/index.ts';
import { constantFunding, fundingFromSeries } from '../../src/exchange/paper/index.ts';
import { openJournal } from '../../src/journal/index.ts';
import { LIFT_STANDING_FAULTS, randomFault } from './faults.ts';
import { InvariantChecker, invariantLimitsFrom } from './invariants.ts';
import { captureStream } from './paper.ts';
import { loadGroup, SOAK_GROUPS, SOAK_SECRETS, type SymbolGroup, soakConfig } from './setup.ts';
import { addJournal, type SoakStats } from './stats.ts';

export const EMULATOR_WARMUP = 1000;
/** binance-usdm 5m files come without funding: a typical 0.01% per 8 h is charged instead. */
export const BINANCE_FUNDING_RATE = 0.0001;
/** Market speed of the emulator: a 15m decision candle every half second of wall time. */
export const EMULATOR_SPEED = 1800;
/** Short REST timeout so that late answers become "outcome unknown" quickly. */
export const SOAK_REQUEST_TIMEOUT_MS = 1500;

export interface EmulatorSoakOptions {
  root: string;
  cycles: number;
  seed: number;
  dir: string;
  rnd: () => number;
}

/** The emulator replaying a random window of a group's real candles, with the soak's fake key. */
export async function startSoakEmulator(
  root: string,
  group: SymbolGroup,
  cycles: number,
  rnd: () => number,
): Promise<EmulatorHandle> {
  const data = loadGroup(root, group);
  const rows = Math.min(...group.symbols.map((s) => data.candles.get(s)?.length ?? 0));
  const length = EMULATOR_WARMUP + cycles * 3 + 600;
  const start = Math.floor(rnd() * (rows - length));
  const replay: Record<string, { candles: Candle[]; timeframe: '5m' }> = {};
  const funding: Record<string, { ts: number; rate: number }[]> = {};
  for (const symbol of group.symbols) {
    replay[symbol] = {
      candles: (data.candles.get(symbol) ?? []).slice(start, start + length),
      timeframe: '5m',
    };
    funding[symbol] = [...(data.funding.get(symbol) ?? [])];
  }
  return startEmulator({
    symbols: group.symbols,
    replay,
    clock: EMULATOR_SPEED,
    warmupCandles: EMULATOR_WARMUP,
    credentials: [{ apiKey: SOAK_SECRETS.BYBIT_API_KEY, apiSecret: SOAK_SECRETS.BYBIT_API_SECRET }],
    funding: group.symbols.every((s) => (funding[s]?.length ?? 0) > 0)
      ? fundingFromSeries(funding)
      : constantFunding(BINANCE_FUNDING_RATE),
    startBalanceUsdt: 100,
  });
}

/**
 * The engine in process, through the Bybit adapter, against the emulator while random faults are
 * injected; the invariants are checked against the emulator's own books after every cycle.
 */
export async function runEmulatorSoak(
  options: EmulatorSoakOptions,
  stats: SoakStats,
  logLines: string[],
): Promise<void> {
  const group = SOAK_GROUPS[0] as SymbolGroup;
  const emulator = await startSoakEmulator(options.root, group, options.cycles, options.rnd);
  const journalPath = path.join(options.dir, 'emulator.db');
  const config = soakConfig(group.symbols, journalPath, options.seed, {
    TRADING_MODE: 'testnet',
    BYBIT_REQUEST_TIMEOUT_MS: String(SOAK_REQUEST_TIMEOUT_MS),
  });
  const journal = openJournal(journalPath);
  const logger = createLogger({
    level: 'info',
    pretty: false,
    secrets: Object.values(SOAK_SECRETS),
    destination: captureStream(logLines),
  });
  const checker = new InvariantChecker({ ...invariantLimitsFrom(config, 100), stoplessChecksGrace: 3 });
  let faults = 0;
  try {
    const { engine, close } = await buildExchangeEngine(
      { config, journal, logger },
      { exchangeUrl: emulator.restUrl, maxCycles: options.cycles },
    );
    let checked = 0;
    let stop = false;
    const watcher = (async () => {
      while (!stop) {
        await new Promise((r) => setTimeout(r, 25));
        if (engine.cyclesRun === checked) continue;
        checked = engine.cyclesRun;
        await checker.check(emulator.marketNowMs(), emulator.venue.paper, journal);
        if (options.rnd() < 0.35) {
          const fault = randomFault(options.rnd, SOAK_REQUEST_TIMEOUT_MS);
          emulator.faults.set(fault.plan);
          faults += 1;
        } else if (options.rnd() < 0.3) emulator.faults.set(LIFT_STANDING_FAULTS);
      }
    })();
    try {
      await engine.run();
    } finally {
      stop = true;
      await watcher;
      emulator.faults.clear();
      await close();
    }
    await checker.check(emulator.marketNowMs(), emulator.venue.paper, journal);
  } finally {
    stats.faultsInjected += faults;
    stats.invariantChecks += checker.checks;
    stats.violations.push(...checker.violations.map((v) => ({ ...v, detail: `emulator: ${v.detail}` })));
    stats.lowestEquityUsdt = Math.min(stats.lowestEquityUsdt, checker.lowestEquityUsdt);
    addJournal(stats, journal, {
      maxLossUsdtPerTrade: config.MAX_LOSS_USDT_PER_TRADE,
      slippageAllowancePct: config.SL_SLIPPAGE_ALLOWANCE_PCT,
    });
    journal.close();
    await emulator.close();
  }
}
