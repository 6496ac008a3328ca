import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PositionSide } from '../../../src/domain/index.ts';
import {
  breakEvenStop,
  type ManagedTrade,
  profitLockStop,
  ratchetStop,
  type StopRuleConfig,
  timeExitDue,
  trailingDistancePct,
  trailingStop,
} from '../../../src/execution/stop-rules.ts';

const config: StopRuleConfig = {
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
  maxHoldingMs: 4 * 3_600_000,
};

const trade = (side: PositionSide, bestPrice: number, entryPrice = 100): ManagedTrade => ({
  side,
  entryPrice,
  openedAtMs: 0,
  bestPrice,
});

describe('stop rules', () => {
  it('moves to break-even plus the offset once a long has moved 1.5% in favour', () => {
    expect(breakEvenStop(trade('LONG', 101.4), config)).toBeNull();
    expect(breakEvenStop(trade('LONG', 101.5), config)?.stop).toBeCloseTo(100.1, 10);
    expect(breakEvenStop(trade('SHORT', 98.5), config)?.stop).toBeCloseTo(99.9, 10);
  });

  it('locks the highest rung of the ladder the best price has reached', () => {
    expect(profitLockStop(trade('LONG', 101), config)).toBeNull();
    expect(profitLockStop(trade('LONG', 102.6), config)?.stop).toBeCloseTo(101, 10);
    expect(profitLockStop(trade('LONG', 107), config)?.stop).toBeCloseTo(103, 10);
    expect(profitLockStop(trade('SHORT', 96.4), config)?.stop).toBeCloseTo(98.5, 10);
  });

  it('trails the best price by ATR × multiplier, clamped to [1%, 2.5%]', () => {
    expect(trailingStop(trade('LONG', 100.9), 0.5, config)).toBeNull();
    // 0.5 × 2.5 = 1.25 on 102 = 1.2255% → inside the clamp
    expect(trailingStop(trade('LONG', 102), 0.5, config)?.stop).toBeCloseTo(102 - 1.25, 10);
    expect(trailingDistancePct(0.1, 102, config)).toBe(0.01);
    expect(trailingDistancePct(5, 102, config)).toBe(0.025);
    expect(trailingDistancePct(null, 102, config)).toBe(0.025);
    expect(trailingStop(trade('SHORT', 98), 0.4, config)?.stop).toBeCloseTo(99, 10); // 0.4 × 2.5 = 1.0 (1.02%)
  });

  it('asks for a time exit only after the maximum holding time', () => {
    expect(timeExitDue(trade('LONG', 100), 4 * 3_600_000 - 1, config)).toBe(false);
    expect(timeExitDue(trade('LONG', 100), 4 * 3_600_000, config)).toBe(true);
    expect(timeExitDue(trade('LONG', 100), 1e12, { ...config, maxHoldingMs: null })).toBe(false);
  });

  it('picks the tightest candidate, rounded to the tick away from the mark', () => {
    const move = ratchetStop({
      side: 'LONG',
      currentStop: 98,
      markPrice: 103,
      tickSize: 0.1,
      candidates: [
        breakEvenStop(trade('LONG', 103), config),
        profitLockStop(trade('LONG', 103), config),
        trailingStop(trade('LONG', 103), 0.2, config),
      ],
    });
    expect(move?.rule).toBe('TRAILING');
    expect(move?.stop).toBe(101.9); // 103 × 0.99 = 101.97, floored to the tick
  });

  it('skips an improvement below one tick', () => {
    const candidate = { stop: 100.05, rule: 'TRAILING' as const, reason: 'x' };
    expect(
      ratchetStop({ side: 'LONG', currentStop: 100, markPrice: 103, tickSize: 0.1, candidates: [candidate] }),
    ).toBeNull();
    expect(
      ratchetStop({ side: 'LONG', currentStop: 100, markPrice: 103, tickSize: 0.01, candidates: [candidate] })
        ?.stop,
    ).toBe(100.05);
  });

  it('drops a candidate that would cross the mark and keeps the current stop', () => {
    const candidate = { stop: 102, rule: 'TRAILING' as const, reason: 'x' };
    expect(
      ratchetStop({
        side: 'LONG',
        currentStop: 99,
        markPrice: 101.5,
        tickSize: 0.1,
        candidates: [candidate],
      }),
    ).toBeNull();
    expect(
      ratchetStop({
        side: 'SHORT',
        currentStop: 104,
        markPrice: 102.5,
        tickSize: 0.1,
        candidates: [candidate],
      }),
    ).toBeNull();
  });

  const scenario = fc.record({
    side: fc.constantFrom<PositionSide>('LONG', 'SHORT'),
    entry: fc.double({ min: 0.01, max: 100_000, noNaN: true }),
    bestMovePct: fc.double({ min: -0.05, max: 0.2, noNaN: true }),
    markBackPct: fc.double({ min: 0, max: 0.1, noNaN: true }),
    stopPct: fc.option(fc.double({ min: -0.05, max: 0.1, noNaN: true }), { nil: null }),
    atrPct: fc.option(fc.double({ min: 0.0001, max: 0.05, noNaN: true }), { nil: null }),
    tickDigits: fc.integer({ min: 0, max: 6 }),
  });

  it('never loosens a stop and never crosses the mark (property)', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const sign = s.side === 'LONG' ? 1 : -1;
        const best = s.entry * (1 + sign * Math.max(0, s.bestMovePct));
        const mark = best * (1 - sign * s.markBackPct);
        // A tick as the venue lists it: a power of ten written exactly (1e-6, not 1e-6 × 100 in floats).
        const tickSize = Number(
          `1e${Math.max(-s.tickDigits, Math.floor(Math.log10(s.entry) - 3) - s.tickDigits)}`,
        );
        const currentStop = s.stopPct === null ? null : s.entry * (1 - sign * s.stopPct);
        const t = trade(s.side, best, s.entry);
        const atr = s.atrPct === null ? null : s.atrPct * s.entry;
        const move = ratchetStop({
          side: s.side,
          currentStop,
          markPrice: mark,
          tickSize,
          candidates: [breakEvenStop(t, config), profitLockStop(t, config), trailingStop(t, atr, config)],
        });
        if (move === null) return true;
        // Exact decimal checks: a float tolerance cannot tell a 1e-6 tick apart on a price of 9,000.
        const stop = new Decimal(move.stop);
        const tick = new Decimal(tickSize);
        const tighter = currentStop === null || stop.sub(currentStop).mul(sign).gte(tick);
        const losingSideOfMark = new Decimal(mark).sub(stop).mul(sign).gte(tick);
        const onTick = stop.div(tick).isInteger();
        return tighter && losingSideOfMark && onTick && move.stop > 0;
      }),
      { numRuns: Number(process.env.STOP_PROPERTY_RUNS ?? 2000) },
    );
  });

  it('applied over a random price path, the stop only ever moves one way (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<PositionSide>('LONG', 'SHORT'),
        fc.array(fc.double({ min: -0.02, max: 0.02, noNaN: true }), { minLength: 1, maxLength: 80 }),
        (side, steps) => {
          const sign = side === 'LONG' ? 1 : -1;
          let price = 100;
          let best = 100;
          let stop: number | null = 100 * (1 - sign * 0.01);
          for (const step of steps) {
            price *= 1 + step;
            best = sign > 0 ? Math.max(best, price) : Math.min(best, price);
            if (sign * (stop - price) >= 0) return true; // stopped out
            const t = trade(side, best);
            const move = ratchetStop({
              side,
              currentStop: stop,
              markPrice: price,
              tickSize: 0.01,
              candidates: [breakEvenStop(t, config), profitLockStop(t, config), trailingStop(t, 0.8, config)],
            });
            if (move === null) continue;
            if (sign * (move.stop - stop) <= 0 || sign * (price - move.stop) <= 0) return false;
            stop = move.stop;
          }
          return true;
        },
      ),
      { numRuns: 500 },
    );
  });
});
