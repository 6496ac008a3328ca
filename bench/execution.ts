import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createLogger } from '../src/app/logger.ts';
import { PaperExchange } from '../src/exchange/paper/index.ts';
import { Executor } from '../src/execution/executor.ts';
import { journaledOpen } from '../src/execution/journaled-orders.ts';
import { PositionManager } from '../src/execution/position-manager.ts';
import { Reconciler } from '../src/execution/reconciler.ts';
import {
  breakEvenStop,
  profitLockStop,
  ratchetStop,
  type StopRuleConfig,
  trailingStop,
} from '../src/execution/stop-rules.ts';
import { openJournal } from '../src/journal/index.ts';
import { contractInstruments } from '../test/support/exchange-harness.ts';
import type { BenchFigure, BenchSuite } from './types.ts';

const rules: StopRuleConfig = {
  breakEven: { enabled: true, triggerPct: 0.015, offsetPct: 0.001 },
  profitLock: {
    enabled: true,
    ladder: [
      { movePct: 0.015, lockPct: 0.005 },
      { movePct: 0.025, lockPct: 0.01 },
      { movePct: 0.035, lockPct: 0.015 },
      { movePct: 0.045, lockPct: 0.02 },
      { movePct: 0.06, lockPct: 0.03 },
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

function ratchetThroughput(): number {
  const n = 200_000;
  let sink = 0;
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const best = 100 + (i % 700) / 100;
    const trade = { side: 'LONG' as const, entryPrice: 100, openedAtMs: 0, bestPrice: best };
    const move = ratchetStop({
      side: 'LONG',
      currentStop: 99,
      markPrice: best - 0.3,
      tickSize: 0.01,
      candidates: [
        breakEvenStop(trade, rules),
        profitLockStop(trade, rules),
        trailingStop(trade, 0.6, rules),
      ],
    });
    sink += move?.stop ?? 0;
  }
  if (sink < 0) throw new Error('unreachable');
  return n / ((performance.now() - start) / 1000);
}

/** One manager step on a paper position whose stop moves every step (journal writes included). */
async function managerStepCost(): Promise<{ movingMs: number; idleMs: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-bench-exec-'));
  const journal = openJournal(path.join(dir, 'journal.db'));
  let now = 1_767_225_600_000;
  const exchange = new PaperExchange({
    instruments: contractInstruments,
    startBalanceUsdt: 100_000,
    slippagePct: 0.0005,
    now: () => now,
    eventDelivery: 'sync',
  });
  try {
    exchange.setMarkPrice('BTCUSDT', 50_000, now);
    const executor = new Executor(exchange);
    const ledger = new Reconciler(
      exchange,
      journal,
      ['BTCUSDT'],
      createLogger({ level: 'silent', pretty: false }),
    );
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
    });
    const intent = {
      symbol: 'BTCUSDT',
      side: 'BUY' as const,
      type: 'LIMIT' as const,
      qty: 0.01,
      price: 49_900,
      stopLoss: 49_000,
      takeProfit: null,
      leverage: 5,
      notionalUsdt: 499,
      marginUsdt: 100,
      riskUsdt: 9,
      reduceOnly: false,
    };
    await journaledOpen(executor, journal, { intent, cycleKeyMs: now, atMs: now });
    now += 1000;
    exchange.setMarkPrice('BTCUSDT', 49_800, now);
    await ledger.sync(now);
    const steps = 300;
    let price = 50_600;
    let start = performance.now();
    for (let i = 0; i < steps; i++) {
      price += 20;
      now += 60_000;
      exchange.setMarkPrice('BTCUSDT', price, now);
      await manager.tick(now, journal.openPositions());
    }
    const movingMs = (performance.now() - start) / steps;
    start = performance.now();
    for (let i = 0; i < steps; i++) {
      now += 60_000;
      exchange.setMarkPrice('BTCUSDT', price - 100, now);
      await manager.tick(now, journal.openPositions());
    }
    return { movingMs, idleMs: (performance.now() - start) / steps };
  } finally {
    journal.close();
    await exchange.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const executionSuite: BenchSuite = {
  name: 'execution',
  async run(): Promise<BenchFigure[]> {
    const step = await managerStepCost();
    return [
      {
        name: 'stop ratchet (3 rules + tick rounding)',
        value: Math.round(ratchetThroughput()),
        unit: 'calls/s',
      },
      {
        name: 'manager step, stop moved (paper, journal fsync)',
        value: step.movingMs,
        unit: 'ms',
        note: '1 position',
      },
      { name: 'manager step, nothing to move', value: step.idleMs, unit: 'ms', note: '1 position' },
    ];
  },
};
