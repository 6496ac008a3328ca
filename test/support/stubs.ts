import type {
  AccountSnapshot,
  ClosedTrade,
  InstrumentRules,
  MarketSnapshot,
  PendingEntry,
  Position,
  Proposal,
  RiskLimits,
} from '../../src/domain/index.ts';

/**
 * Stub factories with realistic, mutually consistent defaults (LIVE profile limits, a BTCUSDT
 * LIMIT long that the gate approves). Pass overrides for what a test is about.
 */

const NOW_MS = Date.UTC(2026, 0, 5, 12, 0, 0);
const FIFTEEN_MIN_MS = 900_000;

function limits(overrides: Partial<RiskLimits> = {}): RiskLimits {
  return {
    symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
    decisionTimeframeMs: FIFTEEN_MIN_MS,
    maxLossUsdtPerTrade: 0.35,
    maxTotalRiskUsdt: 1.5,
    maxNotionalUsdt: 50,
    minSlDistancePct: 0.0025,
    maxSlDistancePct: 0.025,
    marginSafetyFactor: 0.85,
    maxOpenPositions: 10,
    minLeverage: 3,
    maxLeverageOpen: 10,
    enableConfidenceLeverageAdjust: false,
    leverageCapConfidenceLow: 60,
    leverageCapConfidenceMed: 75,
    leverageMaxConfidenceLow: 4,
    leverageMaxConfidenceMed: 6,
    allowMarketEntry: false,
    maxEntryDeviationPct: 0.01,
    slSlippageAllowancePct: 0.001,
    scoreGateEnabled: true,
    preScoreMin: 55,
    rangeScoreMin: 60,
    cooldownSameSideMinutes: 5,
    cooldownOppositeSideMinutes: 60,
    liquidationBufferPct: 0.005,
    maintenanceMarginRate: 0.005,
    enableRecoverySizing: false,
    recoveryMultiplier: 1.5,
    recoveryMaxSteps: 2,
    enableDynamicLimits: false,
    dynamicRiskPerTradePct: 0.0035,
    dynamicTotalRiskPct: 0.015,
    dynamicRiskPerTradeFloorUsdt: 0.1,
    dynamicRiskPerTradeCeilingUsdt: 2,
    dynamicTotalRiskFloorUsdt: 0.5,
    dynamicTotalRiskCeilingUsdt: 10,
    symbolRiskCapsUsdt: {},
    enableCorrelationCheck: true,
    correlationThreshold: 0.8,
    correlationClusterRiskUsdt: 0.7,
    ...overrides,
  };
}

function account(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    walletAvailableUsdt: 100,
    equityUsdt: 100,
    tradingState: 'ACTIVE',
    positions: [],
    pendingEntries: [],
    recentCloses: [],
    equityPeakUsdt: 100,
    ...overrides,
  };
}

function position(overrides: Partial<Position> = {}): Position {
  return {
    symbol: 'ETHUSDT',
    side: 'LONG',
    qty: 0.01,
    entryPrice: 3000,
    markPrice: 3010,
    stopLoss: 2970,
    takeProfit: null,
    leverage: 5,
    ...overrides,
  };
}

function pendingEntry(overrides: Partial<PendingEntry> = {}): PendingEntry {
  return {
    symbol: 'SOLUSDT',
    side: 'LONG',
    qty: 1,
    price: 150,
    stopLoss: 149.7,
    plannedRiskUsdt: 0.3,
    createdAtMs: NOW_MS - 60_000,
    orderLinkId: 'stub-entry-1',
    ...overrides,
  };
}

function closedTrade(overrides: Partial<ClosedTrade> = {}): ClosedTrade {
  return {
    symbol: 'BTCUSDT',
    side: 'LONG',
    closedAtMs: NOW_MS - 2 * 3_600_000,
    realizedPnlUsdt: -0.3,
    ...overrides,
  };
}

/** BTCUSDT with a fine qty step, so small budgets still make a valid order. */
function instrument(overrides: Partial<InstrumentRules> = {}): InstrumentRules {
  return {
    symbol: 'BTCUSDT',
    tickSize: 0.1,
    qtyStep: 0.00001,
    minQty: 0.00001,
    maxQty: 100,
    maxMarketQty: 50,
    minNotionalUsdt: 5,
    maxLeverage: 100,
    minLeverage: 1,
    takerFee: 0.00055,
    makerFee: 0.0002,
    ...overrides,
  };
}

function market(overrides: Partial<MarketSnapshot> = {}): MarketSnapshot {
  return {
    symbol: 'BTCUSDT',
    markPrice: 50_000,
    nowMs: NOW_MS,
    lastClosedCandleMs: NOW_MS - FIFTEEN_MIN_MS,
    preScore: 60,
    rangeScore: 10,
    correlations: null,
    ...overrides,
  };
}

function proposal(overrides: Partial<Proposal> = {}): Proposal {
  return {
    symbol: 'BTCUSDT',
    action: 'OPEN_LONG',
    confidence: 70,
    leverage: 5,
    sizePct: 0.1,
    entryType: 'LIMIT',
    entryPrice: 50_000,
    slPct: 0.01,
    tpPct: 0.02,
    rationale: 'stub',
    ...overrides,
  };
}

/** A complete gate input; each part may be overridden (or replaced with anything for fuzzing). */
function gateInput(
  parts: {
    proposal?: Partial<Proposal>;
    account?: Partial<AccountSnapshot>;
    instrument?: Partial<InstrumentRules> | null;
    market?: Partial<MarketSnapshot>;
    limits?: Partial<RiskLimits>;
  } = {},
) {
  return {
    proposal: proposal(parts.proposal),
    account: account(parts.account),
    instrument: parts.instrument === null ? null : instrument(parts.instrument),
    market: market(parts.market),
    limits: limits(parts.limits),
  };
}

export const stubs = {
  NOW_MS,
  limits,
  account,
  position,
  pendingEntry,
  closedTrade,
  instrument,
  market,
  proposal,
  gateInput,
};
