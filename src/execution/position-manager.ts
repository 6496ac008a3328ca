import { setTimeout as wait } from 'node:timers/promises';
import type { InstrumentRules, PositionSide, StopRule } from '../domain/index.ts';
import { describeExchangeError, NotModifiedError, RateLimitedError } from '../exchange/errors.ts';
import type { ExchangeOrder, ExchangePort, ExchangePosition } from '../exchange/port.ts';
import type { Executor } from './executor.ts';
import type { ExecutionJournal } from './journal-port.ts';
import { journaledClose } from './journaled-orders.ts';
import { type ProtectionOptions, type ProtectionResult, Protector } from './protection.ts';
import {
  breakEvenStop,
  type ManagedTrade,
  profitLockStop,
  ratchetStop,
  type StopCandidate,
  type StopRuleConfig,
  timeExitDue,
  trailingStop,
} from './stop-rules.ts';

/** A position as the journal knows it: its id and the stop Warden planned. */
export interface KnownPosition {
  positionId: string;
  symbol: string;
  side: PositionSide;
  entryPrice: number;
  openedAtMs: number;
  stopLoss: number | null;
}

/** The manager's memory of one position; saved to the journal so a restart continues exactly. */
export interface ManagerMemory {
  side: PositionSide;
  bestPrice: number;
  lastMoveAtMs: number | null;
  lastRule: StopRule | null;
  moves: number;
}

export interface StopMove {
  positionId: string;
  symbol: string;
  side: PositionSide;
  oldStop: number | null;
  newStop: number;
  rule: StopRule;
  reason: string;
  markPrice: number;
}

export interface ManagerTickReport {
  protections: { symbol: string; result: ProtectionResult }[];
  moves: StopMove[];
  timeExits: string[];
  failures: string[];
}

export interface PositionManagerDeps {
  exchange: ExchangePort;
  executor: Executor;
  journal: ExecutionJournal;
  rules: StopRuleConfig;
  /** At most one stop move per symbol per this (STOP_UPDATE_MIN_INTERVAL_SEC). */
  minUpdateIntervalMs: number;
  /** Distance from entry for a stop Warden never planned (adopted positions). */
  fallbackStopDistancePct: number;
  instruments: ReadonlyMap<string, InstrumentRules>;
  /** ATR of the decision timeframe, from the market's feature engine; null while warming up. */
  atr: (symbol: string) => number | null;
  /** A position that could not be protected: the engine moves the trading state. */
  onProtectionFailure: (symbol: string, reason: string, nowMs: number) => void;
  /** Human-readable line per stop move, protection and time exit. */
  log: (line: string, fields: Record<string, unknown>) => void;
  protection?: ProtectionOptions;
  maxRateLimitRetries?: number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * SPEC section 6. Each tick, for every position on the exchange: make sure it has a stop
 * (protection), then move the stop by the break-even, profit-lock and trailing rules — tighten
 * only, in place, rate-limited, at least one tick — or close it at the time exit. Every move is
 * journaled with its rule and reason, and the manager's memory is saved with it.
 */
export class PositionManager {
  private readonly protector: Protector;
  private readonly memory = new Map<string, ManagerMemory>();
  private restored = false;
  private readonly fetchedTicks = new Map<string, number>();
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly deps: PositionManagerDeps) {
    this.protector = new Protector(deps.exchange, deps.executor, deps.journal, deps.protection);
    this.sleep = deps.sleep ?? ((ms) => wait(ms));
  }

  /** The manager's memory of a position (for tests and the dashboard). */
  memoryOf(positionId: string): ManagerMemory | null {
    const m = this.memory.get(positionId);
    return m ? { ...m } : null;
  }

  /**
   * One pass over `venuePositions` (read from the exchange when not given). `known` are the
   * journal's open positions; a venue position the journal does not know yet is still protected.
   */
  async tick(
    nowMs: number,
    known: readonly KnownPosition[],
    venuePositions?: readonly ExchangePosition[],
    openOrders?: readonly ExchangeOrder[],
  ): Promise<ManagerTickReport> {
    this.restoreOnce();
    const report: ManagerTickReport = { protections: [], moves: [], timeExits: [], failures: [] };
    const positions = (venuePositions ?? (await this.deps.exchange.getPositions())).filter((p) => p.qty > 0);
    const orders = positions.length === 0 ? [] : (openOrders ?? (await this.deps.exchange.getOpenOrders()));
    for (const id of [...this.memory.keys()]) {
      if (!known.some((k) => k.positionId === id)) this.memory.delete(id);
    }
    for (const position of positions) {
      const ref = known.find((k) => k.symbol === position.symbol && k.side === position.side) ?? null;
      try {
        await this.manage(nowMs, position, ref, orders, report);
      } catch (error) {
        const message = `${position.symbol}: ${describeExchangeError(error)}`;
        this.fail(
          report,
          nowMs,
          position.symbol,
          'position-manager.failed',
          'error',
          message,
          `position manager step failed, the stop on the exchange stays as it was: ${message}`,
        );
      }
    }
    return report;
  }

