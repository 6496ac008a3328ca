import { describe, expect, it } from 'vitest';
import * as domain from '../../../src/domain/format.ts';
// @ts-expect-error the dashboard's browser modules are plain JavaScript without types
import * as browser from '../../../src/web/public/format.js';
// @ts-expect-error the dashboard's browser modules are plain JavaScript without types
import { groupMarkers } from '../../../src/web/public/markers.js';

const VALUES = [
  0,
  -0,
  0.00001,
  -0.00004,
  0.052082000009249896,
  0.3466,
  -0.35,
  0.99995,
  1,
  24.003756,
  -1.005,
  99.76,
  2026.3200000000002,
  95_123.456,
  Number.NaN,
  null,
  undefined,
];

describe('one number format for the terminal, reports and the dashboard', () => {
  it('formats the same in the browser module as in src/domain/format.ts', () => {
    for (const v of VALUES) {
      expect(browser.formatUsdt(v), `usdt ${v}`).toBe(domain.formatUsdt(v));
      expect(browser.formatSignedUsdt(v), `signed ${v}`).toBe(domain.formatSignedUsdt(v));
      expect(browser.formatPct(v), `pct ${v}`).toBe(domain.formatPct(v));
      expect(browser.formatPrice(v), `price ${v}`).toBe(domain.formatPrice(v));
      expect(browser.formatPrice(v, 0.01), `price/tick ${v}`).toBe(domain.formatPrice(v, 0.01));
      expect(browser.formatMs(v), `ms ${v}`).toBe(domain.formatMs(v));
    }
  });

  it('rounds prices to the tick, USDT to 2–4 decimals and percentages to 1–2', () => {
    expect(domain.formatPrice(2026.3200000000002, 0.01)).toBe('2026.32');
    expect(domain.formatPrice(0.123456789, 0.0001)).toBe('0.1235');
    expect(domain.formatPrice(95_000, 0.1)).toBe('95000.0');
    expect(domain.tickDecimals(1e-7)).toBe(7);
    expect(domain.formatUsdt(24.003756)).toBe('24.00');
    expect(domain.formatUsdt(0.34661)).toBe('0.3466');
    expect(domain.formatUsdt(0)).toBe('0.00');
    expect(domain.formatSignedUsdt(-0.00001)).toBe('0.0000');
    expect(domain.formatPct(0.012345)).toBe('1.23%');
    expect(domain.formatPct(-0.145)).toBe('-14.5%');
    expect(domain.formatMs(0.052082000009249896)).toBe('0.05 ms');
    expect(domain.formatMs(1234)).toBe('1.2 s');
  });
});

describe('chart markers', () => {
  it('merges markers on the same candle and side into one readable marker', () => {
    const at = (time: number, position: string, text: string) => ({
      time,
      position,
      shape: 'circle',
      color: '#fff',
      text,
    });
    const grouped = groupMarkers([
      at(600, 'inBar', 'exit SL'),
      at(300, 'belowBar', 'LONG 0.01'),
      at(600, 'inBar', 'exit TP'),
      at(600, 'belowBar', 'LONG 0.02'),
      at(900, 'inBar', 'a'),
      at(900, 'inBar', 'b'),
      at(900, 'inBar', 'c'),
    ]) as { time: number; position: string; text: string }[];
    expect(grouped.map((m) => [m.time, m.position, m.text])).toEqual([
      [300, 'belowBar', 'LONG 0.01'],
      [600, 'inBar', 'exit SL · exit TP'],
      [600, 'belowBar', 'LONG 0.02'],
      [900, 'inBar', 'a · +2 more'],
    ]);
  });
});
