import { describe, expect, it } from 'vitest';
import { deciderFigures } from '../../../src/arena/figures.ts';
import { maxDrawdown, pnlPerBucket, returnsFromPnl, sharpeRatio } from '../../../src/arena/metrics.ts';
import { Random } from '../../../src/domain/random.ts';

function record(seed: number, days: number) {
  const rnd = new Random(seed);
  const tradeNetsUsdt = Array.from(
    { length: days * 2 },
    () => (rnd.chance(0.45) ? 0.6 : -0.35) + 0.05 * rnd.normal(),
  );
  const dailyPnlUsdt = Array.from(
    { length: days },
    (_, d) => (tradeNetsUsdt[2 * d] as number) + (tradeNetsUsdt[2 * d + 1] as number),
  );
  return { tradeNetsUsdt, dailyPnlUsdt, startEquityUsdt: 100, decisions: days * 24, invalidOutputs: 3 };
}

describe('decider figures', () => {
  it('give every figure with an interval that contains it, labelled by how it was made', () => {
    const f = deciderFigures(record(3, 60));
    expect(f).toMatchObject({ trades: 120, days: 60 });
    for (const [name, method] of [
      ['expectancyUsdt', 'bca'],
      ['winRate', 'wilson'],
      ['profitFactor', 'bca'],
      ['dailySharpe', 'block-percentile'],
      ['invalidOutputRate', 'wilson'],
    ] as const) {
      const i = f[name];
      expect(i?.method, name).toBe(method);
      expect(i?.low, name).toBeLessThanOrEqual(i?.estimate as number);
      expect(i?.high, name).toBeGreaterThanOrEqual(i?.estimate as number);
    }
    expect(f.maxDrawdownUsdt?.low).toBeGreaterThan(0);
    expect(f.invalidOutputRate?.estimate).toBeCloseTo(3 / 1440, 12);
  });

  it('narrow with more trades and days', () => {
    const width = (i: { low: number; high: number } | null) => (i ? i.high - i.low : Number.NaN);
    const short = deciderFigures(record(4, 20));
    const long = deciderFigures(record(4, 320));
    for (const name of ['expectancyUsdt', 'winRate', 'profitFactor', 'dailySharpe'] as const)
      expect(width(long[name]), name).toBeLessThan(width(short[name]) / 2);
  });

  it('say nothing where there is nothing to say', () => {
    const f = deciderFigures({
      tradeNetsUsdt: [0.4],
      dailyPnlUsdt: [0.4],
      startEquityUsdt: 100,
      decisions: 0,
      invalidOutputs: 0,
    });
    expect(f).toMatchObject({
      expectancyUsdt: null,
      profitFactor: null,
      dailySharpe: null,
      maxDrawdownUsdt: null,
      invalidOutputRate: null,
    });
    expect(f.winRate).toMatchObject({ estimate: 1, high: 1 });
    expect(f.winRate?.low).toBeCloseTo(0.2065, 4);
  });
});

describe('arena metrics', () => {
  it('bucket trades by close time and refuse one outside the span', () => {
    const trades = [
      { closedAtMs: 5, netPnlUsdt: 1 },
      { closedAtMs: 9, netPnlUsdt: -0.5 },
      { closedAtMs: 25, netPnlUsdt: 2 },
    ];
    expect(pnlPerBucket(trades, { fromMs: 0, toMs: 30, bucketMs: 10 })).toEqual([0.5, 0, 2]);
    expect(() => pnlPerBucket(trades, { fromMs: 0, toMs: 20, bucketMs: 10 })).toThrow(
      /outside the compared span/,
    );
  });

  it('measure drawdown from the running peak, the start included, and returns from the day-start equity', () => {
    expect(maxDrawdown([-1, 2, -3, 1, -0.5])).toBe(3);
    expect(maxDrawdown([-1, 2, -3, 1, -2.5])).toBe(4.5);
    expect(maxDrawdown([1, 1])).toBe(0);
    expect(returnsFromPnl([10, -11], 100)).toEqual([0.1, -0.1]);
    expect(sharpeRatio([0, 0, 0])).toBe(0);
    expect(sharpeRatio([1, 1])).toBe(Number.POSITIVE_INFINITY);
  });
});
