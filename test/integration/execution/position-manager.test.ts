import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.ts';
import { PaperExchange } from '../../../src/exchange/paper/index.ts';
import { Executor } from '../../../src/execution/executor.ts';
import { journaledOpen } from '../../../src/execution/journaled-orders.ts';
import { PositionManager, type PositionManagerDeps } from '../../../src/execution/position-manager.ts';
import { Reconciler } from '../../../src/execution/reconciler.ts';
import { type Journal, openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';
import { limitEntry, rules } from './harness.ts';

const T0 = 1_767_225_600_000;
let dir: string;
let journal: Journal;
let exchange: PaperExchange;
let now: number;
let executor: Executor;
let ledger: Reconciler;
const lines: string[] = [];

function manager(overrides: Partial<PositionManagerDeps> = {}): PositionManager {
  return new PositionManager({
    exchange,
    executor,
    journal,
    rules,
    minUpdateIntervalMs: 0,
    fallbackStopDistancePct: 0.025,
    instruments: new Map(contractInstruments.map((r) => [r.symbol, r])),
    atr: () => 300,
    onProtectionFailure: () => {},
    log: (line) => lines.push(line),
    ...overrides,
  });
}

async function longAt49900(): Promise<void> {
  await journaledOpen(executor, journal, {
    intent: limitEntry('LONG', 49_900, 49_000),
    cycleKeyMs: T0,
    atMs: now,
  });
  now += 60_000;
  exchange.setMarkPrice('BTCUSDT', 49_800, now);
  await ledger.sync(now);
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'warden-pm-'));
  journal = openJournal(path.join(dir, 'journal.db'));
  now = T0;
  exchange = new PaperExchange({
    instruments: contractInstruments,
    startBalanceUsdt: 1000,
    slippagePct: 0.0005,
    now: () => now,
    eventDelivery: 'sync',
  });
  exchange.setMarkPrice('BTCUSDT', 50_000, now);
  executor = new Executor(exchange, { sleep: async () => {} });
  ledger = new Reconciler(exchange, journal, ['BTCUSDT'], createLogger({ level: 'silent', pretty: false }), {
    executor,
  });
  lines.length = 0;
});
afterEach(async () => {
  journal.close();
  await exchange.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('position manager', () => {
  it('moves a stop at most once per STOP_UPDATE_MIN_INTERVAL per symbol', async () => {
    await longAt49900();
    const pm = manager({ minUpdateIntervalMs: 10_000 });
    now += 1000;
    exchange.setMarkPrice('BTCUSDT', 50_700, now);
    expect((await pm.tick(now, journal.openPositions())).moves).toHaveLength(1);
    now += 5000;
    exchange.setMarkPrice('BTCUSDT', 51_500, now);
    expect((await pm.tick(now, journal.openPositions())).moves).toHaveLength(0);
    now += 5000;
    const late = await pm.tick(now, journal.openPositions());
    expect(late.moves).toHaveLength(1);
    expect(late.moves[0]?.rule).toBe('TRAILING');
  });

  it('writes one human-readable line per stop move, with the rule and the reason', async () => {
    await longAt49900();
    now += 1000;
    exchange.setMarkPrice('BTCUSDT', 50_700, now);
    await manager().tick(now, journal.openPositions());
    expect(lines).toEqual([
      expect.stringMatching(
        /^BTCUSDT LONG stop 49000 → 50\d{3}(\.\d)? \((BREAK_EVEN|PROFIT_LOCK|TRAILING): .+; mark 50700\)$/,
      ),
    ]);
    const [move] = databaseOf(journal).prepare('SELECT rule, reason, old_stop FROM stop_moves').all() as {
      reason: string;
    }[];
    expect(move).toMatchObject({ old_stop: 49_000 });
    expect(move?.reason.length).toBeGreaterThan(10);
  });

  it('closes a position at the time exit, reduce-only, and the journal gives TIME_EXIT as the reason', async () => {
    await longAt49900();
    const pm = manager({ rules: { ...rules, maxHoldingMs: 3_600_000 } });
    now += 3_600_000;
    exchange.setMarkPrice('BTCUSDT', 49_850, now);
    const report = await pm.tick(now, journal.openPositions());
    expect(report.timeExits).toEqual(['BTCUSDT']);
    now += 1000;
    exchange.setMarkPrice('BTCUSDT', 49_860, now);
    await ledger.sync(now);
    expect(await exchange.getPositions()).toEqual([]);
    expect(databaseOf(journal).prepare('SELECT exit_reason FROM position_closes').pluck().all()).toEqual([
      'TIME_EXIT',
    ]);
  });

  it('never loosens a stop that is already tighter than every rule', async () => {
    await longAt49900();
    now += 1000;
    exchange.setMarkPrice('BTCUSDT', 50_700, now);
    await exchange.setTradingStop({ symbol: 'BTCUSDT', stopLoss: 50_600 });
    expect((await manager().tick(now, journal.openPositions())).moves).toEqual([]);
    expect((await exchange.getPositions())[0]?.stopLoss).toBe(50_600);
  });
});
