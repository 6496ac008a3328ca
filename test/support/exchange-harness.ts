import type { Candle, InstrumentRules } from '../../src/domain/index.ts';
import { PaperExchange, type PaperExchangeOptions } from '../../src/exchange/paper/index.ts';
import type { ExchangePort } from '../../src/exchange/port.ts';

/**
 * What the exchange contract suite needs from an implementation under test: the port itself,
 * a way to move the market, and fault injection. The paper exchange satisfies it directly; the
 * Bybit adapter satisfies it through the emulator's control endpoint.
 */
export interface ExchangeHarness {
  exchange: ExchangePort;
  /** Symbols the venue lists; the suite trades the first. */
  symbols: string[];
  /** A price the suite can trade around for `symbols[0]` (it sets it before every test). */
  basePrice: number;
  /**
   * Taker orders fill in the call that places them, like Bybit's matching step (the emulator,
   * paper trading on live data); false for the backtests' next-price fills.
   */
  fillsTakersWhenPlaced: boolean;
  /** Moves the mark/last price so triggers and fills at that price happen; resolves once processed. */
  setPrice(symbol: string, price: number): Promise<void>;
  /** Feeds one closed candle through the matcher (1m unless the venue says otherwise). */
  pushCandle(symbol: string, candle: Candle): Promise<void>;
  faults: {
    /** The next `count` requests are refused with a rate limit (0 clears the fault). */
    rateLimitNext(count: number): Promise<void>;
    /** The next order is accepted by the venue but the caller gets no answer. */
    acceptThenTimeoutNext(): Promise<void>;
    /** Drops the streams; subscribers see `disconnected`, then `reconnected`. */
    dropStreams(): Promise<void>;
  };
  close(): Promise<void>;
}

export type HarnessFactory = () => Promise<ExchangeHarness>;

/** Bybit's published rules for the two contracts the suite uses (fees: VIP0). */
export const contractInstruments: InstrumentRules[] = [
  {
    symbol: 'BTCUSDT',
    tickSize: 0.1,
    qtyStep: 0.001,
    minQty: 0.001,
    maxQty: 1190,
    maxMarketQty: 500,
    minNotionalUsdt: 5,
    maxLeverage: 100,
    minLeverage: 1,
    takerFee: 0.00055,
    makerFee: 0.0002,
  },
  {
    symbol: 'ETHUSDT',
    tickSize: 0.01,
    qtyStep: 0.01,
    minQty: 0.01,
    maxQty: 7240,
    maxMarketQty: 724,
    minNotionalUsdt: 5,
    maxLeverage: 100,
    minLeverage: 1,
    takerFee: 0.00055,
    makerFee: 0.0002,
  },
];

/** A paper exchange on a clock that only moves forward, as the contract's implementation under test. */
export function createPaperHarness(overrides: Partial<PaperExchangeOptions> = {}): ExchangeHarness {
  let clockMs = Date.UTC(2026, 0, 5, 12, 0, 0);
  const now = () => {
    clockMs += 1;
    return clockMs;
  };
  const exchange = new PaperExchange({
    instruments: contractInstruments,
    startBalanceUsdt: 1000,
    slippagePct: 0.0005,
    now,
    ...overrides,
  });
  return {
    exchange,
    symbols: contractInstruments.map((rules) => rules.symbol),
    basePrice: 50_000,
    fillsTakersWhenPlaced: overrides.marketFills === 'immediate',
    async setPrice(symbol, price) {
      exchange.setMarkPrice(symbol, price, now());
    },
    async pushCandle(symbol, candle) {
      clockMs = Math.max(clockMs, candle.ts + 60_000);
      exchange.onCandle(symbol, candle, '1m');
    },
    faults: {
      async rateLimitNext(count) {
        exchange.faults.rateLimitNext(count, 250);
      },
      async acceptThenTimeoutNext() {
        exchange.faults.acceptThenTimeoutNext();
      },
      async dropStreams() {
        await exchange.faults.dropStreams();
      },
    },
    close: () => exchange.close(),
  };
}
