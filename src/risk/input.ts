// Same domain imports as cli/gate-document.ts on purpose: that parses the SPEC's snake_case document, this the domain shapes.
import { z } from 'zod';
import {
  ACTIONS,
  type AccountSnapshot,
  ENTRY_TYPES,
  type InstrumentRules,
  type MarketSnapshot,
  type Proposal,
  type RiskLimits,
  SIDES,
  TRADING_STATES,
} from '../domain/index.ts';

/** Everything the gate needs; each part is validated inside the gate, nothing is trusted. */
export interface GateInput {
  proposal: unknown;
  account: unknown;
  instrument: unknown;
  market: unknown;
  limits: RiskLimits;
}

// z.number() refuses NaN and ±Infinity, which is what we want for account, instrument, market
// and limits: a non-finite figure there is a broken input (GATE_ERROR).
const finite = z.number();
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

/**
 * Proposal numbers are the model's words: any number (NaN included) passes here so that the
 * checks can name what is wrong with it (INVALID_STOP_LOSS, INVALID_ENTRY_PRICE…). Anything that is
 * not a number at all is a malformed proposal.
 */
const anyNumber = z
  .custom<number>((v) => typeof v === 'number', { message: 'must be a number' })
  .nullish()
  .transform((v) => v ?? null);

export const proposalSchema = z.object({
  symbol: z.string().min(1),
  action: z.enum(ACTIONS),
  confidence: anyNumber,
  leverage: anyNumber,
  sizePct: anyNumber,
  entryType: z
    .enum(ENTRY_TYPES)
    .nullish()
    .transform((v) => v ?? null),
  entryPrice: anyNumber,
  slPct: anyNumber,
  tpPct: anyNumber,
  rationale: z.unknown().transform((v) => (typeof v === 'string' ? v : null)),
});

const nullablePrice = positive.nullish().transform((v) => v ?? null);

/** Fee rates may be negative (maker rebates); the gate never counts a rebate as a saving. */
const feeRate = z.number().gt(-0.01).lt(0.01);

const positionSchema = z.object({
  symbol: z.string().min(1),
  side: z.enum(SIDES),
  qty: positive,
  entryPrice: positive,
  markPrice: positive,
  stopLoss: nullablePrice,
  takeProfit: nullablePrice,
  leverage: positive.nullish().transform((v) => v ?? null),
});

// Same shape as positionSchema on purpose: one schema per input part the gate checks.
const pendingEntrySchema = z.object({
  symbol: z.string().min(1),
  side: z.enum(SIDES),
  qty: positive,
  price: positive,
  entryType: z.enum(ENTRY_TYPES).optional(),
  stopLoss: nullablePrice,
  plannedRiskUsdt: nonNegative.nullish().transform((v) => v ?? null),
});

const closedTradeSchema = z.object({
  symbol: z.string().min(1),
  side: z.enum(SIDES),
  closedAtMs: finite,
  realizedPnlUsdt: finite,
});

export const accountSchema = z.object({
  walletAvailableUsdt: nonNegative,
  equityUsdt: finite,
  tradingState: z.enum(TRADING_STATES),
  positions: z.array(positionSchema),
  pendingEntries: z.array(pendingEntrySchema),
  recentCloses: z.array(closedTradeSchema),
  equityPeakUsdt: finite.nullish().transform((v) => v ?? null),
  feeRates: z
    .record(z.string(), z.object({ takerFee: feeRate, makerFee: feeRate }))
    .nullish()
    .transform((v) => v ?? null),
});

export const instrumentSchema = z.object({
  symbol: z.string().min(1),
  tickSize: positive,
  qtyStep: positive,
  minQty: positive,
  maxQty: positive.nullish().transform((v) => v ?? null),
  maxMarketQty: positive.nullish().transform((v) => v ?? null),
  minNotionalUsdt: nonNegative,
  maxLeverage: z.number().min(1),
  minLeverage: positive.nullish().transform((v) => v ?? null),
  takerFee: feeRate,
  makerFee: feeRate,
});

const correlationSchema = z.record(z.string(), z.record(z.string(), z.number().min(-1).max(1)));

