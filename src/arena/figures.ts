import {
  type BootstrapOptions,
  bcaInterval,
  blockPercentileInterval,
  DEFAULT_LEVEL,
  type Interval,
} from './bootstrap.ts';
import { expectancy, maxDrawdown, profitFactor, returnsFromPnl, sharpeRatio } from './metrics.ts';
import { wilsonInterval } from './proportion.ts';

export interface DeciderRecord {
  /** Net PnL (after fees and funding) of each closed trade, in close order. */
  tradeNetsUsdt: readonly number[];
  /** Net PnL per UTC day (after fees, funding and that day's AI cost), every day of the span. */
  dailyPnlUsdt: readonly number[];
  startEquityUsdt: number;
  decisions: number;
  /** Model replies that failed to parse or validate (turned into HOLD). */
  invalidOutputs: number;
}

export interface DeciderFigures {
  trades: number;
  days: number;
  expectancyUsdt: Interval | null;
  winRate: Interval | null;
  profitFactor: Interval | null;
  dailySharpe: Interval | null;
  maxDrawdownUsdt: Interval | null;
  invalidOutputRate: Interval | null;
}

function wipedOut(dailyPnl: readonly number[], startEquityUsdt: number): boolean {
  let equity = startEquityUsdt;
  for (const pnl of dailyPnl.slice(0, -1)) {
    equity += pnl;
    if (!(equity > 0)) return true;
  }
  return false;
}

/**
 * Every figure with its interval, null where there is too little to say anything (fewer than 2
 * trades, days or no decision; no Sharpe once the equity reached zero). Per-trade figures resample trades i.i.d. (BCa); daily figures
 * resample days in circular blocks, which keeps losing streaks together; rates use Wilson.
 */
export function deciderFigures(record: DeciderRecord, options: BootstrapOptions = {}): DeciderFigures {
  const nets = record.tradeNetsUsdt;
  const days = record.dailyPnlUsdt;
  const perTrade = nets.length >= 2;
  const daily = days.length >= 2;
  // Returns after the account is wiped out are undefined: no Sharpe then (the drawdown says enough).
  const returns = wipedOut(days, record.startEquityUsdt)
    ? null
    : returnsFromPnl(days, record.startEquityUsdt);
  const level = options.level ?? DEFAULT_LEVEL;
  const flat = returns === null || (daily && returns.every((r) => r === returns[0]));
  return {
    trades: nets.length,
    days: days.length,
    expectancyUsdt: perTrade ? bcaInterval(nets, expectancy, options) : null,
    winRate: nets.length > 0 ? wilsonInterval(nets.filter((v) => v > 0).length, nets.length, level) : null,
    profitFactor: perTrade ? bcaInterval(nets, profitFactor, options) : null,
    dailySharpe:
      daily && returns !== null && !flat ? blockPercentileInterval(returns, sharpeRatio, options) : null,
    maxDrawdownUsdt: daily ? blockPercentileInterval(days, maxDrawdown, options) : null,
    invalidOutputRate:
      record.decisions > 0 ? wilsonInterval(record.invalidOutputs, record.decisions, level) : null,
  };
}