  private async manage(
    nowMs: number,
    position: ExchangePosition,
    ref: KnownPosition | null,
    orders: readonly ExchangeOrder[],
    report: ManagerTickReport,
  ): Promise<void> {
    const { deps } = this;
    const tickSize = await this.tickSize(position.symbol);
    const protection = await this.protector.protect(position, orders, {
      nowMs,
      positionId: ref?.positionId ?? null,
      intendedStop: ref?.stopLoss ?? null,
      tickSize,
      fallbackStopDistancePct: deps.fallbackStopDistancePct,
    });
    report.protections.push({ symbol: position.symbol, result: protection });
    if (protection.status === 'closing') return;
    if (protection.status === 'closed' || protection.status === 'close-failed') {
      deps.log(
        `${position.symbol} ${position.side} closed: it could not be protected (${protection.reason})`,
        {
          symbol: position.symbol,
        },
      );
      deps.onProtectionFailure(position.symbol, protection.reason, nowMs);
      return;
    }
    if (protection.status === 'restored') {
      deps.log(`${position.symbol} ${position.side} stop restored at ${protection.stop}`, {
        symbol: position.symbol,
      });
    }
    if (ref === null) return;
    const memory = this.remember(ref, position);
    const trade: ManagedTrade = {
      side: position.side,
      entryPrice: position.entryPrice,
      openedAtMs: ref.openedAtMs,
      bestPrice: memory.bestPrice,
    };
    if (timeExitDue(trade, nowMs, deps.rules)) {
      await this.timeExit(nowMs, position, ref, report);
      return;
    }
    const rateLimited =
      memory.lastMoveAtMs !== null && nowMs - memory.lastMoveAtMs < deps.minUpdateIntervalMs;
    if (rateLimited) {
      this.save(ref, memory, nowMs);
      return;
    }
    const rules = deps.rules;
    const move = ratchetStop({
      side: position.side,
      currentStop: protection.stop,
      markPrice: position.markPrice,
      tickSize,
      candidates: [
        breakEvenStop(trade, rules),
        profitLockStop(trade, rules),
        trailingStop(trade, deps.atr(position.symbol), rules),
      ],
    });
    if (move === null) {
      this.save(ref, memory, nowMs);
      return;
    }
    if (!(await this.apply(position, move, nowMs, report))) {
      this.save(ref, memory, nowMs);
      return;
    }
    const applied: StopMove = {
      positionId: ref.positionId,
      symbol: position.symbol,
      side: position.side,
      oldStop: protection.stop,
      newStop: move.stop,
      rule: move.rule,
      reason: move.reason,
      markPrice: position.markPrice,
    };
    memory.lastMoveAtMs = nowMs;
    memory.lastRule = move.rule;
    memory.moves += 1;
    deps.journal.recordStopMove({ atMs: nowMs, ...applied });
    this.save(ref, memory, nowMs);
    report.moves.push(applied);
    deps.log(
      `${position.symbol} ${position.side} stop ${protection.stop} → ${move.stop} (${move.rule}: ${move.reason}; mark ${position.markPrice})`,
      { symbol: position.symbol, rule: move.rule, oldStop: protection.stop, newStop: move.stop },
    );
  }