export const marketSchema = z.object({
  symbol: z.string().min(1),
  markPrice: positive,
  bestBid: nullablePrice,
  bestAsk: nullablePrice,
  nowMs: finite,
  lastClosedCandleMs: finite,
  preScore: finite.nullish().transform((v) => v ?? null),
  rangeScore: finite.nullish().transform((v) => v ?? null),
  correlations: correlationSchema.nullish().transform((v) => v ?? null),
});

const fraction = z.number().gt(0).lt(1);

export const limitsSchema = z
  .object({
    symbols: z.array(z.string().min(1)),
    decisionTimeframeMs: positive,
    maxLossUsdtPerTrade: positive,
    maxTotalRiskUsdt: positive,
    maxNotionalUsdt: positive,
    minSlDistancePct: fraction,
    maxSlDistancePct: fraction,
    marginSafetyFactor: z.number().gt(0).max(1),
    maxOpenPositions: z.number().int().nonnegative(),
    minLeverage: z.number().min(1),
    maxLeverageOpen: z.number().min(1),
    enableConfidenceLeverageAdjust: z.boolean(),
    leverageCapConfidenceLow: z.number().min(0).max(100),
    leverageCapConfidenceMed: z.number().min(0).max(100),
    leverageMaxConfidenceLow: z.number().min(1),
    leverageMaxConfidenceMed: z.number().min(1),
    allowMarketEntry: z.boolean(),
    maxEntryDeviationPct: fraction,
    slSlippageAllowancePct: z.number().min(0).lt(1),
    scoreGateEnabled: z.boolean(),
    preScoreMin: finite,
    rangeScoreMin: finite,
    cooldownSameSideMinutes: nonNegative,
    cooldownOppositeSideMinutes: nonNegative,
    liquidationBufferPct: z.number().min(0).lt(1),
    maintenanceMarginRate: z.number().min(0).lt(1),
    enableRecoverySizing: z.boolean(),
    recoveryMultiplier: z.number().min(1),
    recoveryMaxSteps: z.number().int().nonnegative(),
    enableDynamicLimits: z.boolean(),
    dynamicRiskPerTradePct: fraction,
    dynamicTotalRiskPct: fraction,
    dynamicRiskPerTradeFloorUsdt: positive,
    dynamicRiskPerTradeCeilingUsdt: positive,
    dynamicTotalRiskFloorUsdt: positive,
    dynamicTotalRiskCeilingUsdt: positive,
    symbolRiskCapsUsdt: z.record(z.string(), nonNegative),
    enableCorrelationCheck: z.boolean(),
    correlationThreshold: z.number().min(-1).max(1),
    correlationClusterRiskUsdt: nonNegative,
    // Keyed by the domain's RiskLimits (the one description): a limit added there fails here until validated.
  } satisfies { [K in keyof RiskLimits]-?: z.ZodType<RiskLimits[K]> })
  .refine((l) => l.minLeverage <= l.maxLeverageOpen, 'minLeverage must not exceed maxLeverageOpen')
  .refine(
    (l) => l.minSlDistancePct <= l.maxSlDistancePct,
    'minSlDistancePct must not exceed maxSlDistancePct',
  )
  .refine(
    (l) => l.dynamicRiskPerTradeFloorUsdt <= l.dynamicRiskPerTradeCeilingUsdt,
    'dynamicRiskPerTradeFloorUsdt must not exceed its ceiling',
  )
  .refine(
    (l) => l.dynamicTotalRiskFloorUsdt <= l.dynamicTotalRiskCeilingUsdt,
    'dynamicTotalRiskFloorUsdt must not exceed its ceiling',
  );

export type ValidProposal = z.output<typeof proposalSchema>;
export type ValidAccount = z.output<typeof accountSchema>;
export type ValidInstrument = z.output<typeof instrumentSchema>;
export type ValidMarket = z.output<typeof marketSchema>;

export class GateInputError extends Error {
  override readonly name = 'GateInputError';
}

// Compile-time guarantees that the validated shapes still fit the domain types.
type Assert<T extends true> = T;
export type ValidatedShapesFitDomain = [
  Assert<ValidProposal extends Proposal ? true : false>,
  Assert<ValidAccount extends AccountSnapshot ? true : false>,
  Assert<ValidInstrument extends InstrumentRules ? true : false>,
  Assert<ValidMarket extends MarketSnapshot ? true : false>,
];
