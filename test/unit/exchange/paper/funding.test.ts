import { describe, expect, it } from 'vitest';
import {
  constantFunding,
  FUNDING_INTERVAL_MS,
  FundingAlreadySettledError,
  FundingRateMissingError,
  fundingFromSeries,
  fundingTimesBetween,
  nextFundingTime,
} from '../../../../src/exchange/paper/index.ts';
import { btc, matcher, order, T0, withLong } from './fixtures.ts';

const DAY = Date.UTC(2026, 0, 5);
const H = 3_600_000;

function openAt(
  m: ReturnType<typeof matcher>,
  side: 'BUY' | 'SELL',
  price: number,
  qty: number,
  timeMs: number,
) {
  m.placeOrder(order({ side, price, qty }), timeMs);
  m.processPrice('BTCUSDT', side === 'BUY' ? price - 1 : price + 1, timeMs + 1);
}

describe('funding', () => {
  it('falls at 00:00, 08:00 and 16:00 UTC', () => {
    expect(fundingTimesBetween(DAY - 1, DAY + 24 * H)).toEqual([
      DAY,
      DAY + 8 * H,
      DAY + 16 * H,
      DAY + 24 * H,
    ]);
    expect(fundingTimesBetween(DAY, DAY + 8 * H - 1)).toEqual([]);
    expect(nextFundingTime(DAY + 5 * H)).toBe(DAY + 8 * H);
    expect(FUNDING_INTERVAL_MS).toBe(8 * H);
  });

  it('reads a series at the funding time, or the previous row when it is less than one interval old', () => {
    const source = fundingFromSeries({
      BTCUSDT: [
        { ts: DAY + 8 * H, rate: 0.0002 },
        { ts: DAY, rate: 0.0001 },
      ],
    });
    expect(source('BTCUSDT', DAY)).toBe(0.0001);
    expect(source('BTCUSDT', DAY + 8 * H)).toBe(0.0002);
    expect(source('BTCUSDT', DAY + 12 * H)).toBe(0.0002);
    expect(source('BTCUSDT', DAY + 16 * H)).toBeNull();
    expect(source('BTCUSDT', DAY - 1)).toBeNull();
    expect(source('ETHUSDT', DAY)).toBeNull();
  });

  it('refuses an implausible constant rate', () => {
    expect(() => constantFunding(0.5)).toThrow(RangeError);
    expect(constantFunding(-0.0001)('ANY', DAY)).toBe(-0.0001);
  });

  it('charges a long when the rate is positive and pays a short, on notional at the mark', () => {
    const long = matcher({ funding: constantFunding(0.0001) });
    long.processPrice('BTCUSDT', 50_000, DAY + 7 * H);
    openAt(long, 'BUY', 50_000, 0.1, DAY + 7 * H);
    long.processPrice('BTCUSDT', 51_000, DAY + 8 * H + 1);
    const [payment] = long.executions('BTCUSDT').filter((e) => e.kind === 'FUNDING');
    expect(payment).toMatchObject({ timeMs: DAY + 8 * H, price: 49_999 });
    expect(payment?.feeUsdt).toBeCloseTo(0.1 * 49_999 * 0.0001, 12);
    expect(long.totals().fundingUsdt).toBeCloseTo(0.1 * 49_999 * 0.0001, 12);

    const short = matcher({ funding: constantFunding(0.0001) });
    short.processPrice('BTCUSDT', 50_000, DAY + 7 * H);
    openAt(short, 'SELL', 50_000, 0.1, DAY + 7 * H);
    const before = short.wallet().walletBalanceUsdt;
    short.processPrice('BTCUSDT', 50_000, DAY + 8 * H);
    expect(short.wallet().walletBalanceUsdt - before).toBeCloseTo(0.1 * 50_001 * 0.0001, 12);
  });

  it('charges funding due at a candle open at that open, before the candle trades', () => {
    const m = matcher({ funding: constantFunding(0.0003) });
    m.processCandle(
      'BTCUSDT',
      { ts: DAY + 8 * H - 60_000, open: 50_000, high: 50_000, low: 50_000, close: 50_000, volume: 1 },
      60_000,
    );
    openAt(m, 'BUY', 50_000, 0.1, DAY + 8 * H - 100);
    m.processCandle(
      'BTCUSDT',
      { ts: DAY + 8 * H, open: 49_000, high: 49_100, low: 48_900, close: 49_000, volume: 1 },
      60_000,
    );
    const payment = m.executions('BTCUSDT').find((e) => e.kind === 'FUNDING');
    expect(payment).toMatchObject({ timeMs: DAY + 8 * H, price: 49_000 });
  });

  it('charges nothing for funding times before the first price, and nothing when flat', () => {
    const m = matcher({ funding: constantFunding(0.0001) });
    m.processPrice('BTCUSDT', 50_000, DAY + 8 * H);
    m.processPrice('BTCUSDT', 50_000, DAY + 16 * H);
    expect(m.executions()).toHaveLength(0);
  });

  it('stops with FundingRateMissingError when the file has no rate for a funding time', () => {
    const m = matcher({ funding: fundingFromSeries({ BTCUSDT: [{ ts: DAY, rate: 0.0001 }] }) });
    m.processPrice('BTCUSDT', 50_000, DAY + H);
    expect(() => m.processPrice('BTCUSDT', 50_000, DAY + 17 * H)).toThrow(FundingRateMissingError);
  });

  it('refuses to settle the same funding time twice', () => {
    const m = matcher();
    m.processPrice('BTCUSDT', 50_000, T0);
    withLong(m, 50_000, 0.01);
    m.settleFunding('BTCUSDT', 0.0001, DAY + 16 * H);
    expect(() => m.settleFunding('BTCUSDT', 0.0001, DAY + 16 * H)).toThrow(FundingAlreadySettledError);
    expect(m.executions('BTCUSDT').filter((e) => e.kind === 'FUNDING')).toHaveLength(1);
    expect(btc.symbol).toBe('BTCUSDT');
    expect(order().symbol).toBe('BTCUSDT');
  });
});
