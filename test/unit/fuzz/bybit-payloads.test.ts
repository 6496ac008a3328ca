import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  candleFromKlineRow,
  candleFromWsKline,
  executionFromVenue,
  instrumentFromVenue,
  orderFromVenue,
  positionFromVenue,
  tickerFromVenue,
  walletFromVenue,
} from '../../../src/exchange/bybit/mapper.ts';
import { StreamTranslator } from '../../../src/exchange/bybit/streams.ts';
import { ExchangeError } from '../../../src/exchange/errors.ts';

/** Field values a broken or hostile venue could send: numeric strings, garbage, wrong types. */
const field = fc.oneof(
  fc.constantFrom('0', '1', '-1', '0.1', '50000.5', 'NaN', 'Infinity', '', '1e999', 'abc'),
  fc.double().map(String),
  fc.double(),
  fc.string({ maxLength: 8 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
);
const keys = [
  'symbol',
  'side',
  'orderType',
  'orderStatus',
  'orderId',
  'orderLinkId',
  'price',
  'qty',
  'cumExecQty',
  'avgPrice',
  'triggerPrice',
  'stopLoss',
  'takeProfit',
  'reduceOnly',
  'stopOrderType',
  'createdTime',
  'updatedTime',
  'size',
  'avgPrice',
  'markPrice',
  'leverage',
  'liqPrice',
  'trailingStop',
  'unrealisedPnl',
  'cumRealisedPnl',
  'positionIdx',
  'execId',
  'execPrice',
  'execQty',
  'execFee',
  'execTime',
  'execType',
  'isMaker',
  'closedSize',
  'lastPrice',
  'indexPrice',
  'fundingRate',
  'nextFundingTime',
  'bid1Price',
  'ask1Price',
  'start',
  'end',
  'open',
  'high',
  'low',
  'close',
  'volume',
  'confirm',
  'totalEquity',
  'totalWalletBalance',
  'totalAvailableBalance',
  'totalPerpUPL',
  'category',
];
const venueSide = fc.constantFrom('Buy', 'Sell', 'None', '', 'buy');
const payload = fc
  .tuple(fc.dictionary(fc.constantFrom(...keys), field, { maxKeys: 30 }), venueSide)
  .map(([record, side]) => ({ symbol: 'BTCUSDT', side, ...record }) as Record<string, unknown>);

/** A mapper either maps or says clearly what is wrong with the payload (an ExchangeError), nothing else. */
function mapsOrRefuses(map: () => unknown): void {
  try {
    const out = map();
    if (out && typeof out === 'object') {
      for (const value of Object.values(out as Record<string, unknown>))
        if (typeof value === 'number') expect(Number.isNaN(value)).toBe(false);
    }
  } catch (error) {
    expect(error).toBeInstanceOf(ExchangeError);
    expect((error as Error).message.length).toBeGreaterThan(0);
  }
}

const mappers: [string, (p: Record<string, unknown>) => unknown][] = [
  ['order', (p) => orderFromVenue(p as never)],
  ['position', (p) => positionFromVenue(p as never)],
  ['execution', (p) => executionFromVenue(p as never)],
  ['ticker', (p) => tickerFromVenue(p as never)],
  ['ws kline', (p) => candleFromWsKline(p as never)],
  ['wallet', (p) => walletFromVenue(p as never)],
];

const filters = fc.record(
  {
    symbol: fc.constant('BTCUSDT'),
    priceFilter: fc.dictionary(fc.constantFrom('tickSize', 'minPrice'), field),
    lotSizeFilter: fc.dictionary(
      fc.constantFrom('qtyStep', 'minOrderQty', 'maxOrderQty', 'maxMktOrderQty', 'minNotionalValue'),
      field,
    ),
    leverageFilter: fc.dictionary(fc.constantFrom('minLeverage', 'maxLeverage'), field),
  },
  { requiredKeys: ['symbol'] },
);

describe('fuzz: Bybit payloads', () => {
  for (const [name, map] of mappers) {
    it(`maps a random ${name} payload or refuses it with an ExchangeError`, () => {
      fc.assert(
        fc.property(payload, (p) => mapsOrRefuses(() => map(p))),
        { numRuns: 300 },
      );
    });
  }

  it('maps a random instrument listing (filters missing or garbled) or refuses it with an ExchangeError', () => {
    fc.assert(
      fc.property(filters, (listing) =>
        mapsOrRefuses(() => instrumentFromVenue(listing as never, { takerFee: 0.00055, makerFee: 0.0002 })),
      ),
      { numRuns: 300 },
    );
  });

  it('maps a random kline row or refuses it with an ExchangeError', () => {
    fc.assert(
      fc.property(fc.array(field, { maxLength: 8 }), (row) =>
        mapsOrRefuses(() => candleFromKlineRow(row as never)),
      ),
      { numRuns: 300 },
    );
  });

  it('translates random stream messages into events or refuses them with an ExchangeError', () => {
    const topic = fc.oneof(
      fc.constantFrom(
        'kline.5.BTCUSDT',
        'kline.x.BTCUSDT',
        'tickers.BTCUSDT',
        'order',
        'position',
        'execution',
        'wallet',
        '',
      ),
      fc.string({ maxLength: 20 }),
    );
    const data = fc.oneof(payload, fc.array(payload, { maxLength: 3 }), field);
    fc.assert(
      fc.property(topic, fc.constantFrom('snapshot', 'delta', undefined), data, (t, type, d) => {
        const events: unknown[] = [];
        const translator = new StreamTranslator((event) => events.push(event));
        mapsOrRefuses(() => translator.handle({ topic: t, type, data: d } as never));
      }),
      { numRuns: 400 },
    );
  });
});
