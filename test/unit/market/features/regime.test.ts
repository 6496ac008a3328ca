import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextRegime, RegimeTracker } from '../../../../src/market/features/index.ts';

describe('regime with hysteresis', () => {
  it('enters TREND on ADX ≥ 25 with EMAs 3 ATR apart, RANGE on ADX ≤ 20 with EMAs within 1.5 ATR', () => {
    expect(nextRegime(null, { adx: 26, separationAtr: 3.5 })).toBe('TREND');
    expect(nextRegime(null, { adx: 15, separationAtr: 1 })).toBe('RANGE');
    expect(nextRegime(null, { adx: 22, separationAtr: 2 })).toBe('TRANSITION');
    expect(nextRegime(null, { adx: 30, separationAtr: 1 })).toBe('TRANSITION');
  });

  it('does not flip every candle when ADX oscillates around the trend threshold', () => {
    const tracker = new RegimeTracker();
    const seen: string[] = [];
    for (let i = 0; i < 200; i++) {
      seen.push(
        String(tracker.update({ adx: i % 2 === 0 ? 26 : 23, separationAtr: i % 3 === 0 ? 3.2 : 2.6 })),
      );
    }
    expect(seen[0]).toBe('TREND');
    expect(new Set(seen)).toEqual(new Set(['TREND']));
  });

  it('does not flip every candle when ADX oscillates around the range threshold', () => {
    const tracker = new RegimeTracker();
    const seen = Array.from({ length: 200 }, (_, i) =>
      tracker.update({ adx: i % 2 === 0 ? 19 : 23, separationAtr: i % 2 === 0 ? 1.2 : 2.2 }),
    );
    expect(new Set(seen)).toEqual(new Set(['RANGE']));
  });

  it('changes regime at most once for any series confined to the band between enter and exit levels', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            adx: fc.double({ min: 20.5, max: 30, noNaN: true }),
            separationAtr: fc.double({ min: 2.1, max: 5, noNaN: true }),
          }),
          {
            minLength: 2,
            maxLength: 100,
          },
        ),
        (series) => {
          const tracker = new RegimeTracker();
          let changes = 0;
          let previous = tracker.update(series[0]!);
          for (const input of series.slice(1)) {
            const regime = tracker.update(input);
            if (regime !== previous) changes += 1;
            previous = regime;
          }
          expect(changes).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('leaves TREND once ADX falls below 20, straight to RANGE if the range rule holds', () => {
    expect(nextRegime('TREND', { adx: 19, separationAtr: 2.5 })).toBe('TRANSITION');
    expect(nextRegime('TREND', { adx: 19, separationAtr: 1 })).toBe('RANGE');
    expect(nextRegime('TREND', { adx: 30, separationAtr: 1.9 })).toBe('TRANSITION');
  });

  it('leaves RANGE once ADX rises above 24 or the EMAs separate by more than 2.5 ATR', () => {
    expect(nextRegime('RANGE', { adx: 24.5, separationAtr: 1 })).toBe('TRANSITION');
    expect(nextRegime('RANGE', { adx: 26, separationAtr: 3.1 })).toBe('TREND');
    expect(nextRegime('RANGE', { adx: 18, separationAtr: 2.6 })).toBe('TRANSITION');
  });

  it('is null while the inputs are not warm', () => {
    expect(new RegimeTracker().update(null)).toBeNull();
  });
});
