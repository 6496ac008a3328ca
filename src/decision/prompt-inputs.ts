import type {
  AccountSnapshot,
  ActiveCooldown,
  ClosedTrade,
  DrawdownState,
  PositionSide,
  RecentPerformance,
  RiskLimits,
} from '../domain/index.ts';

/** Conveniences for the engine: derive the prompt's history inputs from recent closes. */

export function summarizePerformance(closes: readonly ClosedTrade[]): RecentPerformance {
  const ordered = [...closes].sort((a, b) => b.closedAtMs - a.closedAtMs);
  const bySymbol: RecentPerformance['bySymbol'] = {};
  let wins = 0;
  let netPnlUsdt = 0;
  for (const close of ordered) {
    const won = close.realizedPnlUsdt > 0;
    if (won) wins += 1;
    netPnlUsdt += close.realizedPnlUsdt;
    const entry = bySymbol[close.symbol] ?? { trades: 0, wins: 0, netPnlUsdt: 0 };
    entry.trades += 1;
    entry.wins += won ? 1 : 0;
    entry.netPnlUsdt += close.realizedPnlUsdt;
    bySymbol[close.symbol] = entry;
  }
  let consecutiveLosses = 0;
  for (const close of ordered) {
    if (close.realizedPnlUsdt >= 0) break;
    consecutiveLosses += 1;
  }
  return {
    trades: ordered.length,
    wins,
    losses: ordered.filter((c) => c.realizedPnlUsdt < 0).length,
    netPnlUsdt,
    consecutiveLosses,
    bySymbol,
  };
}

const dayMs = 86_400_000;

export function drawdownFrom(account: AccountSnapshot, nowMs: number): DrawdownState {
  const peak = Math.max(account.equityPeakUsdt ?? account.equityUsdt, account.equityUsdt);
  const dayStartMs = Math.floor(nowMs / dayMs) * dayMs;
  const dailyRealizedPnlUsdt = account.recentCloses
    .filter((c) => c.closedAtMs >= dayStartMs && c.closedAtMs <= nowMs)
    .reduce((sum, c) => sum + c.realizedPnlUsdt, 0);
  return { fromPeakPct: peak > 0 ? (peak - account.equityUsdt) / peak : 0, dailyRealizedPnlUsdt };
}

function opposite(side: PositionSide): PositionSide {
  return side === 'LONG' ? 'SHORT' : 'LONG';
}

/** The cooldowns the gate's rule implies (same side and opposite side after a close), still running. */
export function activeCooldowns(
  closes: readonly ClosedTrade[],
  limits: Pick<RiskLimits, 'cooldownSameSideMinutes' | 'cooldownOppositeSideMinutes'>,
  nowMs: number,
): ActiveCooldown[] {
  const until = new Map<string, ActiveCooldown>();
  const extend = (symbol: string, side: PositionSide, untilMs: number) => {
    const key = `${symbol}:${side}`;
    const current = until.get(key);
    if (untilMs > nowMs && (!current || current.untilMs < untilMs)) until.set(key, { symbol, side, untilMs });
  };
  for (const close of closes) {
    extend(close.symbol, close.side, close.closedAtMs + limits.cooldownSameSideMinutes * 60_000);
    extend(
      close.symbol,
      opposite(close.side),
      close.closedAtMs + limits.cooldownOppositeSideMinutes * 60_000,
    );
  }
  return [...until.values()].sort((a, b) => a.symbol.localeCompare(b.symbol) || a.side.localeCompare(b.side));
}
