import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import type {
  AccountSnapshot,
  InstrumentRules,
  MarketSnapshot,
  PendingEntry,
  Position,
  Proposal,
  RiskLimits,
} from '../../../src/domain/index.ts';
import { stubs } from '../../support/stubs.ts';

/** Random but plausible gate inputs, tilted so that a good share of proposals is approved. */

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT'];
const side = fc.constantFrom('LONG' as const, 'SHORT' as const);
/** Uniform over the value range (fc.double is uniform over bit patterns: mostly tiny numbers). */
const money = (min: number, max: number) =>
  fc.noBias(fc.integer({ min: 0, max: 1_000_000 })).map((k) => min + ((max - min) * k) / 1_000_000);

export const limitsArb: fc.Arbitrary<RiskLimits> = fc
  .record({
    maxLossUsdtPerTrade: money(0.05, 3),
    maxTotalRiskUsdt: money(0.1, 10),
    maxNotionalUsdt: money(5, 500),
    minSlDistancePct: money(0.0005, 0.01),
    slSpan: money(0.001, 0.07),
    marginSafetyFactor: money(0.3, 1),
    maxOpenPositions: fc.integer({ min: 2, max: 10 }),
    minLeverage: money(1, 5),
    levSpan: money(0, 45),
    enableConfidenceLeverageAdjust: fc.boolean(),
    allowMarketEntry: fc.boolean(),
    maxEntryDeviationPct: money(0.002, 0.03),
    slSlippageAllowancePct: money(0, 0.005),
    scoreGateEnabled: fc.boolean(),
    enableRecoverySizing: fc.boolean(),
    recoveryMultiplier: money(1, 3),
    recoveryMaxSteps: fc.integer({ min: 0, max: 5 }),
    enableDynamicLimits: fc.boolean(),
    liquidationBufferPct: money(0, 0.05),
    maintenanceMarginRate: money(0, 0.05),
    symbolCap: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: money(0, 3) },
    ),
    enableCorrelationCheck: fc.boolean(),
    correlationThreshold: money(0.5, 0.95),
    correlationClusterRiskUsdt: money(0.1, 5),
  })
  .map(({ slSpan, levSpan, symbolCap, ...l }) =>
    stubs.limits({
      ...l,
      symbols: SYMBOLS,
      maxSlDistancePct: l.minSlDistancePct + slSpan,
      maxLeverageOpen: l.minLeverage + levSpan,
      symbolRiskCapsUsdt: symbolCap === undefined ? {} : { BTCUSDT: symbolCap },
    }),
  );

const powerOfTen = (exponent: number) => Number(`1e${exponent}`);

/** Ticks and steps scaled to the price, as on a real venue (a 0.2 USDT coin has no 1.0 tick). */
export const instrumentArb = (symbol: string, markPrice: number): fc.Arbitrary<InstrumentRules> => {
  const magnitude = Math.floor(Math.log10(markPrice));
  return fc
    .record({
      tickExponent: fc.integer({ min: magnitude - 6, max: magnitude - 3 }),
      // qty step worth between ~0.0001 and ~1 USDT
      stepExponent: fc.integer({ min: -4 - magnitude, max: -magnitude }),
      minSteps: fc.integer({ min: 1, max: 5 }),
      minNotionalUsdt: money(0, 10),
      maxLeverage: fc.constantFrom(5, 12.5, 25, 50, 100),
      takerFee: money(0, 0.001),
      makerFee: money(-0.0001, 0.0005),
      maxQty: fc.option(money(0.001, 1e6), { nil: null }),
    })
    .map(({ tickExponent, stepExponent, minSteps, ...i }) => {
      const qtyStep = powerOfTen(stepExponent);
      return stubs.instrument({
        ...i,
        symbol,
        tickSize: powerOfTen(tickExponent),
        qtyStep,
        minQty: new Decimal(qtyStep).mul(minSteps).toNumber(),
        maxMarketQty: null,
      });
    });
};

export const marketArb = (symbol: string): fc.Arbitrary<MarketSnapshot> =>
  fc
    .record({
      markPrice: fc.constantFrom(0.2, 2.5, 150, 3000, 50_000, 97_123.4),
      ageMs: fc.integer({ min: 900_000, max: 3.2 * 900_000 }),
      preScore: fc.option(money(30, 100), { nil: null }),
      rangeScore: fc.option(money(30, 100), { nil: null }),
      correlation: fc.option(money(-1, 1), { nil: undefined }),
      // The top of the book around the mark, when the venue gave it (the ask may sit under the mark).
      book: fc.option(fc.record({ offset: money(-0.003, 0.003), halfSpread: money(0, 0.001) }), {
        nil: null,
      }),
    })
    .map(({ ageMs, correlation, book, ...m }) =>
      stubs.market({
        ...m,
        bestBid: book === null ? null : m.markPrice * (1 + book.offset - book.halfSpread),
        bestAsk: book === null ? null : m.markPrice * (1 + book.offset + book.halfSpread),
        symbol,
        lastClosedCandleMs: stubs.NOW_MS - ageMs,
        correlations:
          correlation === undefined
            ? null
            : Object.fromEntries(SYMBOLS.map((s) => [s, { [symbol]: correlation }])),
      }),
    );

