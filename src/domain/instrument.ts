/** The venue's rules for one contract, as numbers (the adapter parses the exchange strings). */
export interface InstrumentRules {
  symbol: string;
  tickSize: number;
  qtyStep: number;
  minQty: number;
  /** Largest LIMIT order quantity. */
  maxQty?: number | null;
  /** Largest MARKET order quantity. */
  maxMarketQty?: number | null;
  minNotionalUsdt: number;
  /** Bybit's priceFilter bounds for an order price; absent = unbounded. */
  minPrice?: number | null;
  maxPrice?: number | null;
  maxLeverage: number;
  minLeverage?: number | null;
  /** Fee rates as fractions (0.00055 = 0.055%). */
  takerFee: number;
  makerFee: number;
}

/** An account's fee rates on one contract, as fractions; negative is a maker rebate. */
export type FeeRates = Pick<InstrumentRules, 'takerFee' | 'makerFee'>;

/** The fee rates of an instrument's rules, apart from everything else the rules say. */
export function feeRatesOf(rules: FeeRates): FeeRates {
  return { takerFee: rules.takerFee, makerFee: rules.makerFee };
}
