import { describe, expect, it } from 'vitest';
import { promptDataAtReplayTime } from '../../../src/cli/commands/prompt.ts';
import { loadConfig } from '../../../src/config/index.ts';
import {
  BaselineDecider,
  FEATURE_COLUMNS,
  renderPromptData,
  systemPromptFor,
} from '../../../src/decision/index.ts';
import { dataFile, hasRealData } from '../../support/data.ts';
import { expectNoServerSideLeak } from '../../unit/decision/leak.ts';

const config = loadConfig({ env: {}, dotenvPath: null }).config;

describe.skipIf(!hasRealData)('prompt data built from real candles', () => {
  it('holds every feature on every timeframe and nothing server-side', () => {
    const at = '2025-04-07T09:00:00Z';
    const symbols = ['BTCUSDT', 'ETHUSDT'];
    const data = promptDataAtReplayTime({
      dir: dataFile('bybit-linear'),
      atMs: Date.parse(at),
      symbols,
      decisionTimeframe: '15m',
      contextTimeframes: ['1h', '4h'],
      config,
    });
    const json = renderPromptData(data);
    expectNoServerSideLeak(json);
    expect(data.time).toBe('2025-04-07T09:00Z');
    for (const symbol of symbols) {
      const s = data.symbols[symbol]!;
      expect(Object.keys(s.tf)).toEqual(['15m', '1h', '4h']);
      for (const [tf, row] of Object.entries(s.tf)) {
        FEATURE_COLUMNS.forEach((column, i) => {
          // null support/resistance means none was found near the price: a fact, not missing data.
          if (column === 'support_dist_pct' || column === 'resistance_dist_pct') return;
          expect(row[i], `${symbol} ${tf} ${column}`).toEqual(expect.any(Number));
        });
      }
      expect(s.funding_rate).toEqual(expect.any(Number));
      expect(s.mark).toBeGreaterThan(0);
    }
  });

  it("works for other venues' symbols too and the baseline answers it without a key", async () => {
    const symbols = ['DOGEUSDT'];
    const at = Date.parse('2025-08-14T18:30:00Z');
    const data = promptDataAtReplayTime({
      dir: dataFile('binance-usdm'),
      atMs: at,
      symbols,
      decisionTimeframe: '15m',
      contextTimeframes: ['1h', '4h'],
      config,
    });
    expectNoServerSideLeak(renderPromptData(data));
    expect(data.symbols.DOGEUSDT!.price).toBeLessThan(1);
    const outcome = await new BaselineDecider().decide({
      cycleId: 'real-1',
      nowMs: at,
      symbols,
      promptVersion: 'v3_neutral',
      systemPrompt: systemPromptFor('v3_neutral'),
      promptData: data,
    });
    expect(outcome.decisions.map((d) => d.holdReason)).toEqual([null]);
  });
});
