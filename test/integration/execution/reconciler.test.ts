import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.ts';
import type { ExchangeOrder, ExchangePort } from '../../../src/exchange/port.ts';
import { Reconciler } from '../../../src/execution/reconciler.ts';
import { openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';

const T0 = 1_767_225_600_000;
const order = (overrides: Partial<ExchangeOrder>): ExchangeOrder => ({
  orderId: 'o-1',
  clientOrderId: '',
  symbol: 'BTCUSDT',
  side: 'SELL',
  type: 'MARKET',
  status: 'UNTRIGGERED',
  stopKind: 'STOP_LOSS',
  price: null,
  qty: 0.01,
  filledQty: 0,
  avgFillPrice: null,
  triggerPrice: 49_000,
  stopLoss: null,
  takeProfit: null,
  reduceOnly: true,
  reason: null,
  createdAtMs: T0,
  updatedAtMs: T0,
  ...overrides,
});

/** Only what the reconciler calls; anything else fails the test loudly. */
function venue(orders: ExchangeOrder[], cancelled: string[]): ExchangePort {
  const known: Partial<ExchangePort> = {
    getOpenOrders: async () => orders.filter((o) => !cancelled.includes(o.orderId)),
    getPositions: async () => [],
    getExecutions: async () => [],
    getOrder: async () => null,
    cancelOrder: async (ref) => {
      cancelled.push(ref.orderId ?? '');
      return { orderId: ref.orderId ?? '', clientOrderId: '' };
    },
  };
  return new Proxy(known as ExchangePort, {
    get(target, key) {
      const value = Reflect.get(target, key);
      if (value === undefined) throw new Error(`the reconciler called ${String(key)}`);
      return value;
    },
  });
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('reconciler', () => {
  it('cancels the leftover stops and take-profits of a closed position and journals each one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-reconcile-'));
    dirs.push(dir);
    const journal = openJournal(path.join(dir, 'journal.db'));
    const cancelled: string[] = [];
    const orders = [
      order({ orderId: 'stop-1' }),
      order({ orderId: 'tp-1', stopKind: 'TAKE_PROFIT', triggerPrice: 52_000 }),
      // A conditional entry (not reduce-only) belongs to the operator: left alone.
      order({ orderId: 'cond-entry', stopKind: 'CONDITIONAL', reduceOnly: false, side: 'BUY' }),
    ];
    const ledger = new Reconciler(
      venue(orders, cancelled),
      journal,
      ['BTCUSDT'],
      createLogger({ level: 'silent', pretty: false }),
    );
    await ledger.reconcile(T0, 'start');
    expect(cancelled.sort()).toEqual(['stop-1', 'tp-1']);
    const events = databaseOf(journal).prepare('SELECT kind FROM events ORDER BY id').pluck().all();
    expect(events).toEqual(['reconcile.orphan-cancelled', 'reconcile.orphan-cancelled', 'reconcile.done']);
    journal.close();
  });
});
