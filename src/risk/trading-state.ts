import type { WardenConfig } from '../config/schema.ts';
import type { TradingState, TradingStateChange } from '../domain/index.ts';

/**
 * Kill switches as pure functions. The ladder:
 *   ACTIVE → REDUCING (no new opens; stops stay, closes allowed):
 *     daily realized loss ≥ DAILY_LOSS_LIMIT_USDT, MAX_CONSECUTIVE_AI_FAILURES in a row, the UTC
 *     day's AI spend ≥ AI_DAILY_BUDGET_USD, operator pause
 *   → HALTED (nothing but closes):
 *     drawdown from the equity peak ≥ MAX_DRAWDOWN_PCT, MAX_CONSECUTIVE_EXCHANGE_FAILURES in a row,
 *     operator halt.
 * Automatic signals only escalate, except that REDUCING returns to ACTIVE by itself when the very
 * cause that set it clears (a new UTC day's loss or AI spend under the limit, an AI call that succeeds).
 * HALTED is only ever left by the operator. A measurement that is not a finite number counts as a
 * breach: when in doubt, no new risk.
 */

export interface KillSwitchLimits {
  dailyLossLimitUsdt: number;
  maxDrawdownPct: number;
  maxConsecutiveAiFailures: number;
  maxConsecutiveExchangeFailures: number;
  /** AI spend per UTC day in USD; null or absent: no budget. */
  aiDailyBudgetUsd?: number | null;
}

export function killSwitchLimitsFrom(config: WardenConfig): KillSwitchLimits {
  return {
    dailyLossLimitUsdt: config.DAILY_LOSS_LIMIT_USDT,
    maxDrawdownPct: config.MAX_DRAWDOWN_PCT,
    maxConsecutiveAiFailures: config.MAX_CONSECUTIVE_AI_FAILURES,
    maxConsecutiveExchangeFailures: config.MAX_CONSECUTIVE_EXCHANGE_FAILURES,
    aiDailyBudgetUsd: config.AI_DAILY_BUDGET_USD ?? null,
  };
}

export type TradingStateCause =
  | 'DAILY_LOSS'
  | 'DRAWDOWN'
  | 'AI_FAILURES'
  | 'AI_BUDGET'
  | 'EXCHANGE_FAILURES'
  | 'OPERATOR';

export type TradingStateSignal =
  | {
      kind: 'DAILY_REALIZED_LOSS';
      atMs: number /** Realized loss of the current UTC day, positive. */;
      lossUsdt: number;
    }
  | { kind: 'DRAWDOWN'; atMs: number; equityUsdt: number; equityPeakUsdt: number }
  | { kind: 'AI_FAILURES'; atMs: number; consecutive: number }
  /** What the model calls of the current UTC day cost so far, USD. */
  | { kind: 'AI_DAILY_SPEND'; atMs: number; spentUsd: number }
  | { kind: 'EXCHANGE_FAILURES'; atMs: number; consecutive: number }
  | { kind: 'OPERATOR'; atMs: number; command: 'pause' | 'resume' | 'halt'; note?: string };

export interface CurrentTradingState {
  state: TradingState;
  /** What moved the state away from ACTIVE; null when ACTIVE or unknown (e.g. restored). */
  cause: TradingStateCause | null;
}

export interface TradingStateTransition extends TradingStateChange {
  cause: TradingStateCause;
}

const RANK: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

const breached = (value: number, limit: number) => !Number.isFinite(value) || value >= limit;

interface Judgement {
  /** The state this signal asks for when breached. */
  target: TradingState;
  cause: TradingStateCause;
  breach: boolean;
  reason: string;
}

function judge(
  signal: Exclude<TradingStateSignal, { kind: 'OPERATOR' }>,
  limits: KillSwitchLimits,
): Judgement {
  switch (signal.kind) {
    case 'DAILY_REALIZED_LOSS':
      return {
        target: 'REDUCING',
        cause: 'DAILY_LOSS',
        breach: breached(signal.lossUsdt, limits.dailyLossLimitUsdt),
        reason: `daily realized loss ${signal.lossUsdt} USDT vs limit ${limits.dailyLossLimitUsdt} USDT`,
      };
    case 'DRAWDOWN': {
      const drawdownPct =
        signal.equityPeakUsdt > 0
          ? (signal.equityPeakUsdt - signal.equityUsdt) / signal.equityPeakUsdt
          : Number.NaN;
      return {
        target: 'HALTED',
        cause: 'DRAWDOWN',
        breach: breached(drawdownPct, limits.maxDrawdownPct),
        reason: `drawdown ${drawdownPct} from equity peak ${signal.equityPeakUsdt} vs limit ${limits.maxDrawdownPct}`,
      };
    }
    case 'AI_FAILURES':
      return {
        target: 'REDUCING',
        cause: 'AI_FAILURES',
        breach: breached(signal.consecutive, limits.maxConsecutiveAiFailures),
        reason: `${signal.consecutive} consecutive AI failures vs limit ${limits.maxConsecutiveAiFailures}`,
      };
    case 'AI_DAILY_SPEND': {
      const budget = limits.aiDailyBudgetUsd ?? null;
      return {
        target: 'REDUCING',
        cause: 'AI_BUDGET',
        breach: budget !== null && breached(signal.spentUsd, budget),
        reason: `AI spend today ${signal.spentUsd.toFixed(4)} USD vs daily budget ${budget ?? 'none'} USD: no more model calls today, open positions are managed by their stops`,
      };
    }
    // Same shape as the other cases on purpose: one kill-switch signal per case, each with its own target and limit.
    case 'EXCHANGE_FAILURES':
      return {
        target: 'HALTED',
        cause: 'EXCHANGE_FAILURES',
        breach: breached(signal.consecutive, limits.maxConsecutiveExchangeFailures),
        reason: `${signal.consecutive} consecutive exchange failures vs limit ${limits.maxConsecutiveExchangeFailures}`,
      };
  }
}

const OPERATOR_TARGET = { pause: 'REDUCING', resume: 'ACTIVE', halt: 'HALTED' } as const;

/** The next trading state for a signal, with its reason; null when nothing changes. */
export function nextTradingState(
  current: CurrentTradingState,
  signal: TradingStateSignal,
  limits: KillSwitchLimits,
): TradingStateTransition | null {
  const from = current.state;
  const change = (
    to: TradingState,
    cause: TradingStateCause,
    reason: string,
  ): TradingStateTransition | null => (to === from ? null : { from, to, reason, atMs: signal.atMs, cause });

  if (signal.kind === 'OPERATOR') {
    const note = signal.note ? `: ${signal.note}` : '';
    return change(OPERATOR_TARGET[signal.command], 'OPERATOR', `operator ${signal.command}${note}`);
  }
  const verdict = judge(signal, limits);
  if (verdict.breach) {
    return RANK[verdict.target] > RANK[from] ? change(verdict.target, verdict.cause, verdict.reason) : null;
  }
  if (from === 'REDUCING' && current.cause === verdict.cause) {
    return change('ACTIVE', verdict.cause, `cleared: ${verdict.reason}`);
  }
  return null;
}
