import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../../../src/exchange/errors.ts';
import { InvalidCandleError, Matcher, PaperExchange } from '../../../../src/exchange/paper/index.ts';
import { btc, matcher, T0 } from './fixtures.ts';

describe('paper exchange input checks', () => {
  it('refuses a non-positive start balance, an implausible slippage, no instruments or a symbol listed twice', () => {
    const base = { instruments: [btc], startBalanceUsdt: 100, slippagePct: 0.0005 };
    expect(() => new Matcher({ ...base, startBalanceUsdt: 0 })).toThrow(/startBalanceUsdt/);
    expect(() => new Matcher({ ...base, slippagePct: 0.5 })).toThrow(/slippagePct/);
    expect(() => new Matcher({ ...base, slippagePct: -0.001 })).toThrow(/slippagePct/);
    expect(() => new Matcher({ ...base, instruments: [] })).toThrow(/at least one instrument/);
    expect(() => new Matcher({ ...base, instruments: [btc, btc] })).toThrow(/listed twice/);
    expect(() => new Matcher({ ...base, instruments: [{ ...btc, tickSize: 0 }] })).toThrow(/tickSize/);
    expect(() => new Matcher({ ...base, maxLimitFillQtyPerEvent: 0 })).toThrow(/maxLimitFillQtyPerEvent/);
  });

  it('stops on an inconsistent candle instead of matching against it', () => {
    const m = matcher();
    const bad = { ts: T0, open: 100, high: 99, low: 98, close: 99.5, volume: 1 };
    expect(() => m.processCandle('BTCUSDT', bad, 60_000)).toThrow(InvalidCandleError);
    expect(() => m.processCandle('BTCUSDT', { ...bad, high: 101, low: 0 }, 60_000)).toThrow(
      InvalidCandleError,
    );
    expect(() => m.processCandle('BTCUSDT', { ...bad, high: Number.NaN }, 60_000)).toThrow(
      InvalidCandleError,
    );
    expect(() => m.processPrice('BTCUSDT', -1, T0)).toThrow(RangeError);
    expect(m.markPrice('BTCUSDT')).toBeNull();
  });

  it('lists only the instruments asked for and refuses streams for symbols it does not list', async () => {
    const exchange = new PaperExchange({
      instruments: [btc],
      startBalanceUsdt: 100,
      slippagePct: 0,
      now: () => T0,
    });
    expect((await exchange.getInstruments(['BTCUSDT', 'XRPUSDT'])).map((r) => r.symbol)).toEqual(['BTCUSDT']);
    await expect(exchange.subscribe({ tickers: ['XRPUSDT'] }, () => {})).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    await expect(exchange.getPositions('XRPUSDT')).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
