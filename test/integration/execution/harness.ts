import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { createLogger } from '../../../src/app/logger.ts';
import type { OrderIntent, PositionSide } from '../../../src/domain/index.ts';
import { KillSwitchKeeper } from '../../../src/engine/kill-switches.ts';
import type { BybitExchange } from '../../../src/exchange/bybit/index.ts';
import { type EmulatorHandle, startEmulator } from '../../../src/exchange/emulator/index.ts';
import type { ExchangePosition } from '../../../src/exchange/port.ts';
import { Executor } from '../../../src/execution/executor.ts';
import { journaledOpen } from '../../../src/execution/journaled-orders.ts';
import { type KnownPosition, PositionManager } from '../../../src/execution/position-manager.ts';
import { stopOnExchange } from '../../../src/execution/protection.ts';
import { Reconciler } from '../../../src/execution/reconciler.ts';
import type { StopRuleConfig } from '../../../src/execution/stop-rules.ts';
import { type Journal, openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';
import { adapterFor, control } from '../exchange/bybit-harness.ts';

export const SYMBOL = 'BTCUSDT';
export const rules: StopRuleConfig = {
  breakEven: { enabled: true, triggerPct: 0.015, offsetPct: 0.001 },
  profitLock: {
    enabled: true,
    ladder: [
      { movePct: 0.015, lockPct: 0.005 },
      { movePct: 0.025, lockPct: 0.01 },
    ],
  },
  trailing: {
    enabled: true,
    activationPct: 0.01,
    atrMultiplier: 2.5,
    minDistancePct: 0.01,
    maxDistancePct: 0.025,
  },
  maxHoldingMs: null,
};
const noSleep = async () => {};
const instruments = new Map(contractInstruments.map((r) => [r.symbol, r]));

/** Warden's execution pieces (executor, reconciler, position manager, kill switches) on one journal. */
export interface Pieces {
  journal: Journal;
  executor: Executor;
  ledger: Reconciler;
  manager: PositionManager;
  keeper: KillSwitchKeeper;
  lines: string[];
}

export interface FaultRig {
  emulator: EmulatorHandle;
  exchange: BybitExchange;
  journalPath: string;
  pieces: Pieces;
  /** A restart: closes the journal and builds fresh pieces on the same file and venue. */
  restart(options?: { unknownPositionPolicy?: 'adopt' | 'close' }): Pieces;
  setPrice(price: number): Promise<void>;
  faults(plan: unknown): Promise<void>;
  close(): Promise<void>;
}

export async function startRig(
  options: { unknownPositionPolicy?: 'adopt' | 'close' } = {},
): Promise<FaultRig> {
  const emulator = await startEmulator({
    instruments: contractInstruments,
    startBalanceUsdt: 1000,
    clock: 'wall',
    enforceRateLimits: false,
  });
  await control(emulator, '/price', { symbol: SYMBOL, price: 50_000 });
  const exchange = adapterFor(emulator);
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-exec-'));
  const journalPath = path.join(dir, 'journal.db');
  const build = (policy: 'adopt' | 'close'): Pieces => {
    const journal = openJournal(journalPath);
    const logger = createLogger({ level: 'silent', pretty: false });
    const executor = new Executor(exchange, { sleep: noSleep, lookupDelayMs: 0, outcomeLookups: 5 });
    const keeper = new KillSwitchKeeper(
      journal,
      {
        dailyLossLimitUsdt: 10,
        maxDrawdownPct: 0.2,
        maxConsecutiveAiFailures: 3,
        maxConsecutiveExchangeFailures: 3,
      },
      logger,
      { state: { state: 'ACTIVE', cause: null }, equityPeakUsdt: null },
    );
    const lines: string[] = [];
    const manager = new PositionManager({
      exchange,
      executor,
      journal,
      rules,
      minUpdateIntervalMs: 0,
      fallbackStopDistancePct: 0.025,
      instruments,
      atr: () => 400,
      onProtectionFailure: (symbol, reason, nowMs) => keeper.protectionFailed(symbol, reason, nowMs),
      log: (line) => lines.push(line),
      protection: { attempts: 3, backoffMs: 1, sleep: noSleep },
      sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 150))),
    });
    const ledger = new Reconciler(exchange, journal, [SYMBOL], logger, {
      unknownPositionPolicy: policy,
      executor,
    });
    return { journal, executor, ledger, manager, keeper, lines };
  };
  const rig: FaultRig = {
    emulator,
    exchange,
    journalPath,
    pieces: build(options.unknownPositionPolicy ?? 'adopt'),
    restart(next = {}) {
      rig.pieces.journal.close();
      rig.pieces = build(next.unknownPositionPolicy ?? options.unknownPositionPolicy ?? 'adopt');
      return rig.pieces;
    },
    setPrice: async (price) => {
      await control(emulator, '/price', { symbol: SYMBOL, price });
    },
    faults: async (plan) => {
      if (plan === null) await control(emulator, '/faults', null, 'DELETE');
      else await control(emulator, '/faults', plan);
    },
    async close() {
      rig.pieces.journal.close();
      await exchange.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return rig;
}

export function limitEntry(
  side: PositionSide,
  price: number,
  stopLoss: number | null,
  qty = 0.01,
): OrderIntent {
  return {
    symbol: SYMBOL,
    side: side === 'LONG' ? 'BUY' : 'SELL',
    type: 'LIMIT',
    qty,
    price,
    stopLoss,
    takeProfit: null,
    leverage: 5,
    notionalUsdt: qty * price,
    marginUsdt: (qty * price) / 5,
    riskUsdt: stopLoss === null ? qty * price : Math.abs(price - stopLoss) * qty,
    reduceOnly: false,
  };
}

export function openEntry(rig: FaultRig, intent: OrderIntent, cycleKeyMs: number) {
  return journaledOpen(rig.pieces.executor, rig.pieces.journal, { intent, cycleKeyMs, atMs: Date.now() });
}

export const known = (journal: Journal): KnownPosition[] => journal.openPositions();

/** Reconciler then position manager, as the engine runs them. */
export async function step(rig: FaultRig, nowMs = Date.now()) {
  await rig.pieces.ledger.sync(nowMs);
  return rig.pieces.manager.tick(nowMs, known(rig.pieces.journal));
}

export async function venuePositions(rig: FaultRig): Promise<ExchangePosition[]> {
  return (await rig.exchange.getPositions()).filter((p) => p.qty > 0);
}

/**
 * The end state every fault test demands: the journal's open positions are the exchange's, every
 * position has a stop on the exchange, the journal's last stop is the exchange's, no order the
 * journal thinks is live is unknown to the venue, and no conditional order is left without a position.
 */
export async function expectAgreement(rig: FaultRig): Promise<void> {
  const { journal } = rig.pieces;
  await rig.pieces.ledger.sync(Date.now());
  const venue = await venuePositions(rig);
  const orders = await rig.exchange.getOpenOrders();
  const journaled = journal.openPositions();
  expect(journaled.map((p) => `${p.symbol}:${p.side}`).sort()).toEqual(
    venue.map((p) => `${p.symbol}:${p.side}`).sort(),
  );
  for (const position of venue) {
    const stop = stopOnExchange(position, orders);
    expect(stop, `${position.symbol} has a stop on the exchange`).not.toBeNull();
    const mine = journaled.find((p) => p.symbol === position.symbol);
    expect(mine?.stopLoss).toBe(stop);
  }
  for (const order of journal.openOrdersByClientId().values()) {
    const live = await rig.exchange.getOrder({ symbol: order.symbol, clientOrderId: order.clientOrderId });
    expect(live, `the venue knows ${order.clientOrderId}`).not.toBeNull();
  }
  for (const order of orders.filter((o) => o.stopKind !== 'NONE')) {
    expect(
      venue.some((p) => p.symbol === order.symbol),
      `${order.orderId} belongs to a position`,
    ).toBe(true);
  }
}

export function rows<T>(journal: Journal, sql: string, ...params: unknown[]): T[] {
  return databaseOf(journal)
    .prepare(sql)
    .all(...params) as T[];
}

export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  timeoutMs = 5000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
