import type {
  AccountSnapshot,
  ActiveCooldown,
  DrawdownState,
  LearnedParameters,
  RecentPerformance,
  RiskLimits,
  SymbolMarketView,
  Timeframe,
  TimeframeFeatures,
} from '../domain/index.ts';
import { TIMEFRAMES } from '../domain/index.ts';
import { assertNoForbiddenKeys } from './forbidden.ts';
import { fractionDigits, levelDigits, oscillator, priceDigits, sig, sigOrNull, usdt } from './precision.ts';

export interface PromptDataInput {
  nowMs: number;
  decisionTimeframe: Timeframe;
  /** One view per symbol the model is asked about, in the order the answer should follow. */
  views: readonly SymbolMarketView[];
  account: AccountSnapshot;
  /**
   * What closing each position and pending entry at its stop would cost (the gate's risk formula,
   * computed by the caller), in the order of `account.positions` and `account.pendingEntries`.
   * Absent: the prompt carries no risk figures.
   */
  openRisk?: OpenRiskFigures;
  limits: RiskLimits;
  cooldowns: readonly ActiveCooldown[];
  drawdown: DrawdownState;
  performance: RecentPerformance;
  learned: LearnedParameters;
}

export interface OpenRiskFigures {
  positionsUsdt: readonly number[];
  pendingEntriesUsdt: readonly number[];
}

/** Column order of every per-timeframe feature row: stated once, never repeated per row. */
export const FEATURE_COLUMNS = [
  'change_pct',
  'volatility_pct',
  'atr',
  'trend_strength',
  'adx',
  'ema_20',
  'ema_200',
  'rsi',
  'macd_hist',
  'bb_width',
  'volume_ratio',
  'support_dist_pct',
  'resistance_dist_pct',
] as const;

export type FeatureRow = (number | null)[];

export interface PromptSymbol {
  price: number;
  mark: number;
  funding_rate: number | null;
  /** This symbol's recent closed trades; absent when there were none. */
  recent?: { trades: number; wins: number; net_pnl_usdt: number };
  /** Keyed by timeframe, decision timeframe first; values follow `feature_columns`. */
  tf: Record<string, FeatureRow>;
}

export interface PromptData {
  time: string;
  decision_timeframe: Timeframe;
  feature_columns: readonly string[];
  symbols: Record<string, PromptSymbol>;
  account: {
    trading_state: string;
    wallet_available_usdt: number;
    equity_usdt: number;
    /** What closing every position and pending entry at its stop would cost, fees and slippage included. */
    open_risk_usdt?: number;
    positions: {
      symbol: string;
      side: string;
      qty: number;
      entry: number;
      mark: number;
      stop: number | null;
      tp: number | null;
      leverage: number | null;
      upnl_usdt: number | null;
      age_min: number | null;
      risk_usdt?: number;
    }[];
    open_orders: {
      symbol: string;
      side: string;
      qty: number;
      price: number;
      stop: number | null;
      age_min: number | null;
      risk_usdt?: number;
    }[];
  };
  limits: Record<string, number | boolean>;
  cooldowns: { symbol: string; side: string; remaining_min: number }[];
  drawdown: { from_peak_pct: number; daily_realized_pnl_usdt: number };
  performance: {
    trades: number;
    wins: number;
    losses: number;
    win_rate: number | null;
    net_pnl_usdt: number;
    consecutive_losses: number;
  };
  learned: Record<string, number>;
}

export class PromptDataError extends Error {
  override readonly name = 'PromptDataError';
}

function featureRow(f: TimeframeFeatures): FeatureRow {
  const price = (v: number | null) => sigOrNull(v, priceDigits);
  const fraction = (v: number | null) => sigOrNull(v, fractionDigits);
  return [
    fraction(f.changePct),
    fraction(f.volatilityPct),
    sigOrNull(f.atr, fractionDigits + 1),
    fraction(f.trendStrength),
    oscillator(f.adx),
    price(f.ema20),
    price(f.ema200),
    oscillator(f.rsi),
    sigOrNull(f.macdHistogram, fractionDigits),
    fraction(f.bollingerWidth),
    sigOrNull(f.volumeRatio, fractionDigits),
    fraction(f.supportDistancePct),
    fraction(f.resistanceDistancePct),
  ];
}

