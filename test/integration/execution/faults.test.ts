import { afterEach, describe, expect, it } from 'vitest';
import { watchAccountStream } from '../../../src/engine/account-stream.ts';
import { stopOnExchange } from '../../../src/execution/protection.ts';
import {
  eventually,
  expectAgreement,
  type FaultRig,
  known,
  limitEntry,
  openEntry,
  rows,
  SYMBOL,
  startRig,
  step,
  venuePositions,
} from './harness.ts';

const rigs: FaultRig[] = [];
async function rig(options?: Parameters<typeof startRig>[0]): Promise<FaultRig> {
  const r = await startRig(options);
  rigs.push(r);
  return r;
}
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close();
});

const CYCLE = 1_764_000_000_000;
const entryOrders = (r: FaultRig) =>
  rows<{ client_order_id: string; state: string; filled_qty: number }>(
    r.pieces.journal,
    "SELECT client_order_id, state, filled_qty FROM orders WHERE role = 'ENTRY'",
  );
const states = (r: FaultRig, id: string) =>
  rows<{ state: string }>(
    r.pieces.journal,
    'SELECT state FROM order_events WHERE client_order_id = ? ORDER BY id',
    id,
  ).map((e) => e.state);

describe('execution under exchange faults (Bybit adapter against the emulator)', () => {
  it('timeout after the exchange accepted the entry: found by client id, never sent twice', async () => {
    const r = await rig();
    await r.faults({ lateAnswer: { count: 1, path: '/v5/order/create', delayMs: 1500 } });
    const report = await openEntry(r, limitEntry('LONG', 49_900, 49_000), CYCLE);
    expect(report.status).toBe('submitted');
    expect(report.orderId).not.toBeNull();
    // A retry of the same cycle (or a restart) reuses the client id: the venue refuses the duplicate.
    const again = await openEntry(r, limitEntry('LONG', 49_900, 49_000), CYCLE);
    expect(again.status).toBe('already-submitted');
    expect(again.orderId).toBe(report.orderId);
    await r.setPrice(49_800);
    await step(r);
    const [position] = await venuePositions(r);
    expect(position?.qty).toBe(0.01);
    expect(entryOrders(r)).toEqual([
      { client_order_id: report.clientOrderId, state: 'FILLED', filled_qty: 0.01 },
    ]);
    expect(states(r, report.clientOrderId)).toEqual(['INTENT', 'SUBMITTED', 'FILLED']);
    await expectAgreement(r);
  });

  it('rate limit in the middle of a stop update: the move waits, the old stop stays, nothing is recreated', async () => {
    const r = await rig();
    await openEntry(r, limitEntry('LONG', 49_900, 49_000), CYCLE);
    await r.setPrice(49_800);
    await step(r);
    const stopOrder = (await r.exchange.getOpenOrders()).find((o) => o.stopKind === 'STOP_LOSS');
    expect(stopOrder?.triggerPrice).toBe(49_000);
    await r.setPrice(50_700); // +1.6% from the entry: break-even, first lock rung and trailing all arm
    await r.faults({ rateLimit: { count: 200, path: '/v5/position/trading-stop', retryAfterMs: 50 } });
    const blocked = await step(r);
    expect(blocked.moves).toEqual([]);
    expect(blocked.failures[0]).toMatch(/not applied: RateLimitedError/);
    await expectAgreement(r); // the journal still says 49 000, like the exchange
    await r.faults(null);
    const moved = await step(r);
    expect(moved.moves).toHaveLength(1);
    const after = (await r.exchange.getOpenOrders()).filter((o) => o.stopKind === 'STOP_LOSS');
    expect(after).toHaveLength(1);
    expect(after[0]?.orderId).toBe(stopOrder?.orderId); // changed in place
    expect(after[0]?.triggerPrice).toBe(moved.moves[0]?.newStop);
    expect(moved.moves[0]?.newStop).toBeGreaterThan(49_900);
    await expectAgreement(r);
  });

  it('a rate limit the adapter rides out inside one update still moves the stop once', async () => {
    const r = await rig();
    await openEntry(r, limitEntry('LONG', 49_900, 49_000), CYCLE);
    await r.setPrice(49_800);
    await step(r);
    await r.setPrice(50_700);
    await r.faults({ rateLimit: { count: 1, path: '/v5/position/trading-stop', retryAfterMs: 50 } });
    const moved = await step(r);
    expect(moved.moves).toHaveLength(1);
    expect(rows(r.pieces.journal, 'SELECT * FROM stop_moves')).toHaveLength(1);
    await expectAgreement(r);
  });

  it('stop rejected after a fill: set again with retries, journaled as a RESTORE move', async () => {
    const r = await rig();
    // The entry carried its stop, but after the fill the position shows none (the venue dropped it).
    await openEntry(r, limitEntry('LONG', 49_900, 49_000), CYCLE);
    await r.setPrice(49_800);
    await r.exchange.setTradingStop({ symbol: SYMBOL, stopLoss: 0 });
    await r.faults({ rejectTradingStop: { count: 2 } });
    const report = await step(r);
    expect(report.protections[0]?.result).toMatchObject({ status: 'restored', attempts: 3 });
    const [position] = await venuePositions(r);
    expect(position && stopOnExchange(position, await r.exchange.getOpenOrders())).toBe(49_000);
    const moves = rows<{ rule: string; old_stop: number | null }>(
      r.pieces.journal,
      'SELECT rule, old_stop FROM stop_moves',
    );
    expect(moves).toEqual([{ rule: 'RESTORE', old_stop: null }]);
    await expectAgreement(r);
  });

  it('stop refused every time after a fill: the position is closed at once and trading halts', async () => {
    const r = await rig();
    await openEntry(r, limitEntry('LONG', 49_900, null), CYCLE);
    await r.setPrice(49_800);
    await r.faults({ rejectTradingStop: { count: 50 } });
    const report = await step(r);
    expect(report.protections[0]?.result.status).toBe('closed');
    // The reduce-only MARKET close filled in the venue's matching step, before the call returned.
    expect(await venuePositions(r)).toEqual([]);
    await r.faults(null);
    expect(r.pieces.keeper.state.state).toBe('HALTED');
    const change = rows<{ to_state: string; source: string; reason: string }>(
      r.pieces.journal,
      'SELECT to_state, source, reason FROM trading_state_changes',
    );
    expect(change).toEqual([expect.objectContaining({ to_state: 'HALTED', source: 'protection' })]);
    await expectAgreement(r);
    const [closed] = rows<{ exit_reason: string }>(
      r.pieces.journal,
      'SELECT exit_reason FROM position_closes',
    );
    expect(closed?.exit_reason).toBe('KILL_SWITCH');
  });

  it('partial fill then cancel: the filled part is protected, the rest cancelled, the journal keeps the filled qty', async () => {
    const r = await rig();
    // The emulator's partialFills fault plan does not reach its matcher at run time; use the matcher's hook.
    r.emulator.venue.paper.faults.partialFills(0.004);
    const report = await openEntry(r, limitEntry('LONG', 49_900, 49_000), CYCLE);
    await r.setPrice(49_800);
    await step(r);
    expect(entryOrders(r)).toEqual([
      { client_order_id: report.clientOrderId, state: 'PARTIALLY_FILLED', filled_qty: 0.004 },
    ]);
    const [partial] = await venuePositions(r);
    expect(partial?.qty).toBe(0.004);
    expect(partial && stopOnExchange(partial, await r.exchange.getOpenOrders())).toBe(49_000);
    r.emulator.venue.paper.faults.partialFills(null);
    const { cancelExpiredEntries } = await import('../../../src/execution/pending-entries.ts');
    const cancelled = await cancelExpiredEntries(
      { exchange: r.exchange, journal: r.pieces.journal, log: () => {} },
      Date.now() + 31 * 60_000,
      30 * 60_000,
    );
    expect(cancelled).toBe(1);
    expect(entryOrders(r)).toEqual([
      { client_order_id: report.clientOrderId, state: 'EXPIRED', filled_qty: 0.004 },
    ]);
    await step(r);
    expect((await venuePositions(r))[0]?.qty).toBe(0.004);
    await expectAgreement(r);
  });

  it('WebSocket dropped while the stop triggers: the reconnect reconciles the close with its reason', async () => {
    const r = await rig();
    await openEntry(r, limitEntry('LONG', 49_900, 49_000), CYCLE);
    await r.setPrice(49_800);
    await step(r);
    let reconciled = 0;
    const stop = await watchAccountStream(r.exchange, {
      onReconnected: () => {
        void r.pieces.ledger.reconcile(Date.now(), 'stream reconnected').then(() => {
          reconciled += 1;
        });
      },
      onAccountChange: () => {},
    });
    try {
      await r.emulator.ws.drop('private');
      await r.setPrice(48_900); // the stop fills while nobody listens
      await eventually(async () => reconciled > 0, 8000);
      const [closed] = rows<{ exit_reason: string; exit_price: number }>(
        r.pieces.journal,
        'SELECT exit_reason, exit_price FROM position_closes',
      );
      expect(closed?.exit_reason).toBe('STOP_LOSS');
      expect(closed?.exit_price).toBeLessThanOrEqual(49_000);
      expect(known(r.pieces.journal)).toEqual([]);
      expect(rows(r.pieces.journal, "SELECT * FROM events WHERE kind = 'reconcile.done'")).toHaveLength(1);
      await expectAgreement(r);
    } finally {
      await stop();
    }
  });

  it('restart while an entry is pending: the new process finds it by client id and does not send it again', async () => {
    const r = await rig();
    const first = await openEntry(r, limitEntry('LONG', 49_900, 49_000), CYCLE);
    expect(first.status).toBe('submitted');
    r.restart();
    await r.pieces.ledger.reconcile(Date.now(), 'start');
    expect(entryOrders(r)[0]?.state).toBe('OPEN');
    const resent = await openEntry(r, limitEntry('LONG', 49_900, 49_000), CYCLE);
    expect(resent.status).toBe('already-submitted');
    expect((await r.exchange.getOpenOrders()).filter((o) => o.stopKind === 'NONE')).toHaveLength(1);
    await r.setPrice(49_800);
    await step(r);
    expect((await venuePositions(r))[0]?.qty).toBe(0.01);
    await expectAgreement(r);
  });

  it('a restart continues the position manager exactly where it stopped', async () => {
    const r = await rig();
    const entry = await openEntry(r, limitEntry('LONG', 49_900, 49_000), CYCLE);
    await r.setPrice(49_800);
    await step(r);
    await r.setPrice(51_000);
    await step(r);
    const before = r.pieces.manager.memoryOf(entry.clientOrderId);
    expect(before?.bestPrice).toBe(51_000);
    r.restart();
    await r.setPrice(50_800); // lower than the best: a fresh memory would trail from here
    const report = await step(r);
    expect(report.moves).toEqual([]);
    expect(r.pieces.manager.memoryOf(entry.clientOrderId)).toEqual(before);
    await expectAgreement(r);
  });

  it('a position opened by hand is adopted and protected', async () => {
    const r = await rig();
    await r.exchange.placeOrder({
      symbol: SYMBOL,
      side: 'SELL',
      type: 'MARKET',
      qty: 0.002,
      clientOrderId: 'by-hand-1',
    });
    expect(await venuePositions(r)).toHaveLength(1);
    await step(r);
    const [adopted] = known(r.pieces.journal);
    expect(adopted?.positionId).toMatch(/^adopted-BTCUSDT-/);
    expect(rows(r.pieces.journal, "SELECT * FROM events WHERE kind = 'position.adopted'")).toHaveLength(1);
    const [position] = await venuePositions(r);
    const stop = position && stopOnExchange(position, await r.exchange.getOpenOrders());
    expect(stop).toBeGreaterThan(position?.entryPrice ?? Number.POSITIVE_INFINITY);
    await expectAgreement(r);
  });

  it('a position opened by hand is closed when UNKNOWN_POSITION_POLICY=close', async () => {
    const r = await rig({ unknownPositionPolicy: 'close' });
    await r.exchange.placeOrder({
      symbol: SYMBOL,
      side: 'BUY',
      type: 'MARKET',
      qty: 0.002,
      clientOrderId: 'by-hand-2',
    });
    expect(await venuePositions(r)).toHaveLength(1);
    await r.pieces.ledger.sync(Date.now());
    // The reconciler's reduce-only MARKET close filled when it was placed.
    expect(await venuePositions(r)).toEqual([]);
    await expectAgreement(r);
    const [closed] = rows<{ exit_reason: string }>(
      r.pieces.journal,
      'SELECT exit_reason FROM position_closes',
    );
    expect(closed?.exit_reason).toBe('KILL_SWITCH');
    expect(
      rows(r.pieces.journal, "SELECT * FROM events WHERE kind = 'reconcile.unknown-closed'"),
    ).toHaveLength(1);
  });
});
