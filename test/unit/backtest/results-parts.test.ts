import { describe, expect, it } from 'vitest';
import { progressLine, terminalProgress } from '../../../src/backtest/progress.ts';
import { stableJson } from '../../../src/backtest/stable-json.ts';
import {
  type BacktestTrade,
  exposureOf,
  gappedThrough,
  profitFactorOf,
} from '../../../src/backtest/trades.ts';

function trade(openedAtMs: number, closedAtMs: number | null, netPnlUsdt = 0): BacktestTrade {
  return {
    positionId: `p${openedAtMs}`,
    symbol: 'BTCUSDT',
    side: 'LONG',
    promptVersion: 'v3_neutral',
    confidence: 60,
    qty: 0.001,
    openedAtMs,
    entryPrice: 100,
    stops: [],
    takeProfit: null,
    closedAtMs,
    exitPrice: closedAtMs === null ? null : 100,
    exitReason: closedAtMs === null ? 'OPEN_AT_END' : 'STOP_LOSS',
    grossPnlUsdt: netPnlUsdt,
    feesUsdt: 0,
    fundingUsdt: 0,
    netPnlUsdt,
    plannedRiskUsdt: 0.35,
    stopGapped: false,
    lossBeyondPlannedRisk: false,
  };
}

describe('stable JSON', () => {
  it('sorts keys, rounds float noise away and gives the same bytes for equal values', () => {
    const a = stableJson({ b: 0.1 + 0.2, a: [1, { z: -0, y: Number.NaN }] });
    const b = stableJson({ a: [1, { y: Number.NaN, z: 0 }], b: 0.3 });
    expect(a).toBe(b);
    expect(a).toBe(
      '{\n  "a": [\n    1,\n    {\n      "y": null,\n      "z": 0\n    }\n  ],\n  "b": 0.3\n}\n',
    );
  });
});

describe('trade figures', () => {
  it('counts time in market once when positions overlap, and open positions until the end', () => {
    expect(exposureOf([trade(0, 50), trade(25, 75)], 0, 100)).toBeCloseTo(0.75);
    expect(exposureOf([trade(0, 10), trade(90, null)], 0, 100)).toBeCloseTo(0.2);
    expect(exposureOf([], 0, 100)).toBe(0);
  });

  it('takes the profit factor over closed trades and leaves it null without a loss', () => {
    expect(profitFactorOf([trade(0, 1, 3), trade(2, 3, -1.5), trade(4, null, -9)])).toBeCloseTo(2);
    expect(profitFactorOf([trade(0, 1, 3)])).toBeNull();
  });

  it('flags a stop as gapped only when it filled beyond its trigger by more than slippage and a tick', () => {
    // long, stop 100, slippage 0.05%: 99.95 is the expected fill, one tick 0.01 more is tolerated
    expect(gappedThrough('LONG', 100, 99.95, 0.0005, 0.01)).toBe(false);
    expect(gappedThrough('LONG', 100, 99.94, 0.0005, 0.01)).toBe(false);
    expect(gappedThrough('LONG', 100, 99.9, 0.0005, 0.01)).toBe(true);
    expect(gappedThrough('SHORT', 100, 100.05, 0.0005, 0.01)).toBe(false);
    expect(gappedThrough('SHORT', 100, 100.2, 0.0005, 0.01)).toBe(true);
  });
});

describe('the progress line', () => {
  it('shows how far simulated time has come, the date reached, candles and cycles', () => {
    const line = progressLine({
      atMs: Date.parse('2025-01-16T00:00:00Z'),
      fromMs: Date.parse('2025-01-01T00:00:00Z'),
      toMs: Date.parse('2025-01-31T00:00:00Z'),
      candles: 1234,
      cycles: 56,
    });
    expect(line).toContain(' 50%');
    expect(line).toContain('2025-01-16');
    expect(line).toContain('1234 candles');
    expect(line).toContain('56 cycles');
  });
});

describe('the progress bar', () => {
  const progress = { atMs: 5, fromMs: 0, toMs: 10, candles: 1, cycles: 0 };
  function stream(isTTY: boolean) {
    const written: string[] = [];
    return {
      written,
      isTTY,
      write: (text: string) => written.push(text) > 0,
    } as unknown as NodeJS.WriteStream & {
      written: string[];
    };
  }

  it('draws in place on a terminal and ends with a newline', () => {
    const tty = stream(true);
    const bar = terminalProgress(tty);
    bar?.update(progress);
    bar?.update({ ...progress, atMs: 10 });
    bar?.done();
    expect(tty.written.length).toBe(3);
    expect(tty.written[0]?.startsWith('\r')).toBe(true);
    expect(tty.written[2]).toBe('\n');
  });

  it('writes nothing at all when the stream is not a terminal', () => {
    expect(terminalProgress(stream(false))).toBeNull();
  });
});
