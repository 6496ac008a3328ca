import { describe, expect, it } from 'vitest';
import { refusalFrom } from '../../../src/exchange/emulator/errors-to-venue.ts';
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

describe('one set of venue rules', () => {
  const offTick = btc.tickSize * 1.5 + 50_000;
  const cases: [string, () => void][] = [
    ['qty off the step', () => paper.checkQty(btc, btc.qtyStep * 1.5, 'LIMIT')],
    ['qty below the minimum', () => paper.checkQty(btc, btc.minQty / 2, 'LIMIT')],
    ['price off the tick', () => paper.checkPrice(btc, offTick, 'price')],
    ['a zero price', () => paper.checkPrice(btc, 0, 'price')],
    ['a notional below the minimum', () => paper.checkNotional(btc, btc.minQty, 1)],
    ['an orderLinkId of 37 characters', () => paper.checkClientOrderId('x'.repeat(37))],
    ['a stop above a buy', () => paper.checkStopSides('BUY', 50_000, 50_100, null)],
  ];

  it.each(cases)('the emulator answers %s with the code and words of the rule', (_, check) => {
    const code = paperCode(check);
    expect(code).not.toBeNull();
    try {
      check();
    } catch (error) {
      const refusal = refusalFrom(error);
      expect(refusal.retCode).toBe(code);
      expect(refusal.retMsg).toBe((error as InvalidRequestError).reason);
    }
  });

  it('maps every enum both ways', () => {
    for (const [ours, theirs] of Object.entries(VENUE_SIDE)) expect(fromVenue(VENUE_SIDE, theirs)).toBe(ours);
    for (const [ours, theirs] of Object.entries(VENUE_TIME_IN_FORCE))
      expect(fromVenue(VENUE_TIME_IN_FORCE, theirs)).toBe(ours);
    expect(fromVenue(VENUE_SIDE, 'buy')).toBeNull();
  });
});
