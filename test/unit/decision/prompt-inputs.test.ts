import { describe, expect, it } from 'vitest';
import { activeCooldowns, drawdownFrom, summarizePerformance } from '../../../src/decision/index.ts';
import type { ClosedTrade } from '../../../src/domain/index.ts';
import { account, NOW_MS } from './stubs.ts';

const close = (symbol: string, side: 'LONG' | 'SHORT', minutesAgo: number, pnl: number): ClosedTrade => ({
  symbol,
  side,
  closedAtMs: NOW_MS - minutesAgo * 60_000,
  realizedPnlUsdt: pnl,
});

describe('prompt inputs from recent closes', () => {
  it('summarises wins, losses, net PnL and the current losing streak', () => {
    const perf = summarizePerformance([
      close('BTCUSDT', 'LONG', 300, 0.4),
      close('ETHUSDT', 'SHORT', 10, -0.2),
      close('BTCUSDT', 'SHORT', 100, -0.1),
      close('BTCUSDT', 'LONG', 200, 0),
    ]);
    expect(perf).toMatchObject({ trades: 4, wins: 1, losses: 2, consecutiveLosses: 2 });
    expect(perf.netPnlUsdt).toBeCloseTo(0.1, 10);
    expect(perf.bySymbol.BTCUSDT).toMatchObject({ trades: 3, wins: 1 });
  });

  it("measures drawdown from the equity peak and today's realized PnL", () => {
    const dd = drawdownFrom(account({ equityUsdt: 95, equityPeakUsdt: 100 }), NOW_MS);
    expect(dd.fromPeakPct).toBeCloseTo(0.05, 10);
    expect(dd.dailyRealizedPnlUsdt).toBeCloseTo(-0.31, 10);
    expect(drawdownFrom(account({ equityUsdt: 120, equityPeakUsdt: 100 }), NOW_MS).fromPeakPct).toBe(0);
  });

  it('lists the same-side and opposite-side cooldowns still running after a close', () => {
    const cooldowns = activeCooldowns(
      [close('BTCUSDT', 'LONG', 3, -0.3), close('ETHUSDT', 'SHORT', 90, 0.1)],
      {
        cooldownSameSideMinutes: 5,
        cooldownOppositeSideMinutes: 60,
      },
      NOW_MS,
    );
    expect(cooldowns).toEqual([
      { symbol: 'BTCUSDT', side: 'LONG', untilMs: NOW_MS + 2 * 60_000 },
      { symbol: 'BTCUSDT', side: 'SHORT', untilMs: NOW_MS + 57 * 60_000 },
    ]);
  });
});
