import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.ts';
import { engineDeps } from '../../../src/app/wiring.ts';
import { loadConfig } from '../../../src/config/index.ts';
import { Engine } from '../../../src/engine/engine.ts';
import type { BybitExchange } from '../../../src/exchange/bybit/index.ts';
import { type EmulatorHandle, startEmulator } from '../../../src/exchange/emulator/index.ts';
import { stopOnExchange } from '../../../src/execution/protection.ts';
import { type Journal, openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import type { CandleFeed, FeedEvent } from '../../../src/market/feeds/types.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';
import { adapterFor, control } from '../exchange/bybit-harness.ts';
import { eventually } from './harness.ts';

/** A live feed with no candles: the engine only runs its position-manager cadence until aborted. */
function quietFeed(): CandleFeed {
  return {
    symbols: ['BTCUSDT'],
    timeframe: '5m',
    history: async () => [],
    async *events(signal?: AbortSignal): AsyncIterable<FeedEvent> {
      await new Promise<void>((resolve) =>
        signal?.addEventListener('abort', () => resolve(), { once: true }),
      );
    },
  };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

describe('the engine on a real venue (emulator): live position-manager cadence', () => {
  it('protects hand-opened positions at start and on its timer, and reconciles a stop that fired during a stream drop', async () => {
    const emulator: EmulatorHandle = await startEmulator({
      instruments: contractInstruments,
      startBalanceUsdt: 1000,
      clock: 'wall',
      enforceRateLimits: false,
    });
    cleanup.push(() => emulator.close());
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: 50_000 });
    const exchange: BybitExchange = adapterFor(emulator);
    cleanup.push(() => exchange.close());
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-live-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
    const { config } = loadConfig({
      env: {
        SYMBOLS: 'BTCUSDT',
        JOURNAL_PATH: path.join(dir, 'journal.db'),
        POSITION_MANAGER_INTERVAL_SEC: '1',
      },
      dotenvPath: null,
    });
    const journal: Journal = openJournal(config.JOURNAL_PATH);
    cleanup.push(async () => journal.close());

    // Opened by hand before the bot starts, without a stop.
    await exchange.placeOrder({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'MARKET',
      qty: 0.002,
      clientOrderId: 'hand-1',
    });
    // A MARKET order fills in the venue's matching step: the position exists when the call returns.
    const [handOpened] = await exchange.getPositions();
    expect(handOpened).toMatchObject({ side: 'LONG', qty: 0.002 });

    const deps = engineDeps(
      { config, journal, logger: createLogger({ level: 'silent', pretty: false }) },
      'testnet-emulator',
      exchange,
      quietFeed(),
      null,
      async () => Date.now(),
      new Map(contractInstruments.map((r) => [r.symbol, r])),
      0,
      { startEquityUsdt: 0, now: () => Date.now() },
    );
    const engine = new Engine(deps);
    const abort = new AbortController();
    const running = engine.run(abort.signal);
    cleanup.push(async () => {
      abort.abort();
      await running;
    });

    const protectedStop = await eventually(async () => {
      const [position] = await exchange.getPositions();
      return position ? stopOnExchange(position, await exchange.getOpenOrders()) : null;
    });
    expect(protectedStop).toBeLessThan(handOpened?.entryPrice ?? 0);
    expect(journal.openPositions()).toHaveLength(1);

    const kind = (k: string) =>
      databaseOf(journal).prepare('SELECT COUNT(*) FROM events WHERE kind = ?').pluck().get(k);
    await eventually(async () => kind('stream.subscribed') === 1);
    // The stream drops and the stop fires while nobody listens; the reconnect reconciles it.
    await emulator.ws.drop('private');
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: protectedStop - 100 });
    await eventually(async () => journal.openPositions().length === 0, 8000);
    const reconciles = () =>
      databaseOf(journal)
        .prepare("SELECT detail_json FROM events WHERE kind = 'reconcile.done'")
        .pluck()
        .all() as string[];
    await eventually(async () => reconciles().some((d) => d.includes('stream reconnected')), 8000);
    const closes = databaseOf(journal).prepare('SELECT exit_reason FROM position_closes').pluck().all();
    expect(closes).toEqual(['STOP_LOSS']);

    // A second hand-opened position, while the bot runs: protected by the cadence within a period or two.
    await exchange.placeOrder({
      symbol: 'BTCUSDT',
      side: 'SELL',
      type: 'MARKET',
      qty: 0.002,
      clientOrderId: 'hand-2',
    });
    const [handShort] = await exchange.getPositions();
    expect(handShort).toMatchObject({ side: 'SHORT', qty: 0.002 });
    const shortStop = await eventually(async () => {
      const [position] = await exchange.getPositions();
      return position ? stopOnExchange(position, await exchange.getOpenOrders()) : null;
    }, 5000);
    expect(shortStop).toBeGreaterThan(handShort?.entryPrice ?? Number.POSITIVE_INFINITY);
    const kinds = databaseOf(journal).prepare('SELECT kind FROM events').pluck().all();
    expect(kinds).toContain('protection.restored');
    expect(kinds.filter((k) => k === 'reconcile.done').length).toBeGreaterThanOrEqual(2);
  }, 30_000);
});
