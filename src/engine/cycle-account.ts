import type { AccountSnapshot, ClosedTrade, InstrumentRules } from '../domain/index.ts';
import type { ExchangePort } from '../exchange/port.ts';
import type { Reconciler } from '../execution/reconciler.ts';
import type { Journal } from '../journal/index.ts';
import { readExchangeAccount } from './account.ts';
import type { KillSwitchKeeper } from './kill-switches.ts';
import { recentCloses } from './recent-closes.ts';

interface AccountDeps {
  exchange: ExchangePort;
  journal: Journal;
  ledger: Reconciler;
  instruments: ReadonlyMap<string, InstrumentRules>;
  killSwitches: KillSwitchKeeper;
}

const DAY_MS = 86_400_000;

export interface CycleAccount {
  /** The account the gate and the prompt see; the cycle adds the entries it sends. */
  account: AccountSnapshot;
  closes: ClosedTrade[];
}

/**
 * The account at the start of a cycle: fills and closes reconciled, the exchange read, the kill
 * switches told (equity, AI spend), the equity point journaled.
 */
export async function readCycleAccount(deps: AccountDeps, nowMs: number): Promise<CycleAccount> {
  await deps.ledger.sync(nowMs);
  const closes = recentCloses(deps.journal, nowMs);
  const keeper = deps.killSwitches;
  const { snapshot, wallet } = await readExchangeAccount(
    deps.exchange,
    keeper.state.state,
    closes,
    keeper.equityPeakUsdt,
    deps.instruments,
  );
  keeper.exchangeSucceeded();
  keeper.observeAccount(snapshot, nowMs);
  observeAiSpend(deps, nowMs);
  const account: AccountSnapshot = { ...snapshot, tradingState: keeper.state.state };
  deps.journal.recordEquity({
    atMs: nowMs,
    equityUsdt: wallet.equityUsdt,
    walletBalanceUsdt: wallet.walletBalanceUsdt,
    availableUsdt: wallet.availableUsdt,
    unrealisedPnlUsdt: wallet.unrealisedPnlUsdt,
  });
  return { account, closes };
}

/** The UTC day's AI spend so far, fed to the budget kill switch (REDUCING once AI_DAILY_BUDGET_USD is spent). */
export function observeAiSpend(deps: Pick<AccountDeps, 'journal' | 'killSwitches'>, nowMs: number): void {
  const dayStart = Math.floor(nowMs / DAY_MS) * DAY_MS;
  deps.killSwitches.observeAiSpend(deps.journal.aiCostSinceUsd(dayStart), nowMs);
}
