import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import * as emulator from '../../../src/exchange/emulator/validation.ts';
import { InvalidRequestError } from '../../../src/exchange/errors.ts';
import * as paper from '../../../src/exchange/paper/rules.ts';
import { fromVenue, VENUE_SIDE, VENUE_TIME_IN_FORCE } from '../../../src/exchange/venue-rules.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';

const btc = contractInstruments[0] as (typeof contractInstruments)[number];

function paperCode(fn: () => void): number | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof InvalidRequestError) return error.venueCode as number;
    throw error;
  }
}

function emulatorCode(fn: () => void): number | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof emulator.Refusal) return error.retCode;
    throw error;
  }
}

describe('one set of venue rules', () => {
  const offTick = btc.tickSize * 1.5 + 50_000;
  const cases: [string, () => void, () => void][] = [
    [
      'qty off the step',
      () => paper.checkQty(btc, btc.qtyStep * 1.5, 'LIMIT'),
      () => emulator.checkQty(String(btc.qtyStep * 1.5), btc, 'LIMIT'),
    ],
    [
      'qty below the minimum',
      () => paper.checkQty(btc, btc.minQty / 2, 'LIMIT'),
      () => emulator.checkQty(String(btc.minQty / 2), btc, 'LIMIT'),
    ],
    [
      'price off the tick',
      () => paper.checkPrice(btc, offTick, 'price'),
      () => emulator.checkPrice(String(offTick), btc, 'price'),
    ],
    ['a zero price', () => paper.checkPrice(btc, 0, 'price'), () => emulator.checkPrice('0', btc, 'price')],
    [
      'a notional below the minimum',
      () => paper.checkNotional(btc, btc.minQty, 1),
      () => emulator.checkMinNotional(new Decimal(btc.minQty), 1, btc),
    ],
    [
      'an orderLinkId of 37 characters',
      () => paper.checkClientOrderId('x'.repeat(37)),
      () => emulator.checkOrderLinkId('x'.repeat(37)),
    ],
  ];

  it.each(cases)('paper and emulator refuse %s with the same code', (_, onPaper, onEmulator) => {
    const code = paperCode(onPaper);
    expect(code).not.toBeNull();
    expect(emulatorCode(onEmulator)).toBe(code);
  });

  it('maps every enum both ways', () => {
    for (const [ours, theirs] of Object.entries(VENUE_SIDE)) expect(fromVenue(VENUE_SIDE, theirs)).toBe(ours);
    for (const [ours, theirs] of Object.entries(VENUE_TIME_IN_FORCE))
      expect(fromVenue(VENUE_TIME_IN_FORCE, theirs)).toBe(ours);
    expect(fromVenue(VENUE_SIDE, 'buy')).toBeNull();
  });
});
