import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.ts';
import { PaperExchange } from '../../../src/exchange/paper/index.ts';
import { Executor } from '../../../src/execution/executor.ts';
import { journaledOpen } from '../../../src/execution/journaled-orders.ts';
import { PositionManager } from '../../../src/execution/position-manager.ts';
import { stopOnExchange } from '../../../src/execution/protection.ts';
import { Reconciler } from '../../../src/execution/reconciler.ts';
import { openJournal } from '../../../src/journal/index.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';
import { limitEntry, rules } from './harness.ts';

type Step =
  | { kind: 'candle'; drift: number; range: number }
  | { kind: 'entry'; long: boolean; offset: number; withStop: boolean }
  | { kind: 'by-hand'; long: boolean }
  | { kind: 'drop-stop' };

const bp = (min: number, max: number) => fc.integer({ min, max }).map((v) => v / 10_000);
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({ kind: fc.constant('candle' as const), drift: bp(-250, 250), range: bp(0, 150) }),
    weight: 6,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('entry' as const),
      long: fc.boolean(),
      offset: bp(5, 60),
      withStop: fc.boolean(),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('by-hand' as const), long: fc.boolean() }), weight: 1 },
  { arbitrary: fc.constant({ kind: 'drop-stop' as const }), weight: 1 },
);

const PERIOD_MS = 300_000;
const T0 = 1_767_225_600_000;

async function session(steps: Step[]): Promise<string | null> {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-protect-'));
  const journal = openJournal(path.join(dir, 'journal.db'));
  let now = T0;
  const exchange = new PaperExchange({
    instruments: contractInstruments,
    startBalanceUsdt: 100_000,
    slippagePct: 0.0005,
    now: () => now,
    candleTimeframe: '5m',
    eventDelivery: 'sync',
  });
  try {
    const logger = createLogger({ level: 'silent', pretty: false });
    const executor = new Executor(exchange, { sleep: async () => {} });
    const ledger = new Reconciler(exchange, journal, ['BTCUSDT'], logger, { executor });
    const manager = new PositionManager({
      exchange,
      executor,
      journal,
      rules,
      minUpdateIntervalMs: 0,
      fallbackStopDistancePct: 0.025,
      instruments: new Map(contractInstruments.map((r) => [r.symbol, r])),
      atr: () => 300,
      onProtectionFailure: () => {},
      log: () => {},
      protection: { attempts: 2, sleep: async () => {} },
    });
    let price = 50_000;
    exchange.onCandle('BTCUSDT', {
      ts: now - PERIOD_MS,
      open: price,
      high: price,
      low: price,
      close: price,
      volume: 1,
    });
    let hand = 0;
    for (const step of steps) {
      if (step.kind === 'candle') {
        const close = Math.round(price * (1 + step.drift) * 10) / 10;
        const high = Math.max(price, close) * (1 + step.range);
        const low = Math.min(price, close) * (1 - step.range);
        exchange.onCandle('BTCUSDT', { ts: now, open: price, high, low, close, volume: 1 });
        price = close;
        now += PERIOD_MS;
      } else if (step.kind === 'entry') {
        const side = step.long ? 'LONG' : 'SHORT';
        const entry = Math.round(price * (1 + (step.long ? -1 : 1) * step.offset) * 10) / 10;
        const stop = Math.round(entry * (1 + (step.long ? -1 : 1) * 0.01) * 10) / 10;
        const intent = limitEntry(side, entry, step.withStop ? stop : null, 0.01);
        await journaledOpen(executor, journal, { intent, cycleKeyMs: now + hand++, atMs: now });
      } else if (step.kind === 'by-hand') {
        await exchange
          .placeOrder({
            symbol: 'BTCUSDT',
            side: step.long ? 'BUY' : 'SELL',
            type: 'MARKET',
            qty: 0.01,
            clientOrderId: `hand-${hand++}`,
          })
          .catch(() => {});
      } else {
        await exchange.setTradingStop({ symbol: 'BTCUSDT', stopLoss: 0 }).catch(() => {});
      }
      // The invariant is measured at the position manager's cadence: right after its step.
      if (step.kind !== 'candle') continue;
      await ledger.sync(now);
      await manager.tick(now, journal.openPositions());
      const orders = await exchange.getOpenOrders();
      for (const position of await exchange.getPositions()) {
        if (position.qty <= 0) continue;
        const closing = orders.some((o) => o.reduceOnly && o.stopKind === 'NONE' && o.type === 'MARKET');
        if (stopOnExchange(position, orders) === null && !closing) {
          return `${position.side} ${position.qty} at ${now} has no stop after a manager step`;
        }
      }
    }
    return null;
  } finally {
    journal.close();
    await exchange.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('protection in simulation', () => {
  it('no position is left without a stop for longer than one position-manager period (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 5, maxLength: 40 }), async (steps) => {
        const problem = await session(steps);
        expect(problem).toBeNull();
      }),
      { numRuns: 30 },
    );
  }, 120_000);
});