/** ISO 8601 UTC without zero seconds and milliseconds: 2025-03-01T12:15Z. */
export function compactIso(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/:00\.000Z$/, 'Z')
    .replace(/\.000Z$/, 'Z');
}

function ageMinutes(nowMs: number, sinceMs: number | null | undefined): number | null {
  if (sinceMs === null || sinceMs === undefined || !Number.isFinite(sinceMs)) return null;
  return Math.max(0, Math.round((nowMs - sinceMs) / 60_000));
}

function requirePrice(symbol: string, name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new PromptDataError(`${symbol}: ${name} is ${value}; the market view needs a positive price`);
  }
  return sig(value, priceDigits);
}

function symbolData(view: SymbolMarketView, decisionTimeframe: Timeframe): PromptSymbol {
  if (!view.timeframes[decisionTimeframe]) {
    throw new PromptDataError(
      `${view.symbol}: no ${decisionTimeframe} features in the market view; the decision timeframe is required`,
    );
  }
  const order = [decisionTimeframe, ...TIMEFRAMES.filter((t) => t !== decisionTimeframe)];
  const tf: Record<string, FeatureRow> = {};
  for (const timeframe of order) {
    const features = view.timeframes[timeframe];
    if (features) tf[timeframe] = featureRow(features);
  }
  return {
    price: requirePrice(view.symbol, 'lastPrice', view.lastPrice),
    mark: requirePrice(view.symbol, 'markPrice', view.markPrice),
    funding_rate: sigOrNull(view.fundingRate, fractionDigits),
    tf,
  };
}

/** The gate's limits the model should plan within, picked explicitly (no score thresholds). */
function limitsData(limits: RiskLimits): Record<string, number | boolean> {
  const data: Record<string, number | boolean> = {
    max_loss_usdt_per_trade: limits.maxLossUsdtPerTrade,
    max_total_risk_usdt: limits.maxTotalRiskUsdt,
    max_notional_usdt: limits.maxNotionalUsdt,
    min_sl_distance_pct: limits.minSlDistancePct,
    max_sl_distance_pct: limits.maxSlDistancePct,
    max_entry_deviation_pct: limits.maxEntryDeviationPct,
    allow_market_entry: limits.allowMarketEntry,
    min_leverage: limits.minLeverage,
    max_leverage: limits.maxLeverageOpen,
    max_open_positions: limits.maxOpenPositions,
  };
  if (limits.enableConfidenceLeverageAdjust) {
    data.confidence_low_below = limits.leverageCapConfidenceLow;
    data.confidence_med_below = limits.leverageCapConfidenceMed;
    data.max_leverage_low_confidence = limits.leverageMaxConfidenceLow;
    data.max_leverage_med_confidence = limits.leverageMaxConfidenceMed;
  }
  return data;
}

const learnedKey = /^[a-z][a-z0-9_]{0,47}$/;

function learnedData(learned: LearnedParameters): Record<string, number> {
  const data: Record<string, number> = {};
  for (const [key, value] of Object.entries(learned)) {
    if (!learnedKey.test(key) || !Number.isFinite(value)) {
      throw new PromptDataError(
        `learned parameter "${key}" = ${value} is not a snake_case name with a finite number`,
      );
    }
    data[key] = sig(value, levelDigits);
  }
  return data;
}

/**
 * The one JSON document the model receives each cycle. Every field is picked by name, so
 * nothing server-side (regime, setup scores) can leak in; the final scan proves it.
 */
