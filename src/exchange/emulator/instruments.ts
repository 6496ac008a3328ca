import { Decimal } from 'decimal.js';
import type { InstrumentRules } from '../../domain/index.ts';

/** Bybit's default non-VIP linear fee rates. */
const FEES = { takerFee: 0.00055, makerFee: 0.0002 };

/** Lot and price filters as Bybit lists them for the symbols of the shared data (instruments-info). */
const KNOWN: Record<string, Omit<InstrumentRules, 'symbol' | 'takerFee' | 'makerFee'>> = {
  BTCUSDT: {
    tickSize: 0.1,
    qtyStep: 0.001,
    minQty: 0.001,
    maxQty: 1190,
    maxMarketQty: 500,
    minNotionalUsdt: 5,
    maxLeverage: 100,
    minLeverage: 1,
  },
  ETHUSDT: {
    tickSize: 0.01,
    qtyStep: 0.01,
    minQty: 0.01,
    maxQty: 7240,
    maxMarketQty: 3620,
    minNotionalUsdt: 5,
    maxLeverage: 100,
    minLeverage: 1,
  },
  SOLUSDT: {
    tickSize: 0.01,
    qtyStep: 0.1,
    minQty: 0.1,
    maxQty: 79770,
    maxMarketQty: 39885,
    minNotionalUsdt: 5,
    maxLeverage: 100,
    minLeverage: 1,
  },
  XRPUSDT: {
    tickSize: 0.0001,
    qtyStep: 1,
    minQty: 1,
    maxQty: 3856190,
    maxMarketQty: 1928095,
    minNotionalUsdt: 5,
    maxLeverage: 75,
    minLeverage: 1,
  },
  DOGEUSDT: {
    tickSize: 0.00001,
    qtyStep: 1,
    minQty: 1,
    maxQty: 24680000,
    maxMarketQty: 12340000,
    minNotionalUsdt: 5,
    maxLeverage: 75,
    minLeverage: 1,
  },
  BNBUSDT: {
    tickSize: 0.1,
    qtyStep: 0.01,
    minQty: 0.01,
    maxQty: 4450,
    maxMarketQty: 2225,
    minNotionalUsdt: 5,
    maxLeverage: 75,
    minLeverage: 1,
  },
};

/**
 * Rules of a symbol for the emulator. Unknown symbols get a tick of about 1e-5 of their price and a
 * qty step worth about 1 USDT (UNCONFIRMED: the emulator's own choice, not Bybit's listing).
 */
export function emulatorInstrument(symbol: string, referencePrice?: number): InstrumentRules {
  const known = KNOWN[symbol];
  if (known) return { symbol, ...known, ...priceBounds(known.tickSize), ...FEES };
  if (!referencePrice || !(referencePrice > 0)) {
    throw new Error(
      `no instrument rules for ${symbol}: give replay data or a price so the emulator can derive them`,
    );
  }
  const tickSize = 10 ** Math.floor(Math.log10(referencePrice) - 4);
  const qtyStep = 10 ** Math.ceil(Math.log10(1 / referencePrice));
  const tick = Number(tickSize.toPrecision(1));
  return {
    symbol,
    tickSize: tick,
    ...priceBounds(tick),
    qtyStep: Number(qtyStep.toPrecision(1)),
    minQty: Number(qtyStep.toPrecision(1)),
    maxQty: null,
    maxMarketQty: null,
    minNotionalUsdt: 5,
    maxLeverage: 50,
    minLeverage: 1,
    ...FEES,
  };
}

/**
 * Bybit's priceFilter: minPrice is one tick and maxPrice 19,999,998 ticks (BTCUSDT lists
 * 0.10 and 1999999.80). UNCONFIRMED for other symbols: the emulator applies the same rule.
 */
export function priceBounds(tickSize: number): { minPrice: number; maxPrice: number } {
  return { minPrice: tickSize, maxPrice: new Decimal(tickSize).mul(19_999_998).toNumber() };
}

/** Rules given to the emulator without price bounds get Bybit's default ones: what it lists, it enforces. */
export function withPriceBounds(rules: InstrumentRules): InstrumentRules {
  const bounds = priceBounds(rules.tickSize);
  return {
    ...rules,
    minPrice: rules.minPrice ?? bounds.minPrice,
    maxPrice: rules.maxPrice ?? bounds.maxPrice,
  };
}