  /** In place through the trading-stop call; never cancel-then-create. False when not applied. */
  private async apply(
    position: ExchangePosition,
    move: StopCandidate,
    nowMs: number,
    report: ManagerTickReport,
  ): Promise<boolean> {
    const retries = this.deps.maxRateLimitRetries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.exchange.setTradingStop({ symbol: position.symbol, stopLoss: move.stop });
        return true;
      } catch (error) {
        if (error instanceof NotModifiedError) return true;
        if (error instanceof RateLimitedError && attempt < retries) {
          await this.sleep(Math.min(Math.max(error.retryAfterMs, 50), 10_000));
          continue;
        }
        const message = `${position.symbol}: stop move to ${move.stop} (${move.rule}) not applied: ${describeExchangeError(error)}`;
        this.fail(
          report,
          nowMs,
          position.symbol,
          'stop.move-failed',
          'warn',
          message,
          `${message}; the previous stop stays on the exchange and the move is retried next tick`,
        );
        return false;
      }
    }
  }

  private async timeExit(
    nowMs: number,
    position: ExchangePosition,
    ref: KnownPosition,
    report: ManagerTickReport,
  ): Promise<void> {
    const held = Math.round((nowMs - ref.openedAtMs) / 60_000);
    const close = await journaledClose(this.deps.executor, this.deps.journal, {
      symbol: position.symbol,
      side: position.side,
      qty: position.qty,
      keyMs: ref.openedAtMs,
      atMs: nowMs,
      purpose: 'time-exit',
      reason: `time exit after ${held} min`,
      positionId: ref.positionId,
    });
    report.timeExits.push(position.symbol);
    this.deps.journal.recordEvent({
      atMs: nowMs,
      kind: 'position.time-exit',
      severity: 'info',
      symbol: position.symbol,
      message: `${position.symbol} ${position.side} held ${held} min: reduce-only close ${close.status}`,
      detail: { positionId: ref.positionId, clientOrderId: close.clientOrderId },
    });
    this.deps.log(`${position.symbol} ${position.side} time exit after ${held} min (${close.status})`, {
      symbol: position.symbol,
    });
  }

  /** A failure goes into the tick's report and the journal; what stays on the exchange is in `journaled`. */
  private fail(
    report: ManagerTickReport,
    atMs: number,
    symbol: string,
    kind: string,
    severity: 'warn' | 'error',
    failure: string,
    journaled: string,
  ): void {
    report.failures.push(failure);
    this.deps.journal.recordEvent({ atMs, kind, severity, symbol, message: journaled });
  }

  private remember(ref: KnownPosition, position: ExchangePosition): ManagerMemory {
    let memory = this.memory.get(ref.positionId);
    if (!memory || memory.side !== position.side) {
      memory = {
        side: position.side,
        bestPrice: position.entryPrice,
        lastMoveAtMs: null,
        lastRule: null,
        moves: 0,
      };
      this.memory.set(ref.positionId, memory);
    }
    const better =
      position.side === 'LONG'
        ? position.markPrice > memory.bestPrice
        : position.markPrice < memory.bestPrice;
    if (better) {
      memory.bestPrice = position.markPrice;
      this.dirty.add(ref.positionId);
    }
    return memory;
  }

  private readonly dirty = new Set<string>();

  private save(ref: KnownPosition, memory: ManagerMemory, nowMs: number): void {
    if (!this.dirty.has(ref.positionId) && memory.lastMoveAtMs !== nowMs) return;
    this.dirty.delete(ref.positionId);
    this.deps.journal.savePositionManagerState({
      positionId: ref.positionId,
      symbol: ref.symbol,
      updatedAtMs: nowMs,
      state: { ...memory },
    });
  }

  private restoreOnce(): void {
    if (this.restored) return;
    this.restored = true;
    for (const saved of this.deps.journal.loadPositionManagerStates()) {
      const s = saved.state;
      if (
        (s.side !== 'LONG' && s.side !== 'SHORT') ||
        typeof s.bestPrice !== 'number' ||
        !Number.isFinite(s.bestPrice)
      ) {
        continue;
      }
      this.memory.set(saved.positionId, {
        side: s.side,
        bestPrice: s.bestPrice,
        lastMoveAtMs: typeof s.lastMoveAtMs === 'number' ? s.lastMoveAtMs : null,
        lastRule: typeof s.lastRule === 'string' ? (s.lastRule as StopRule) : null,
        moves: typeof s.moves === 'number' ? s.moves : 0,
      });
    }
  }

  private async tickSize(symbol: string): Promise<number> {
    const known = this.deps.instruments.get(symbol);
    if (known) return known.tickSize;
    const cached = this.fetchedTicks.get(symbol);
    if (cached !== undefined) return cached;
    const [rules] = await this.deps.exchange.getInstruments([symbol]);
    if (!rules) throw new Error(`no instrument rules for ${symbol}: cannot place a stop on its tick`);
    this.fetchedTicks.set(symbol, rules.tickSize);
    return rules.tickSize;
  }
}

/** The rule configuration from the SPEC section 6 variables. */
export function stopRulesFrom(config: {
  BREAK_EVEN_ENABLED: boolean;
  BREAK_EVEN_TRIGGER_PCT: number;
  BREAK_EVEN_OFFSET_PCT: number;
  PROFIT_LOCK_ENABLED: boolean;
  PROFIT_LOCK_LADDER: readonly { movePct: number; lockPct: number }[];
  TRAILING_ENABLED: boolean;
  TRAILING_ACTIVATION_PCT: number;
  TRAILING_ATR_MULTIPLIER: number;
  TRAILING_MIN_DISTANCE_PCT: number;
  TRAILING_MAX_DISTANCE_PCT: number;
  MAX_HOLDING_MINUTES: number;
}): StopRuleConfig {
  return {
    breakEven: {
      enabled: config.BREAK_EVEN_ENABLED,
      triggerPct: config.BREAK_EVEN_TRIGGER_PCT,
      offsetPct: config.BREAK_EVEN_OFFSET_PCT,
    },
    profitLock: { enabled: config.PROFIT_LOCK_ENABLED, ladder: config.PROFIT_LOCK_LADDER },
    trailing: {
      enabled: config.TRAILING_ENABLED,
      activationPct: config.TRAILING_ACTIVATION_PCT,
      atrMultiplier: config.TRAILING_ATR_MULTIPLIER,
      minDistancePct: config.TRAILING_MIN_DISTANCE_PCT,
      maxDistancePct: config.TRAILING_MAX_DISTANCE_PCT,
    },
    maxHoldingMs: config.MAX_HOLDING_MINUTES > 0 ? config.MAX_HOLDING_MINUTES * 60_000 : null,
  };
}
