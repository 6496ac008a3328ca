import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deflatedSharpe,
  expectedMaxSharpe,
  probabilisticSharpe,
  sharpeSample,
} from '../../../src/arena/deflated-sharpe.ts';
import { chooseInSample, walkForwardFolds } from '../../../src/arena/walk-forward.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

describe('deflated Sharpe ratio', () => {
  it("reproduces Bailey & López de Prado's (2014) numerical example: SR0 = 0.1132, DSR = 0.9004", () => {
    // 100 trials whose annualised Sharpes vary by 0.5; the chosen one: annualised 2.5 over 1250 daily
    // returns (250 a year), skewness −3, kurtosis 10. Per-day figures divide by 250 and √250.
    const result = deflatedSharpe(
      { sharpe: 2.5 / Math.sqrt(250), observations: 1250, skewness: -3, kurtosis: 10 },
      { count: 100, sharpeVariance: 0.5 / 250 },
    );
    expect(result.expectedMaxSharpe).toBeCloseTo(0.1132, 4);
    expect(result.probability).toBeCloseTo(0.9004, 4);
    expect(result.survives).toBe(false);
  });

  it('is the probabilistic Sharpe against 0 for a single trial and falls as trials grow', () => {
    const chosen = { sharpe: 0.08, observations: 500, skewness: -0.5, kurtosis: 6 };
    expect(deflatedSharpe(chosen, { count: 1, sharpeVariance: 0.01 }).probability).toBe(
      probabilisticSharpe(chosen, 0),
    );
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5000 }), (trials) => {
        expect(expectedMaxSharpe(trials + 1, 0.002)).toBeGreaterThan(expectedMaxSharpe(trials, 0.002));
        expect(
          deflatedSharpe(chosen, { count: trials + 1, sharpeVariance: 0.002 }).probability,
        ).toBeLessThanOrEqual(deflatedSharpe(chosen, { count: trials, sharpeVariance: 0.002 }).probability);
      }),
    );
  });

  it('reads the Sharpe, length and shape from a return series', () => {
    const s = sharpeSample([0.01, -0.02, 0.03, 0.0, 0.01]);
    expect(s.observations).toBe(5);
    expect(s.sharpe).toBeCloseTo(0.006 / Math.sqrt(0.00033), 10);
    expect(s.kurtosis).toBeGreaterThan(1);
  });

  it('says what to fix for impossible input', () => {
    expect(() => expectedMaxSharpe(0, 1)).toThrow(/positive integer/);
    expect(() => probabilisticSharpe({ sharpe: 1, observations: 1, skewness: 0, kurtosis: 3 })).toThrow(
      /at least 2/,
    );
    expect(() => probabilisticSharpe({ sharpe: 2, observations: 50, skewness: 3, kurtosis: 3 })).toThrow(
      /check the moments/,
    );
  });
});

describe('walk-forward folds', () => {
  it('roll a 60-day in-sample and 20-day out-of-sample window over 120 days', () => {
    const folds = walkForwardFolds({
      fromMs: T0,
      toMs: T0 + 120 * DAY,
      inSampleMs: 60 * DAY,
      outOfSampleMs: 20 * DAY,
      anchored: false,
    });
    expect(
      folds.map((f) => [
        (f.inSample.fromMs - T0) / DAY,
        (f.inSample.toMs - T0) / DAY,
        (f.outOfSample.toMs - T0) / DAY,
      ]),
    ).toEqual([
      [0, 60, 80],
      [20, 80, 100],
      [40, 100, 120],
    ]);
  });

  it('anchor every in-sample span at the start when asked, and honour a custom step', () => {
    const folds = walkForwardFolds({
      fromMs: T0,
      toMs: T0 + 100 * DAY,
      inSampleMs: 40 * DAY,
      outOfSampleMs: 20 * DAY,
      stepMs: 30 * DAY,
      anchored: true,
    });
    expect(
      folds.map((f) => [
        (f.inSample.fromMs - T0) / DAY,
        (f.inSample.toMs - T0) / DAY,
        (f.outOfSample.toMs - T0) / DAY,
      ]),
    ).toEqual([
      [0, 40, 60],
      [0, 70, 90],
    ]);
  });

  it('never lets an out-of-sample span overlap its in-sample span or leave the data', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        (isDays, oosDays, stepDays, anchored) => {
          const plan = {
            fromMs: T0,
            toMs: T0 + 200 * DAY,
            inSampleMs: isDays * DAY,
            outOfSampleMs: oosDays * DAY,
            stepMs: stepDays * DAY,
            anchored,
          };
          for (const f of walkForwardFolds(plan)) {
            expect(f.inSample.toMs).toBe(f.outOfSample.fromMs);
            expect(f.inSample.fromMs).toBeGreaterThanOrEqual(T0);
            expect(f.outOfSample.toMs).toBeLessThanOrEqual(plan.toMs);
            expect(f.inSample.toMs - f.inSample.fromMs).toBeGreaterThanOrEqual(plan.inSampleMs);
          }
        },
      ),
    );
  });

  it('refuses a span too short for one fold, saying by how much', () => {
    expect(() =>
      walkForwardFolds({ fromMs: 0, toMs: 10, inSampleMs: 8, outOfSampleMs: 5, anchored: false }),
    ).toThrow(/13 ms .* the span has 10 ms/);
  });

  it('chooses in sample, reports out of sample and shows the gap', () => {
    const scores = [
      { setting: 'tight stops', fold: 0, inSample: 2.0, outOfSample: -0.5 },
      { setting: 'wide stops', fold: 0, inSample: 1.0, outOfSample: 0.8 },
      { setting: 'tight stops', fold: 1, inSample: 0.5, outOfSample: 0.1 },
      { setting: 'wide stops', fold: 1, inSample: 1.5, outOfSample: 0.3 },
    ];
    const result = chooseInSample(scores);
    expect(result.chosen.map((c) => c.setting)).toEqual(['tight stops', 'wide stops']);
    expect(result.meanInSample).toBeCloseTo(1.75, 12);
    expect(result.meanOutOfSample).toBeCloseTo(-0.1, 12);
    expect(result.gap).toBeCloseTo(1.85, 12);
    expect(result.efficiency).toBeCloseTo(-0.1 / 1.75, 12);
  });
});
