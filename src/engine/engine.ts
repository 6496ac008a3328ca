import type { Candle } from '../domain/index.ts';
import { TIMEFRAME_MS } from '../domain/index.ts';
import { cycleExists, unfinishedCycleIds } from '../journal/engine-lookups.ts';
import type { CandleFeed, FeedEvent } from '../market/feeds/types.ts';
import { OperatorControls } from './controls.ts';
import { type CycleDeps, type CycleSummary, cycleIdFor, runCycle } from './cycle.ts';
import { cancelExpiredEntries } from './entry-ttl.ts';
import { Mutex } from './mutex.ts';

/** A simulated venue moves with the market data (paper exchange); a real venue moves by itself. */
export interface SimulatedVenue {
  onCandle(symbol: string, candle: Candle, timeframe: CandleFeed['timeframe']): void;
  applyFunding(symbol: string, rate: number, tsMs: number): void;
}

export interface EngineDeps extends CycleDeps {
  feed: CandleFeed;
  venue: SimulatedVenue | null;
  /** Decision time: the replay clock, or the exchange's server time. */
  now: () => Promise<number>;
  entryTtlMs: number;
  /** Closed candles per symbol read before the first event, to warm the indicators up. */
  warmupCandles: number;
  /** Stop after this many cycles (tests, demos); unlimited when absent. */
  maxCycles?: number;
  onCycle?: (summary: CycleSummary) => void;
}

export interface EngineResult {
  cycles: number;
  stoppedBy: 'feed-ended' | 'signal' | 'max-cycles';
}

/**
 * The main loop: closed candles in, in time order. Each candle first moves a simulated venue (fills
 * and stops inside that candle), then the indicators; when every symbol's decision-timeframe candle
 * has closed, the cycle runs at that close. Orders placed then can only fill on later candles.
 */
export class Engine {
  private cycles = 0;
  private readonly mutex = new Mutex();
  /** Operator commands (pause, resume, halt, close-all, kill), run between engine steps. */
  readonly controls: OperatorControls;

  constructor(private readonly deps: EngineDeps) {
    this.controls = new OperatorControls({ ...deps, mutex: this.mutex });
  }

  get cyclesRun(): number {
    return this.cycles;
  }

  async run(signal?: AbortSignal): Promise<EngineResult> {
    const { deps } = this;
    this.closeInterruptedCycles();
    await this.warmUp();
    const pending = new Map<number, Set<string>>();
    for await (const event of deps.feed.events(signal)) {
      this.apply(event);
      if (event.type !== 'candle') continue;
      if (event.atMs % deps.market.decisionMs !== 0) continue;
      const seen = pending.get(event.atMs) ?? new Set<string>();
      seen.add(event.symbol);
      pending.set(event.atMs, seen);
      if (seen.size < deps.symbols.length) continue;
      pending.delete(event.atMs);
      for (const older of [...pending.keys()].filter((t) => t < event.atMs)) pending.delete(older);
      await this.cycleAt(event.atMs);
      if (deps.maxCycles !== undefined && this.cycles >= deps.maxCycles)
        return { cycles: this.cycles, stoppedBy: 'max-cycles' };
      if (signal?.aborted) return { cycles: this.cycles, stoppedBy: 'signal' };
    }
    return { cycles: this.cycles, stoppedBy: signal?.aborted ? 'signal' : 'feed-ended' };
  }

  private apply(event: FeedEvent): void {
    const { deps } = this;
    if (event.type === 'candle') {
      deps.venue?.onCandle(event.symbol, event.candle, event.timeframe);
      deps.market.onClosedCandle(event.symbol, event.candle);
    } else if (event.type === 'funding') {
      deps.venue?.applyFunding(event.symbol, event.funding.rate, event.funding.ts);
      deps.market.onFunding(event.symbol, event.funding.rate);
    }
  }

  private async cycleAt(closeMs: number): Promise<void> {
    const { deps } = this;
    if (cycleExists(deps.journal.db, cycleIdFor(closeMs))) return;
    const summary = await this.mutex.run(async () => {
      const nowMs = Math.max(closeMs, await deps.now());
      await cancelExpiredEntries(deps, nowMs, deps.entryTtlMs);
      return runCycle(deps, closeMs, nowMs);
    });
    this.cycles += 1;
    deps.onCycle?.(summary);
  }

  private async warmUp(): Promise<void> {
    const { deps } = this;
    if (deps.warmupCandles <= 0) return;
    for (const symbol of deps.symbols) {
      for (const candle of await deps.feed.history(symbol, deps.warmupCandles)) {
        deps.market.onClosedCandle(symbol, candle);
      }
    }
  }

  /** A cycle the process died in is closed as interrupted; its orders are settled by the ledger. */
  private closeInterruptedCycles(): void {
    const { journal } = this.deps;
    for (const cycleId of unfinishedCycleIds(journal.db)) {
      journal.recordCycleEnd({
        cycleId,
        finishedAtMs: Date.now(),
        outcome: 'interrupted',
        detail: 'the process stopped inside this cycle; orders it sent are settled by client id',
      });
      journal.recordEvent({
        atMs: Date.now(),
        kind: 'cycle.interrupted',
        severity: 'warn',
        message: `cycle ${cycleId} was interrupted by a stop or crash`,
        detail: { cycleId },
      });
    }
  }
}

/** Candles needed before the slowest tracked indicator is stable (EMA200 on the largest timeframe). */
export function warmupCandlesFor(baseMs: number, timeframes: readonly string[]): number {
  const largest = Math.max(
    ...timeframes.map((tf) => TIMEFRAME_MS[tf as keyof typeof TIMEFRAME_MS] ?? baseMs),
  );
  return Math.ceil((largest / baseMs) * 210);
}
