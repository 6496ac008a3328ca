import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../src/domain/random.ts';
import { parseCandleCsv, parseFundingCsv } from '../../../../src/market/feeds/csv-parse.ts';
import { formatCandleCsv, formatFundingCsv } from '../../../../src/market/feeds/csv-write.ts';
import { generateSyntheticMarket } from '../../../../src/market/synthetic/generator.ts';

const H8 = 8 * 3_600_000;

function realisedVolatility(closes: number[]): number {
  const returns = closes.slice(1).map((c, i) => Math.log(c / (closes[i] as number)));
  const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
  return Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / returns.length);
}

describe('synthetic market generator', () => {
  it('is deterministic per seed and differs between seeds and symbols', () => {
    const a = generateSyntheticMarket({ seed: 7, candles: 3_000, crashChance: 0.002, priceGapChance: 0.01 });
    const b = generateSyntheticMarket({ seed: 7, candles: 3_000, crashChance: 0.002, priceGapChance: 0.01 });
    const c = generateSyntheticMarket({ seed: 8, candles: 3_000, crashChance: 0.002, priceGapChance: 0.01 });
    const d = generateSyntheticMarket({ seed: 7, symbol: 'ETHUSDT', candles: 3_000 });
    expect(b).toEqual(a);
    expect(c.candles).not.toEqual(a.candles);
    expect(d.candles.map((x) => x.close)).not.toEqual(a.candles.slice(0, 3_000).map((x) => x.close));
    expect(mulberry32(1)()).toBe(mulberry32(1)());
  });

  it('passes the same validation as the real files, for several seeds and timeframes', () => {
    for (const [seed, timeframe] of [
      [1, '5m'],
      [2, '15m'],
      [3, '1h'],
      [4, '1m'],
    ] as const) {
      const market = generateSyntheticMarket({
        seed,
        timeframe,
        candles: 5_000,
        crashChance: 0.003,
        priceGapChance: 0.01,
      });
      const candles = parseCandleCsv(formatCandleCsv(market.candles));
      expect(candles.problems).toEqual([]);
      expect(candles.candles).toEqual(market.candles);
      const funding = parseFundingCsv(formatFundingCsv(market.funding));
      expect(funding.problems).toEqual([]);
      expect(funding.rates).toEqual(market.funding);
    }
  });

  it('has no holes in time unless asked, and reports every hole it makes', () => {
    const whole = generateSyntheticMarket({ seed: 5, candles: 2_000 });
    expect(whole.missing).toEqual([]);
    expect(whole.candles).toHaveLength(2_000);
    const holed = generateSyntheticMarket({ seed: 5, candles: 2_000, missingCandleChance: 0.01 });
    expect(holed.missing.length).toBeGreaterThan(5);
    const report = parseCandleCsv(formatCandleCsv(holed.candles), { expectedIntervalMs: 300_000 });
    expect(report.missingCandles).toBe(holed.missing.length);
    expect(report.problems.length).toBeGreaterThan(0);
  });

  it('follows an explicit schedule: trends move their way, violent stretches are wilder than ranges', () => {
    const market = generateSyntheticMarket({
      seed: 11,
      regimes: [
        { regime: 'trend', candles: 600, direction: 'up' },
        { regime: 'range', candles: 600 },
        { regime: 'violent', candles: 600 },
        { regime: 'trend', candles: 600, direction: 'down' },
      ],
    });
    expect(market.candles).toHaveLength(2_400);
    expect(market.regimes.map((r) => [r.regime, r.direction])).toEqual([
      ['trend', 'up'],
      ['range', null],
      ['violent', null],
      ['trend', 'down'],
    ]);
    const closes = market.candles.map((c) => c.close);
    const stretch = (k: number) => closes.slice(k * 600, (k + 1) * 600);
    const move = (k: number) => Math.log((stretch(k).at(-1) as number) / (stretch(k)[0] as number));
    expect(move(0)).toBeGreaterThan(0.1);
    expect(move(3)).toBeLessThan(-0.1);
    expect(Math.abs(move(1))).toBeLessThan(0.05);
    expect(realisedVolatility(stretch(2))).toBeGreaterThan(3 * realisedVolatility(stretch(1)));
    expect(market.regimes[1]?.fromTs).toBe(market.candles[600]?.ts);
  });

  it('makes price gaps and crash candles when asked, and only then', () => {
    const calm = generateSyntheticMarket({ seed: 3, candles: 2_000 });
    expect(calm.priceGaps).toEqual([]);
    expect(calm.crashes).toEqual([]);
    expect(calm.candles.every((c, i) => i === 0 || c.open === calm.candles[i - 1]?.close)).toBe(true);

    const wild = generateSyntheticMarket({
      seed: 3,
      candles: 2_000,
      priceGapChance: 0.01,
      crashAt: [500, 1500],
    });
    expect(wild.priceGaps.length).toBeGreaterThan(5);
    const byTs = new Map(wild.candles.map((c, i) => [c.ts, i]));
    for (const ts of wild.priceGaps) {
      const i = byTs.get(ts) as number;
      const gap = Math.abs((wild.candles[i]?.open as number) / (wild.candles[i - 1]?.close as number) - 1);
      expect(gap).toBeGreaterThan(0.0025);
    }
    expect(wild.crashes).toEqual([wild.candles[500]?.ts, wild.candles[1500]?.ts]);
    for (const ts of wild.crashes) {
      const crash = wild.candles[byTs.get(ts) as number];
      expect((crash?.low as number) / (crash?.open as number)).toBeLessThan(0.975);
    }
  });

  it('settles funding every 8 hours on the UTC grid, within the ±0.75% cap', () => {
    const market = generateSyntheticMarket({ seed: 9, candles: 12 * 24 * 10 });
    expect(market.funding).toHaveLength(30);
    expect(market.funding.every((f) => f.ts % H8 === 0 && Math.abs(f.rate) <= 0.0075)).toBe(true);
    expect(generateSyntheticMarket({ seed: 9, candles: 500, funding: false }).funding).toEqual([]);
  });

  it('refuses impossible options with a message naming them', () => {
    expect(() => generateSyntheticMarket({ seed: 1.5 })).toThrow(/seed/);
    expect(() => generateSyntheticMarket({ seed: 1, startMs: 1 })).toThrow(/grid/);
    expect(() => generateSyntheticMarket({ seed: 1, crashChance: 2 })).toThrow(/crashChance/);
    expect(() => generateSyntheticMarket({ seed: 1, regimes: [{ regime: 'trend', candles: 0 }] })).toThrow(
      /candles/,
    );
  });
});
