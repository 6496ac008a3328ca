import { describe, expect, it } from 'vitest';
import { buildPromptData, renderPromptData } from '../../../src/decision/index.ts';
import type { SymbolMarketView } from '../../../src/domain/index.ts';
import { featureSeries } from '../../../src/market/features/index.ts';
import { generateSyntheticMarket } from '../../../src/market/synthetic/generator.ts';
import { expectNoServerSideLeak } from '../../unit/decision/leak.ts';
import { promptInput } from '../../unit/decision/stubs.ts';

function views(symbol: string, seed: number): SymbolMarketView[] {
  const market = generateSyntheticMarket({
    seed,
    symbol,
    candles: 40 * 288,
    crashChance: 0.001,
    priceGapChance: 0.002,
  });
  return [
    ...featureSeries(market.candles, {
      symbol,
      decisionTimeframe: '15m',
      contextTimeframes: ['1h', '4h'],
      sourceMs: 300_000,
      funding: market.funding,
    }),
  ].map((row) => row.view);
}

describe('prompt data built from the FeatureEngine on synthetic markets', () => {
  it('never carries the regime or setup scores the engine computed beside the features', () => {
    const btc = views('BTCUSDT', 11);
    const eth = views('ETHUSDT', 12);
    const regimes = new Set(btc.map((v) => v.scores.regime));
    expect(regimes.has('TREND') || regimes.has('RANGE')).toBe(true);
    expect(btc.some((v) => v.scores.preScore !== null && v.scores.rangeScore !== null)).toBe(true);
    let built = 0;
    for (let i = 0; i < Math.min(btc.length, eth.length); i += 37) {
      const pair = [btc[i]!, eth[i]!];
      const data = buildPromptData(
        promptInput(['BTCUSDT', 'ETHUSDT'], { views: pair, nowMs: pair[0]!.nowMs }),
      );
      expectNoServerSideLeak(renderPromptData(data));
      built++;
    }
    expect(built).toBeGreaterThan(80);
  });
});
