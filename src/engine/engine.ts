import type { Candle, TradingState } from '../domain/index.ts';
import { errorText, TIMEFRAME_MS } from '../domain/index.ts';
import type { ExchangePort, ExchangePosition } from '../exchange/port.ts';
import { cancelAllPendingEntries } from '../execution/pending-entries.ts';
import type { PositionManager } from '../execution/position-manager.ts';
import { cycleExists, unfinishedCycleIds } from '../journal/index.ts';
import type { CandleFeed, FeedEvent } from '../market/feeds/types.ts';
import { watchAccountStream } from './account-stream.ts';
import { OperatorControls } from './controls.ts';
import {
  type CycleDeps,
  type CycleSummary,
  cycleIdFor,
  type DeciderSeat,
  runCycle,
  type ShadowSeat,
} from './cycle.ts';
import { expirePendingEntries } from './entry-ttl.ts';
import { EventLoopTurns } from './event-loop-turns.ts';
import { Mutex } from './mutex.ts';
import { recordFailedStep } from './step-failure.ts';

/** A simulated venue moves with the market data (paper exchange); a real venue moves by itself. */
export interface SimulatedVenue {
  onCandle(symbol: string, candle: Candle, timeframe: CandleFeed['timeframe']): void;
  applyFunding(symbol: string, rate: number, tsMs: number): void;
  /** Whether any position is open now (read between candles, without a port call). */
  hasOpenPositions(): boolean;
}

/** A shadow as the engine runs it: its seat, the paper exchange that is its venue, its position manager. */
export interface EngineShadow extends ShadowSeat {
  venue: SimulatedVenue;
  positionManager: PositionManager;
}

/** The seat the position-manager step works on: the lead's or a shadow's. */
type ManagedSeat = DeciderSeat & { positionManager: PositionManager };

export interface EngineDeps extends CycleDeps {
  shadows: readonly EngineShadow[];
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
  /** Protection and stop moves (SPEC section 6): every base candle on a simulated venue. */
  positionManager: PositionManager;
  /** Position-manager cadence on a real venue (POSITION_MANAGER_INTERVAL_SEC). */
  positionManagerIntervalMs: number;
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
  /** What each seat's positions looked like at its last manager step; a change triggers its reconciler. */
  private readonly positionsKeys = new Map<ManagedSeat, string | null>();
  /** Operator commands (pause, resume, halt, close-all, kill), run between engine steps. */
  readonly controls: OperatorControls;

  constructor(private readonly deps: EngineDeps) {
    this.controls = new OperatorControls({ ...deps, mutex: this.mutex });
  }

  get cyclesRun(): number {
    return this.cycles;
  }

  /** Read access for the dashboard and /metrics: the venue (positions, orders, candles). */
  get exchange(): ExchangePort {
    return this.deps.exchange;
  }

  /** The shadow deciders' virtual sub-accounts (their paper exchanges and journal handles). */
  get shadows(): readonly EngineShadow[] {
    return this.deps.shadows;
  }

  /** The trading state in force now (the kill switches' view). */
  get tradingState(): TradingState {
    return this.deps.killSwitches.state.state;
  }

  async run(signal?: AbortSignal): Promise<EngineResult> {
    const { deps } = this;
    this.closeInterruptedCycles();
    await this.warmUp();
    await this.mutex.run(async () => {
      const nowMs = await deps.now();
      for (const seat of this.seats()) await this.reconcile(nowMs, 'start', seat);
    });
    const stopLive = deps.venue === null ? await this.startLiveCadence() : null;
    try {
      return await this.loop(signal);
    } finally {
      await stopLive?.();
    }
  }

