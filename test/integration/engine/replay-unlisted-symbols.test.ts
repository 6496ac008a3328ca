import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.ts';
import { buildReplayEngine } from '../../../src/app/wiring.ts';
import { loadConfig } from '../../../src/config/index.ts';
import { emulatorInstrument } from '../../../src/exchange/emulator/instruments.ts';
import { openJournal } from '../../../src/journal/index.ts';
import { formatCandleCsv, formatFundingCsv } from '../../../src/market/feeds/csv-write.ts';
import { generateSyntheticMarket } from '../../../src/market/synthetic/generator.ts';

describe('a replay of symbols Bybit does not list in the offline rules', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-unlisted-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('derives their rules from each file’s first price and runs its cycles', async () => {
    const symbols = ['SYNAUSDT', 'SYNBUSDT'];
    const firstClose = new Map<string, number>();
    for (const [i, symbol] of symbols.entries()) {
      const market = generateSyntheticMarket({ seed: 3, symbol, candles: 1_020, startPrice: 100 * 50 ** i });
      firstClose.set(symbol, market.candles[0]?.close ?? Number.NaN);
      writeFileSync(path.join(dir, `${symbol}-5m.csv`), formatCandleCsv(market.candles));
      writeFileSync(path.join(dir, `${symbol}-funding.csv`), formatFundingCsv(market.funding));
    }
    const { config } = loadConfig({
      env: { SYMBOLS: symbols.join(','), JOURNAL_PATH: path.join(dir, 'journal.db') },
      dotenvPath: null,
    });
    const journal = openJournal(config.JOURNAL_PATH);
    try {
      const { engine, exchange } = buildReplayEngine(
        { config, journal, logger: createLogger({ level: 'silent', pretty: false }) },
        { dir, speed: 'instant', maxCycles: 1 },
      );
      const rules = await exchange.getInstruments(symbols);
      for (const symbol of symbols) {
        const expected = emulatorInstrument(symbol, firstClose.get(symbol));
        expect(rules.find((r) => r.symbol === symbol)).toMatchObject({
          tickSize: expected.tickSize,
          qtyStep: expected.qtyStep,
        });
      }
      expect(rules[0]?.tickSize).not.toBe(rules[1]?.tickSize);
      expect((await engine.run()).cycles).toBe(1);
    } finally {
      journal.close();
    }
  }, 60_000);
});
