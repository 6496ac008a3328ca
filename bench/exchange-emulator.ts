import { BybitExchange } from '../src/exchange/bybit/index.ts';
import { startEmulator } from '../src/exchange/emulator/index.ts';
import type { BenchFigure, BenchSuite } from './types.ts';

const ROUNDS = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

/** Request latency through the Bybit adapter (signing, HTTP on loopback, venue rules, matcher, mapping). */
export const exchangeEmulatorSuite: BenchSuite = {
  name: 'emulator',
  async run(): Promise<BenchFigure[]> {
    const emulator = await startEmulator({
      symbols: ['BTCUSDT'],
      clock: 'wall',
      enforceRateLimits: false,
      startBalanceUsdt: 1_000_000,
    });
    const credential = emulator.credentials[0] as { apiKey: string; apiSecret: string };
    const exchange = new BybitExchange({
      environment: 'testnet',
      apiKey: credential.apiKey,
      apiSecret: credential.apiSecret,
      endpoints: {
        restUrl: emulator.restUrl,
        wsPublicUrl: emulator.wsPublicUrl,
        wsPrivateUrl: emulator.wsPrivateUrl,
      },
    });
    try {
      await fetch(`${emulator.controlUrl}/price`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ symbol: 'BTCUSDT', price: 50_000 }),
      });
      await exchange.getServerTimeMs();
      const place: number[] = [];
      const cancel: number[] = [];
      for (let i = 0; i < ROUNDS + 20; i++) {
        const clientOrderId = `bench-${i}`;
        let t = performance.now();
        const placed = await exchange.placeOrder({
          symbol: 'BTCUSDT',
          side: 'BUY',
          type: 'LIMIT',
          qty: 0.001,
          price: 45_000,
          clientOrderId,
        });
        const placeMs = performance.now() - t;
        t = performance.now();
        await exchange.cancelOrder({ symbol: 'BTCUSDT', orderId: placed.orderId });
        const cancelMs = performance.now() - t;
        // The first rounds warm up the JIT and the sockets.
        if (i >= 20) {
          place.push(placeMs);
          cancel.push(cancelMs);
        }
      }
      place.sort((a, b) => a - b);
      cancel.sort((a, b) => a - b);
      const note = `${ROUNDS} sequential requests, adapter → emulator on 127.0.0.1`;
      return [
        { name: 'place order latency p50', value: percentile(place, 0.5), unit: 'ms', note },
        { name: 'place order latency p95', value: percentile(place, 0.95), unit: 'ms' },
        { name: 'cancel order latency p50', value: percentile(cancel, 0.5), unit: 'ms' },
        { name: 'cancel order latency p95', value: percentile(cancel, 0.95), unit: 'ms' },
      ];
    } finally {
      await exchange.close();
      await emulator.close();
    }
  },
};
