import type { ExitReason, InstrumentRules, PositionSide } from '../domain/index.ts';
import type { QueryService } from '../journal/index.ts';

export interface StopChange {
  atMs: number;
  stop: number;
  rule: string;
}

export interface BacktestTrade {
  positionId: string;
  symbol: string;
  side: PositionSide;
  promptVersion: string | null;
  confidence: number | null;
  qty: number;
  openedAtMs: number;
  entryPrice: number;
  /** Stop attached to the entry, then every journaled stop move in order. */
  stops: StopChange[];
  takeProfit: number | null;
  /** null while the position is still open at the end of the backtest. */
  closedAtMs: number | null;
  exitPrice: number | null;
  exitReason: ExitReason | 'OPEN_AT_END';
  grossPnlUsdt: number;
  feesUsdt: number;
  /** Funding received (+) or paid (−) while open. */
  fundingUsdt: number;
  netPnlUsdt: number;
  /** Loss the gate planned at the stop (fees and slippage allowance included); null for adopted positions. */
  plannedRiskUsdt: number | null;
  /** The stop filled beyond its trigger by more than slippage and one tick: the market gapped through it. */
  stopGapped: boolean;
  /** Loss at the exit (before funding) larger than the planned risk. */
  lossBeyondPlannedRisk: boolean;
}

/** Every position of the run, oldest first, with its stop history and the honesty flags. */
export function listTrades(
  queries: QueryService,
  instruments: ReadonlyMap<string, InstrumentRules>,
  slippagePct: number,
): BacktestTrade[] {
  const moves = new Map<string, StopChange[]>();
  for (const m of queries.allStopMoves()) {
    const list = moves.get(m.positionId) ?? [];
    list.push({ atMs: m.atMs, stop: m.stop, rule: m.rule });
    moves.set(m.positionId, list);
  }
  return queries.positionHistory().map((row) => {
    const stops: StopChange[] = [];
    if (row.stopLoss !== null && row.stopLoss > 0)
      stops.push({ atMs: row.openedAtMs, stop: row.stopLoss, rule: 'INITIAL' });
    stops.push(...(moves.get(row.positionId) ?? []));
    const closed = row.closedAtMs !== null;
    const gross = row.grossPnlUsdt ?? 0;
    const fees = row.feesUsdt ?? 0;
    const lastStop = stops.at(-1)?.stop ?? null;
    const tick = instruments.get(row.symbol)?.tickSize ?? 0;
    const stopGapped =
      row.exitReason === 'STOP_LOSS' &&
      lastStop !== null &&
      row.exitPrice !== null &&
      gappedThrough(row.side, lastStop, row.exitPrice, slippagePct, tick);
    const loss = -(gross - fees);
    return {
      positionId: row.positionId,
      symbol: row.symbol,
      side: row.side,
      promptVersion: row.promptVersion,
      confidence: row.confidence,
      qty: row.closedQty ?? row.qty,
      openedAtMs: row.openedAtMs,
      entryPrice: row.entryPrice,
      stops,
      takeProfit: row.takeProfit !== null && row.takeProfit > 0 ? row.takeProfit : null,
      closedAtMs: row.closedAtMs,
      exitPrice: row.exitPrice,
      exitReason: row.exitReason ?? 'OPEN_AT_END',
      grossPnlUsdt: gross,
      feesUsdt: fees,
      fundingUsdt: row.fundingUsdt,
      netPnlUsdt: gross - fees + row.fundingUsdt,
      plannedRiskUsdt: row.riskUsdt,
      stopGapped,
      lossBeyondPlannedRisk: closed && row.riskUsdt !== null && loss > row.riskUsdt + 1e-9,
    };
  });
}

/** A stop-market fills at its trigger less slippage; anything worse than that (and a tick) is a gap. */
export function gappedThrough(
  side: PositionSide,
  stop: number,
  exitPrice: number,
  slippagePct: number,
  tickSize: number,
): boolean {
  const allowance = stop * slippagePct + tickSize + stop * 1e-12;
  return side === 'LONG' ? exitPrice < stop - allowance : exitPrice > stop + allowance;
}

/** Fraction of [fromMs, toMs) during which at least one position was open. */
export function exposureOf(trades: readonly BacktestTrade[], fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  const spans = trades
    .map((t) => [Math.max(fromMs, t.openedAtMs), Math.min(toMs, t.closedAtMs ?? toMs)] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  let covered = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const [a, b] of spans) {
    if (b <= end) continue;
    covered += b - Math.max(a, end);
    end = b;
  }
  return covered / (toMs - fromMs);
}

/** Sum of winning nets over the sum of losing nets; null without a losing trade. */
export function profitFactorOf(trades: readonly BacktestTrade[]): number | null {
  const closed = trades.filter((t) => t.closedAtMs !== null);
  const won = closed.filter((t) => t.netPnlUsdt > 0).reduce((s, t) => s + t.netPnlUsdt, 0);
  const lost = -closed.filter((t) => t.netPnlUsdt < 0).reduce((s, t) => s + t.netPnlUsdt, 0);
  return lost === 0 ? null : won / lost;
}
