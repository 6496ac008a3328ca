import { afterEach, describe, expect, it } from 'vitest';
import { watchAccountStream } from '../../../src/engine/account-stream.ts';
import { type EmulatorHandle, startEmulator } from '../../../src/exchange/emulator/index.ts';
import type { StreamEvent } from '../../../src/exchange/port.ts';
import { eventually } from '../../support/exchange-contract.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';
import { adapterFor, control } from './bybit-harness.ts';

/** The bound docs/bybit.md states for a silent stream to be detected and resubscribed. */
const STALL_BOUND_MS = 12_000;

let emulator: EmulatorHandle | null = null;
afterEach(async () => {
  await emulator?.close();
  emulator = null;
});

describe('a stalled Bybit stream with the adapter defaults', () => {
  it('is detected and resubscribed within 12 s, public and private, then reconciled', async () => {
    emulator = await startEmulator({
      instruments: contractInstruments,
      clock: 'wall',
      enforceRateLimits: false,
    });
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: 50_000 });
    // The adapter's own heartbeat settings: no test override of the stream options.
    const exchange = adapterFor(emulator, { stream: {} });
    const publicEvents: { at: number; event: StreamEvent }[] = [];
    const stopPublic = await exchange.subscribe(
      { candles: { symbols: ['BTCUSDT'], timeframe: '1m' }, tickers: ['BTCUSDT'] },
      (event) => publicEvents.push({ at: Date.now(), event }),
    );
    let reconciledAt: number | null = null;
    const stopPrivate = await watchAccountStream(exchange, {
      onReconnected: () => {
        reconciledAt ??= Date.now();
      },
      onAccountChange: () => {},
    });

    const stalledAt = Date.now();
    await control(emulator, '/streams', { action: 'stall', stream: 'all' });
    await eventually(() => {
      expect(reconciledAt).not.toBeNull();
      expect(publicEvents.some((e) => e.event.type === 'reconnected')).toBe(true);
    }, STALL_BOUND_MS + 3000);
    const publicBack = publicEvents.find((e) => e.event.type === 'reconnected')?.at ?? Number.NaN;
    expect((reconciledAt ?? Number.NaN) - stalledAt).toBeLessThan(STALL_BOUND_MS);
    expect(publicBack - stalledAt).toBeLessThan(STALL_BOUND_MS);
    expect(publicEvents.some((e) => e.event.type === 'disconnected' && e.at > stalledAt)).toBe(true);

    // After the resubscription the public stream carries data again.
    const seen = publicEvents.length;
    await control(emulator, '/price', { symbol: 'BTCUSDT', price: 50_100 });
    await eventually(() =>
      expect(
        publicEvents
          .slice(seen)
          .some((e) => e.event.type === 'ticker' && e.event.ticker.markPrice === 50_100),
      ).toBe(true),
    );
    await stopPublic();
    await stopPrivate();
  }, 30_000);
});
