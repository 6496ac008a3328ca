import type { AccountSnapshot, TradingStateChange } from '../domain/index.ts';
import type { Logger } from '../domain/logger.ts';
import type { Journal } from '../journal/index.ts';
import {
  type CurrentTradingState,
  type KillSwitchLimits,
  nextTradingState,
  type TradingStateSignal,
} from '../risk/index.ts';

const DAY_MS = 86_400_000;

/**
 * Holds the trading state and feeds the kill switches (daily loss, drawdown, AI and exchange
 * failures, the operator) to the pure transition function; every change is journaled with its reason.
 */
export class KillSwitchKeeper {
  state: CurrentTradingState;
  equityPeakUsdt: number | null;
  private aiFailures = 0;
  private exchangeFailures = 0;
  private aiSpentTodayUsd = 0;

  constructor(
    private readonly journal: Journal,
    private readonly limits: KillSwitchLimits,
    private readonly logger: Logger,
    restored: { state: CurrentTradingState; equityPeakUsdt: number | null },
  ) {
    this.state = restored.state;
    this.equityPeakUsdt = restored.equityPeakUsdt;
  }

  observeAccount(account: AccountSnapshot, nowMs: number): void {
    this.equityPeakUsdt = Math.max(this.equityPeakUsdt ?? account.equityUsdt, account.equityUsdt);
    const dayStart = Math.floor(nowMs / DAY_MS) * DAY_MS;
    const dailyPnl = account.recentCloses
      .filter((c) => c.closedAtMs >= dayStart)
      .reduce((sum, c) => sum + c.realizedPnlUsdt, 0);
    this.apply({ kind: 'DAILY_REALIZED_LOSS', atMs: nowMs, lossUsdt: Math.max(0, -dailyPnl) });
    this.apply({
      kind: 'DRAWDOWN',
      atMs: nowMs,
      equityUsdt: account.equityUsdt,
      equityPeakUsdt: this.equityPeakUsdt,
    });
  }

  observeAi(succeeded: boolean, nowMs: number): void {
    this.aiFailures = succeeded ? 0 : this.aiFailures + 1;
    this.apply({ kind: 'AI_FAILURES', atMs: nowMs, consecutive: this.aiFailures });
  }

  /**
   * The UTC day's AI spend so far: at AI_DAILY_BUDGET_USD the state goes REDUCING (no call is
   * made any more; see runCycle), and back to ACTIVE on the next day's first cycle.
   */
  observeAiSpend(spentUsd: number, nowMs: number): void {
    this.aiSpentTodayUsd = spentUsd;
    this.apply({ kind: 'AI_DAILY_SPEND', atMs: nowMs, spentUsd });
  }

  /**
   * true while the daily AI budget keeps the bot from asking the model, whatever the trading
   * state (a HALTED bot over its budget does not ask either); a spend that is not a finite number
   * counts as spent.
   */
  get aiBudgetSpent(): boolean {
    const budget = this.limits.aiDailyBudgetUsd ?? null;
    return budget !== null && !(this.aiSpentTodayUsd < budget);
  }

  exchangeSucceeded(): void {
    this.exchangeFailures = 0;
  }

  exchangeFailed(nowMs: number): void {
    this.exchangeFailures += 1;
    this.apply({ kind: 'EXCHANGE_FAILURES', atMs: nowMs, consecutive: this.exchangeFailures });
  }

  /**
   * A position could not be protected by a stop and was closed at market: something is wrong
   * between Warden and the venue, so trading halts (nothing but closes) until the operator resumes.
   */
  protectionFailed(symbol: string, reason: string, nowMs: number): TradingStateChange | null {
    if (this.state.state === 'HALTED') return null;
    const from = this.state.state;
    this.state = { state: 'HALTED', cause: 'EXCHANGE_FAILURES' };
    const change: TradingStateChange = {
      atMs: nowMs,
      from,
      to: 'HALTED',
      reason: `${symbol}: a position could not be protected by a stop and was closed (${reason})`,
    };
    this.journal.recordTradingStateChange({ ...change, source: 'protection' });
    this.logger.warn({ from, to: 'HALTED', symbol }, `trading state ${from} → HALTED: ${change.reason}`);
    return change;
  }

  operator(command: 'pause' | 'resume' | 'halt', nowMs: number, note?: string): TradingStateChange | null {
    return this.apply({ kind: 'OPERATOR', atMs: nowMs, command, ...(note ? { note } : {}) });
  }

  private apply(signal: TradingStateSignal): TradingStateChange | null {
    const change = nextTradingState(this.state, signal, this.limits);
    if (!change) return null;
    this.state = { state: change.to, cause: change.to === 'ACTIVE' ? null : change.cause };
    this.journal.recordTradingStateChange({
      atMs: change.atMs,
      from: change.from,
      to: change.to,
      reason: change.reason,
      source: change.cause.toLowerCase(),
    });
    this.logger.warn(
      { from: change.from, to: change.to },
      `trading state ${change.from} → ${change.to}: ${change.reason}`,
    );
    return change;
  }
}
