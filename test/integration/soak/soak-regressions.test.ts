import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.ts';
import { buildExchangeEngine } from '../../../src/app/wiring-exchange.ts';
import { openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { SOAK_REQUEST_TIMEOUT_MS, startSoakEmulator } from '../../soak/emulator.ts';
import { InvariantChecker, invariantLimitsFrom } from '../../soak/invariants.ts';
import { SOAK_GROUPS, seededRandom, soakConfig, tempDir } from '../../soak/setup.ts';
import { dataDir, hasRealData } from '../../support/data.ts';

/** Defects the soak found, each pinned by the scenario that exposed it. */
describe.skipIf(!hasRealData)('soak regressions', () => {
  it('keeps running when the open-orders list answers HTTP 500 while pending entries are expired', async () => {
    const group = SOAK_GROUPS[0] as (typeof SOAK_GROUPS)[number];
    const emulator = await startSoakEmulator(dataDir, group, 12, seededRandom(3));
    const dir = tempDir('regression');
    const journalPath = path.join(dir, 'journal.db');
    const journal = openJournal(journalPath);
    try {
      const config = soakConfig(group.symbols, journalPath, 3, {
        TRADING_MODE: 'testnet',
        BYBIT_REQUEST_TIMEOUT_MS: String(SOAK_REQUEST_TIMEOUT_MS),
      });
      const { engine, close } = await buildExchangeEngine(
        { config, journal, logger: createLogger({ level: 'silent', pretty: false }) },
        { exchangeUrl: emulator.restUrl, maxCycles: 4 },
      );
      // Every open-orders read fails for a while: the first thing each cycle does is expire entries.
      emulator.faults.set({ serverError: { count: 12, path: '/v5/order/realtime', status: 500 } });
      try {
        const result = await engine.run();
        expect(result).toMatchObject({ cycles: 4, stoppedBy: 'max-cycles' });
      } finally {
        await close();
      }
      const failures = databaseOf(journal)
        .prepare("SELECT COUNT(*) FROM events WHERE kind = 'entry-ttl.failed'")
        .pluck()
        .get() as number;
      expect(failures).toBeGreaterThan(0);
      const checker = new InvariantChecker(invariantLimitsFrom(config, 100));
      await checker.check(emulator.marketNowMs(), emulator.venue.paper, journal);
      expect(checker.violations).toEqual([]);
    } finally {
      journal.close();
      await emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('counts a MARKET entry waiting for its fill at its reference price, not at zero', async () => {
    const dir = tempDir('regression-market');
    const journal = openJournal(path.join(dir, 'journal.db'));
    try {
      journal.recordOrderEvent({
        atMs: 1,
        clientOrderId: 'w-BTCUSDT-1',
        state: 'INTENT',
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'MARKET',
        role: 'ENTRY',
        qty: 0.001,
        price: 50_000,
        stopLoss: 49_750,
        reduceOnly: false,
      } as never);
      const venue = {
        getPositions: async () => [],
        getWallet: async () => ({
          equityUsdt: 100,
          walletBalanceUsdt: 100,
          availableUsdt: 100,
          unrealisedPnlUsdt: 0,
        }),
        getTicker: async () => ({ markPrice: 50_000 }),
        getInstruments: async () => [{ symbol: 'BTCUSDT', takerFee: 0.00055, makerFee: 0.0002 }],
        getOpenOrders: async () => [
          {
            clientOrderId: 'w-BTCUSDT-1',
            symbol: 'BTCUSDT',
            side: 'BUY',
            type: 'MARKET',
            stopKind: 'NONE',
            price: null,
            qty: 0.001,
            filledQty: 0,
            stopLoss: 49_750,
            reduceOnly: false,
          },
        ],
      };
      // 0.001 × (250 distance + 2 × 50 slippage allowance + 2 × 27.5 taker fees) = 0.405 USDT.
      const checker = new InvariantChecker({
        maxTotalRiskUsdt: 0.41,
        slSlippageAllowancePct: 0.001,
        maxLossUsdtPerTrade: 0.35,
        equityFloorUsdt: 80,
        stoplessChecksGrace: 1,
      });
      await checker.check(1, venue as never, journal);
      expect(checker.violations).toEqual([]);
      const tight = new InvariantChecker({
        maxTotalRiskUsdt: 0.4,
        slSlippageAllowancePct: 0.001,
        maxLossUsdtPerTrade: 0.35,
        equityFloorUsdt: 80,
        stoplessChecksGrace: 1,
      });
      await tight.check(1, venue as never, journal);
      expect(tight.violations.map((v) => v.invariant)).toEqual(['total-risk']);
    } finally {
      journal.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
