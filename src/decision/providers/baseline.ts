import type { DecisionOutcome } from '../../domain/index.ts';
import { FEATURE_COLUMNS, type PromptData } from '../prompt-data.ts';
import { localCallContext, runDecision } from './outcome.ts';
import type { Decider, DecisionRequest } from './types.ts';

/** The baseline's own rule parameters (a strategy, not prompt text). */
export const BASELINE_RULES = {
  minAdx: 25,
  longRsiBelow: 70,
  shortRsiAbove: 30,
  stopAtrMultiple: 1.5,
  entryAtrOffset: 0.2,
  takeProfitStopMultiple: 2,
  leverage: 5,
  sizePct: 0.1,
  /** Keep the stop this much inside the gate's bounds so tick rounding cannot cross them. */
  boundMargin: 0.05,
} as const;

type Feature = (typeof FEATURE_COLUMNS)[number];
type Row = Partial<Record<Feature, number | null>>;
type WireEntry = Record<string, string | number | null>;

function rowOf(values: readonly (number | null)[] | undefined): Row | null {
  if (!values) return null;
  const row: Row = {};
  FEATURE_COLUMNS.forEach((name, i) => {
    row[name] = values[i] ?? null;
  });
  return row;
}

const round = (value: number, digits: number) => Number(value.toPrecision(digits));

function hold(symbol: string, rationale: string): WireEntry {
  return {
    symbol,
    action: 'HOLD',
    confidence: 0,
    leverage: null,
    size_pct: null,
    entry_type: null,
    entry_price: null,
    sl_pct: null,
    tp_pct: null,
    rationale,
  };
}

function num(limits: PromptData['limits'], key: string): number {
  const value = limits[key];
  if (typeof value !== 'number') throw new Error(`prompt data limits.${key} is missing`);
  return value;
}

/**
 * Trend following on what the model would see: EMA20/EMA200 alignment on the decision timeframe
 * (confirmed by the next timeframe when present), ADX for strength, an ATR stop inside the gate's
 * bounds, a LIMIT entry a little inside the mark, and the target a multiple of the stop.
 */
export function baselineEntry(data: PromptData, symbol: string): WireEntry {
  const R = BASELINE_RULES;
  const market = data.symbols[symbol];
  if (!market) return hold(symbol, 'no market data for the symbol');
  const timeframes = Object.keys(market.tf);
  const now = rowOf(market.tf[data.decision_timeframe]);
  const higher = rowOf(market.tf[timeframes.find((t) => t !== data.decision_timeframe) ?? '']);
  if (!now) return hold(symbol, 'no features on the decision timeframe');
  const { ema_20: fast, ema_200: slow, adx, atr, rsi } = now;
  if (fast == null || slow == null || adx == null || atr == null || rsi == null) {
    return hold(symbol, 'indicators still warming up');
  }
  const trendUp = fast > slow && market.price > fast;
  const trendDown = fast < slow && market.price < fast;
  const position = data.account.positions.find((p) => p.symbol === symbol);
  if (position) {
    const against = position.side === 'LONG' ? trendDown : trendUp;
    if (!against) return hold(symbol, 'position open and its trend intact');
    return {
      ...hold(symbol, 'EMA alignment turned against the open position'),
      action: 'CLOSE',
      confidence: 60,
    };
  }
  if (data.account.open_orders.some((o) => o.symbol === symbol)) return hold(symbol, 'entry order resting');
  if (data.account.trading_state !== 'ACTIVE')
    return hold(symbol, `trading state ${data.account.trading_state}`);
  if (adx < R.minAdx) return hold(symbol, `ADX ${adx} below ${R.minAdx}: no trend`);
  const confirmUp =
    !higher || higher.ema_20 == null || higher.ema_200 == null || higher.ema_20 > higher.ema_200;
  const confirmDown =
    !higher || higher.ema_20 == null || higher.ema_200 == null || higher.ema_20 < higher.ema_200;
  const side =
    trendUp && confirmUp && rsi < R.longRsiBelow
      ? 'LONG'
      : trendDown && confirmDown && rsi > R.shortRsiAbove
        ? 'SHORT'
        : null;
  if (!side) return hold(symbol, 'no aligned trend setup');
  if (data.cooldowns.some((c) => c.symbol === symbol && c.side === side))
    return hold(symbol, `${side} cooldown running`);
  const minSl = num(data.limits, 'min_sl_distance_pct') * (1 + R.boundMargin);
  const maxSl = num(data.limits, 'max_sl_distance_pct') * (1 - R.boundMargin);
  const atrStop = (R.stopAtrMultiple * atr) / market.mark;
  if (atrStop > maxSl) return hold(symbol, 'ATR stop wider than the allowed stop distance');
  const slPct = round(Math.max(atrStop, minSl), 4);
  const offset = Math.min(
    R.entryAtrOffset * atr,
    0.5 * num(data.limits, 'max_entry_deviation_pct') * market.mark,
  );
  const entryPrice = round(side === 'LONG' ? market.mark - offset : market.mark + offset, 6);
  const leverage = Math.min(
    Math.max(R.leverage, num(data.limits, 'min_leverage')),
    num(data.limits, 'max_leverage'),
  );
  return {
    symbol,
    action: side === 'LONG' ? 'OPEN_LONG' : 'OPEN_SHORT',
    confidence: Math.round(Math.min(80, Math.max(50, 50 + (adx - R.minAdx)))),
    leverage,
    size_pct: R.sizePct,
    entry_type: 'LIMIT',
    entry_price: entryPrice,
    sl_pct: slPct,
    tp_pct: round(slPct * R.takeProfitStopMultiple, 4),
    rationale: `EMA20 ${side === 'LONG' ? 'above' : 'below'} EMA200 with ADX ${adx}; stop ${R.stopAtrMultiple}×ATR`,
  };
}

/** Deterministic, key-free decider for paper trading, demos and backtests. */
export class BaselineDecider implements Decider {
  readonly provider = 'baseline';
  readonly model = 'trend-ema-adx-atr-v1';

  decide(request: DecisionRequest): Promise<DecisionOutcome> {
    return runDecision(request, localCallContext(this), async () => ({
      text: JSON.stringify({ decisions: request.symbols.map((s) => baselineEntry(request.promptData, s)) }),
      usage: null,
      attempts: 0,
    }));
  }
}