export const proposalArb = (symbol: string, markPrice: number, limits: RiskLimits): fc.Arbitrary<Proposal> =>
  fc
    .record({
      action: fc.constantFrom('OPEN_LONG' as const, 'OPEN_SHORT' as const),
      confidence: fc.option(money(0, 120), { nil: null }),
      leverage: fc.option(money(0.5, 60), { nil: null }),
      entryType: fc.constantFrom('LIMIT' as const, 'LIMIT' as const, 'MARKET' as const),
      deviation: money(-limits.maxEntryDeviationPct * 1.2, limits.maxEntryDeviationPct * 1.2),
      slPct: fc.option(money(limits.minSlDistancePct * 0.8, limits.maxSlDistancePct * 1.1), {
        nil: null,
        freq: 20,
      }),
      tpPct: fc.option(money(0.001, 0.2), { nil: null }),
    })
    .map(({ deviation, ...p }) => stubs.proposal({ ...p, symbol, entryPrice: markPrice * (1 + deviation) }));

const legPrice = fc.constantFrom(0.2, 150, 3000, 50_000);

/** Other symbols mostly: a leg on the proposal's own symbol blocks everything else. */
const legSymbol = fc.constantFrom(...SYMBOLS.slice(1), ...SYMBOLS.slice(1), SYMBOLS[0]!);

const positionArb: fc.Arbitrary<Position> = fc
  .record({
    symbol: legSymbol,
    side,
    notional: money(1, 40),
    entryPrice: legPrice,
    stopOffset: fc.option(money(-0.02, 0.03), { nil: null, freq: 10 }),
  })
  .map(({ notional, stopOffset, ...p }) =>
    stubs.position({
      ...p,
      qty: notional / p.entryPrice,
      markPrice: p.entryPrice,
      // Positive offset = on the losing side.
      stopLoss:
        stopOffset === null ? null : p.entryPrice * (p.side === 'LONG' ? 1 - stopOffset : 1 + stopOffset),
    }),
  );

const pendingArb: fc.Arbitrary<PendingEntry> = fc
  .record({
    symbol: legSymbol,
    side,
    plannedRiskUsdt: fc.option(money(0, 0.5), { nil: null }),
    price: legPrice,
    entryType: fc.constantFrom('LIMIT' as const, 'LIMIT' as const, 'MARKET' as const),
    stopPct: fc.option(money(0.001, 0.02), { nil: null, freq: 10 }),
  })
  .map(({ stopPct, ...e }) =>
    stubs.pendingEntry({
      ...e,
      qty: 10 / e.price,
      stopLoss: stopPct === null ? null : e.price * (e.side === 'LONG' ? 1 - stopPct : 1 + stopPct),
    }),
  );

/** The account's own fee rates for some symbols, sometimes dearer than the proposal instrument's. */
const feeRatesArb = fc.option(
  fc.dictionary(
    fc.constantFrom(...SYMBOLS),
    fc.record({ takerFee: money(0, 0.002), makerFee: money(-0.0001, 0.001) }),
    {
      maxKeys: 5,
    },
  ),
  { nil: null },
);

export const accountArb: fc.Arbitrary<AccountSnapshot> = fc
  .record({
    walletAvailableUsdt: money(2, 500),
    equityUsdt: money(0, 1000),
    tradingState: fc.constantFrom(
      ...(['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'REDUCING', 'HALTED'] as const),
    ),
    positions: fc.array(positionArb, { maxLength: 2 }),
    pendingEntries: fc.array(pendingArb, { maxLength: 2 }),
    feeRates: feeRatesArb,
    recentCloses: fc.array(
      fc.record({ side, minutesAgo: fc.integer({ min: 0, max: 240 }), realizedPnlUsdt: money(-0.5, 0.2) }),
      { maxLength: 4 },
    ),
  })
  .map(({ recentCloses, ...a }) =>
    stubs.account({
      ...a,
      recentCloses: recentCloses.map(({ minutesAgo, ...c }) =>
        stubs.closedTrade({ ...c, symbol: 'BTCUSDT', closedAtMs: stubs.NOW_MS - minutesAgo * 60_000 }),
      ),
    }),
  );

/** A complete input for BTCUSDT with everything random. */
export const gateInputArb = fc
  .tuple(limitsArb, marketArb('BTCUSDT'), accountArb)
  .chain(([limits, market, account]) =>
    fc
      .tuple(instrumentArb('BTCUSDT', market.markPrice), proposalArb('BTCUSDT', market.markPrice, limits))
      .map(([instrument, proposal]) => ({ proposal, account, instrument, market, limits })),
  );
