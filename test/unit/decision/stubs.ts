import type { PromptDataInput } from '../../../src/decision/prompt-data.ts';
import type {
  AccountSnapshot,
  RiskLimits,
  SymbolMarketView,
  Timeframe,
  TimeframeFeatures,
} from '../../../src/domain/index.ts';

import { stubs } from '../../support/stubs.ts';

export const NOW_MS = Date.UTC(2025, 2, 1, 12, 15);

export function features(
  timeframe: Timeframe,
  close: number,
  overrides: Partial<TimeframeFeatures> = {},
): TimeframeFeatures {
  return {
    timeframe,
    candleTs: NOW_MS - 15 * 60_000,
    close,
    changePct: 0.0012345678,
    volatilityPct: 0.0043219,
    atr: close * 0.004123456,
    trendStrength: 0.0123456,
    adx: 31.2345,
    ema20: close * 0.998765432,
    ema200: close * 0.98123456,
    rsi: 58.7654,
    macdHistogram: close * 0.0001234,
    bollingerWidth: 0.021234,
    volumeRatio: 1.23456,
    supportDistancePct: 0.0087654,
    resistanceDistancePct: 0.0123456,
    ...overrides,
  };
}

export function view(
  symbol: string,
  price: number,
  overrides: Partial<SymbolMarketView> = {},
): SymbolMarketView {
  return {
    symbol,
    nowMs: NOW_MS,
    lastPrice: price,
    markPrice: price * 1.0001,
    fundingRate: 0.000123456,
    lastClosedCandleMs: NOW_MS - 15 * 60_000,
    timeframes: {
      '15m': features('15m', price),
      '1h': features('1h', price * 0.999),
      '4h': features('4h', price * 0.995),
    },
    scores: { regime: 'TREND', preScore: 72, rangeScore: 31 },
    ...overrides,
  };
}

/** The shared gate limits (LIVE profile), for the two symbols these decision stubs use. */
export function limits(overrides: Partial<RiskLimits> = {}): RiskLimits {
  return stubs.limits({ symbols: ['BTCUSDT', 'ETHUSDT'], ...overrides });
}

export function account(overrides: Partial<AccountSnapshot> = {}): AccountSnapshot {
  return {
    walletAvailableUsdt: 92.123456,
    equityUsdt: 100.98765,
    tradingState: 'ACTIVE',
    positions: [
      {
        symbol: 'ETHUSDT',
        side: 'LONG',
        qty: 0.01,
        entryPrice: 3412.345,
        markPrice: 3420.5,
        stopLoss: 3380.1,
        takeProfit: null,
        leverage: 5,
        unrealisedPnlUsdt: 0.0815432,
        openedAtMs: NOW_MS - 95 * 60_000,
      },
    ],
    pendingEntries: [
      {
        symbol: 'SOLUSDT',
        side: 'SHORT',
        qty: 0.3,
        price: 181.23,
        stopLoss: 183.5,
        createdAtMs: NOW_MS - 10 * 60_000,
      },
    ],
    recentCloses: [
      { symbol: 'BTCUSDT', side: 'LONG', closedAtMs: NOW_MS - 3 * 60_000, realizedPnlUsdt: -0.31 },
      { symbol: 'ETHUSDT', side: 'SHORT', closedAtMs: NOW_MS - 26 * 3_600_000, realizedPnlUsdt: 0.52 },
    ],
    equityPeakUsdt: 103.5,
    ...overrides,
  };
}

export const PRICES: Record<string, number> = {
  BTCUSDT: 97123.45,
  ETHUSDT: 3421.87,
  SOLUSDT: 181.456,
  XRPUSDT: 2.34567,
  DOGEUSDT: 0.123456,
  BNBUSDT: 612.345,
  ADAUSDT: 0.98765,
  AVAXUSDT: 35.4321,
  LINKUSDT: 18.7654,
  LTCUSDT: 101.234,
};

export function promptInput(
  symbols: string[] = ['BTCUSDT', 'ETHUSDT'],
  overrides: Partial<PromptDataInput> = {},
): PromptDataInput {
  return {
    nowMs: NOW_MS,
    decisionTimeframe: '15m',
    views: symbols.map((s) => view(s, PRICES[s] ?? 100)),
    account: account(),
    limits: limits(),
    cooldowns: [{ symbol: 'BTCUSDT', side: 'LONG', untilMs: NOW_MS + 2 * 60_000 }],
    drawdown: { fromPeakPct: 0.0243, dailyRealizedPnlUsdt: -0.31 },
    performance: {
      trades: 12,
      wins: 5,
      losses: 7,
      netPnlUsdt: -0.456,
      consecutiveLosses: 2,
      bySymbol: {
        BTCUSDT: { trades: 7, wins: 3, netPnlUsdt: -0.2 },
        ETHUSDT: { trades: 5, wins: 2, netPnlUsdt: -0.256 },
      },
    },
    learned: { atr_stop_multiple: 1.6, limit_fill_rate: 0.62 },
    ...overrides,
  };
}