export function buildPromptData(input: PromptDataInput): PromptData {
  const { nowMs, account, openRisk } = input;
  if (
    openRisk &&
    (openRisk.positionsUsdt.length !== account.positions.length ||
      openRisk.pendingEntriesUsdt.length !== account.pendingEntries.length)
  ) {
    throw new PromptDataError('openRisk must hold one figure per position and per pending entry');
  }
  const riskOf = (v: number | undefined) => (v === undefined ? {} : { risk_usdt: usdt(v) });
  if (!Number.isFinite(nowMs)) throw new PromptDataError(`nowMs is ${nowMs}; pass the cycle time in ms`);
  const symbols: Record<string, PromptSymbol> = {};
  for (const view of input.views) {
    if (symbols[view.symbol]) throw new PromptDataError(`${view.symbol} appears twice in the market views`);
    symbols[view.symbol] = symbolData(view, input.decisionTimeframe);
  }
  const perf = input.performance;
  for (const [symbol, s] of Object.entries(perf.bySymbol)) {
    const target = symbols[symbol];
    if (target && s.trades > 0)
      target.recent = { trades: s.trades, wins: s.wins, net_pnl_usdt: usdt(s.netPnlUsdt) };
  }
  const data: PromptData = {
    time: compactIso(nowMs),
    decision_timeframe: input.decisionTimeframe,
    feature_columns: FEATURE_COLUMNS,
    symbols,
    account: {
      trading_state: account.tradingState,
      wallet_available_usdt: usdt(account.walletAvailableUsdt),
      equity_usdt: usdt(account.equityUsdt),
      ...(openRisk
        ? {
            open_risk_usdt: usdt(
              [...openRisk.positionsUsdt, ...openRisk.pendingEntriesUsdt].reduce((a, b) => a + b, 0),
            ),
          }
        : {}),
      positions: account.positions.map((p, i) => ({
        symbol: p.symbol,
        side: p.side,
        qty: p.qty,
        entry: sig(p.entryPrice, priceDigits),
        mark: sig(p.markPrice, priceDigits),
        stop: sigOrNull(p.stopLoss, priceDigits),
        tp: sigOrNull(p.takeProfit, priceDigits),
        leverage: p.leverage ?? null,
        upnl_usdt:
          p.unrealisedPnlUsdt === null || p.unrealisedPnlUsdt === undefined
            ? null
            : usdt(p.unrealisedPnlUsdt),
        age_min: ageMinutes(nowMs, p.openedAtMs),
        ...riskOf(openRisk?.positionsUsdt[i]),
      })),
      open_orders: account.pendingEntries.map((o, i) => ({
        symbol: o.symbol,
        side: o.side,
        qty: o.qty,
        price: sig(o.price, priceDigits),
        stop: sigOrNull(o.stopLoss, priceDigits),
        age_min: ageMinutes(nowMs, o.createdAtMs),
        ...riskOf(openRisk?.pendingEntriesUsdt[i]),
      })),
    },
    limits: limitsData(input.limits),
    cooldowns: input.cooldowns
      .filter((c) => c.untilMs > nowMs)
      .map((c) => ({
        symbol: c.symbol,
        side: c.side,
        remaining_min: Math.ceil((c.untilMs - nowMs) / 60_000),
      })),
    drawdown: {
      from_peak_pct: sig(input.drawdown.fromPeakPct, fractionDigits),
      daily_realized_pnl_usdt: usdt(input.drawdown.dailyRealizedPnlUsdt),
    },
    performance: {
      trades: perf.trades,
      wins: perf.wins,
      losses: perf.losses,
      win_rate: perf.trades > 0 ? sig(perf.wins / perf.trades, fractionDigits) : null,
      net_pnl_usdt: usdt(perf.netPnlUsdt),
      consecutive_losses: perf.consecutiveLosses,
    },
    learned: learnedData(input.learned),
  };
  assertNoForbiddenKeys(data);
  return data;
}

/** The exact user-message text: compact JSON, stable key order. */
export function renderPromptData(data: PromptData): string {
  return JSON.stringify(data);
}

/** The user message of a request: rendered once per call, by the cycle when it journals the prompt. */
export function userMessageOf(request: { promptData: PromptData; renderedPromptData?: string }): string {
  return request.renderedPromptData ?? renderPromptData(request.promptData);
}