  private async loop(signal?: AbortSignal): Promise<EngineResult> {
    const { deps } = this;
    const pending = new Map<number, Set<string>>();
    const turns = new EventLoopTurns();
    for await (const batch of batchesOf(deps.feed, signal)) {
      await turns.maybeYield();
      if (signal?.aborted) return { cycles: this.cycles, stoppedBy: 'signal' };
      for (const event of batch) {
        this.apply(event);
        if (event.type !== 'candle') continue;
        if (deps.venue !== null && this.venueNeedsManager(deps.venue, deps)) {
          await this.mutex.run(() => this.manage(event.atMs));
        }
        for (const shadow of deps.shadows) {
          if (this.venueNeedsManager(shadow.venue, shadow))
            await this.mutex.run(() => this.manage(event.atMs, shadow));
        }
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
    }
    return { cycles: this.cycles, stoppedBy: signal?.aborted ? 'signal' : 'feed-ended' };
  }

  /**
   * A simulated venue with no position, none at the last step either, and trading not HALTED has
   * nothing for the manager to protect, reconcile or cancel: the step is skipped.
   */
  private venueNeedsManager(venue: SimulatedVenue, seat: ManagedSeat): boolean {
    return (
      venue.hasOpenPositions() ||
      this.positionsKeys.get(seat) !== '' ||
      seat.killSwitches.state.state === 'HALTED'
    );
  }

  /** The lead first, then the shadows. */
  private seats(): ManagedSeat[] {
    return [this.deps, ...this.deps.shadows];
  }

  private apply(event: FeedEvent): void {
    const { deps } = this;
    if (event.type === 'candle') {
      deps.venue?.onCandle(event.symbol, event.candle, event.timeframe);
      for (const shadow of deps.shadows) shadow.venue.onCandle(event.symbol, event.candle, event.timeframe);
      deps.market.onClosedCandle(event.symbol, event.candle);
    } else if (event.type === 'funding') {
      deps.venue?.applyFunding(event.symbol, event.funding.rate, event.funding.ts);
      for (const shadow of deps.shadows)
        shadow.venue.applyFunding(event.symbol, event.funding.rate, event.funding.ts);
      deps.market.onFunding(event.symbol, event.funding.rate);
    }
  }

  private async cycleAt(closeMs: number): Promise<void> {
    const { deps } = this;
    if (cycleExists(deps.journal, cycleIdFor(closeMs))) return;
    const summary = await this.mutex.run(async () => {
      const nowMs = Math.max(closeMs, await deps.now());
      for (const seat of this.seats()) await expirePendingEntries(seat, nowMs, deps.entryTtlMs);
      const result = await runCycle(deps, closeMs, nowMs);
      for (const seat of this.seats()) await this.manage(nowMs, seat);
      return result;
    });
    this.cycles += 1;
    deps.onCycle?.(summary);
  }

  /**
   * One position-manager step, inside the mutex: when the venue's positions changed since the last
   * step the reconciler runs first (fills, stops, hands on the account); HALTED cancels pending
   * entries; then every position is protected and its stop ratcheted.
   */
  private async manage(nowMs: number, deps: ManagedSeat = this.deps): Promise<void> {
    try {
      const positions = await deps.exchange.getPositions();
      const key = positionsKey(positions);
      if (key !== this.positionsKeys.get(deps)) {
        await deps.ledger.sync(nowMs);
        this.positionsKeys.set(deps, key);
      }
      if (deps.killSwitches.state.state === 'HALTED') {
        await cancelAllPendingEntries(
          { exchange: deps.exchange, journal: deps.journal, log: (line, f) => deps.logger.warn(f, line) },
          nowMs,
          'trading HALTED: no new risk',
        );
      }
      if (positions.length === 0) return;
      await deps.positionManager.tick(nowMs, deps.journal.openPositions(), positions);
    } catch (error) {
      recordFailedStep(deps, nowMs, error, {
        kind: 'position-manager.failed',
        step: 'position manager step',
        next: 'retried next step',
      });
    }
  }

  private async reconcile(nowMs: number, trigger: string, deps: ManagedSeat = this.deps): Promise<void> {
    try {
      await deps.ledger.reconcile(nowMs, trigger);
      this.positionsKeys.set(deps, null);
    } catch (error) {
      const detail = errorText(error);
      deps.journal.recordEvent({
        atMs: nowMs,
        kind: 'reconcile.failed',
        severity: 'error',
        message: `reconciliation (${trigger}) failed: ${detail}`,
      });
    }
    await this.manage(nowMs, deps);
  }

  /**
   * A real venue moves by itself: the manager runs on a timer, right after account events
   * (fills, position changes), and the reconciler after every private-stream reconnect.
   */
  private async startLiveCadence(): Promise<() => Promise<void>> {
    const { deps } = this;
    let queued = false;
    const schedule = (what: 'manage' | 'reconcile') => {
      if (what === 'manage' && queued) return;
      if (what === 'manage') queued = true;
      void this.mutex
        .run(async () => {
          if (what === 'manage') queued = false;
          const nowMs = await deps.now();
          if (what === 'reconcile') await this.reconcile(nowMs, 'stream reconnected');
          else await this.manage(nowMs);
        })
        .catch((error: unknown) =>
          deps.logger.error({ error: errorText(error) }, 'position manager step failed'),
        );
    };
    let unsubscribe: (() => Promise<void>) | null = null;
    let subscribing = false;
    let stopped = false;
    let failures = 0;
    // A failed subscription is retried on the timer; once up, a reconcile covers what was missed.
    const subscribe = async () => {
      if (subscribing || unsubscribe || stopped) return;
      subscribing = true;
      try {
        const stop = await watchAccountStream(deps.exchange, {
          onReconnected: () => schedule('reconcile'),
          onAccountChange: () => schedule('manage'),
          onDisconnected: (reason) =>
            deps.logger.warn({ reason }, 'account stream dropped; reconciling on reconnect'),
        });
        if (stopped) {
          await stop();
          return;
        }
        unsubscribe = stop;
        deps.journal.recordEvent({
          atMs: await deps.now(),
          kind: 'stream.subscribed',
          severity: 'info',
          message:
            'account stream subscribed: fills and position changes run the position manager, reconnects the reconciler',
        });
        if (failures > 0) schedule('reconcile');
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 20 === 0) {
          deps.journal.recordEvent({
            atMs: await deps.now(),
            kind: 'stream.unavailable',
            severity: 'warn',
            message: `account stream unavailable (${failures} attempt(s)), the position manager runs on its timer and the subscription is retried: ${errorText(error)}`,
          });
        }
      } finally {
        subscribing = false;
      }
    };
    const timer = setInterval(() => {
      schedule('manage');
      void subscribe();
    }, deps.positionManagerIntervalMs);
    timer.unref?.();
    await subscribe();
    return async () => {
      stopped = true;
      clearInterval(timer);
      await unsubscribe?.();
    };
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
    for (const cycleId of unfinishedCycleIds(journal)) {
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

/** The feed's events one instant at a time, or one by one when the feed does not group them. */
async function* batchesOf(feed: CandleFeed, signal?: AbortSignal): AsyncIterable<readonly FeedEvent[]> {
  if (feed.eventBatches) {
    yield* feed.eventBatches(signal);
    return;
  }
  for await (const event of feed.events(signal)) yield [event];
}

function positionsKey(positions: readonly ExchangePosition[]): string {
  return positions
    .filter((p) => p.qty > 0)
    .map((p) => `${p.symbol}:${p.side}:${p.qty}:${p.entryPrice}`)
    .sort()
    .join('|');
}

/** Candles needed before the slowest tracked indicator is stable (EMA200 on the largest timeframe). */
export function warmupCandlesFor(baseMs: number, timeframes: readonly string[]): number {
  const largest = Math.max(
    ...timeframes.map((tf) => TIMEFRAME_MS[tf as keyof typeof TIMEFRAME_MS] ?? baseMs),
  );
  return Math.ceil((largest / baseMs) * 210);
}
