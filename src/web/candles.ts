import type { Candle, PositionSide, Timeframe } from '../domain/index.ts';
import { TIMEFRAME_MS } from '../domain/index.ts';
import type { ExchangePort } from '../exchange/port.ts';
import type { QueryService } from '../journal/index.ts';
import { CandleAggregator } from '../market/candles/aggregate.ts';

const BASE: Timeframe = '5m';

export interface ChartMarker {
  atMs: number;
  price: number;
  kind: 'entry' | 'exit' | 'stop-move';
  side: 'LONG' | 'SHORT';
  text: string;
}

export interface SymbolChart {
  symbol: string;
  timeframe: Timeframe;
  candles: Candle[];
  markers: ChartMarker[];
  /** Every stop a position had, in time order: the chart draws them as steps. */
  stopMoves: { atMs: number; positionId: string; oldStop: number | null; newStop: number; rule: string }[];
  openPositions: {
    side: 'LONG' | 'SHORT';
    entryPrice: number;
    stopLoss: number | null;
    takeProfit: number | null;
  }[];
}

/**
 * Candles from the venue (the paper exchange keeps what it was fed, Bybit serves history). A
 * venue without that timeframe gets the base candles aggregated; an incomplete bucket is left out.
 */
export async function candlesFor(
  exchange: ExchangePort,
  symbol: string,
  timeframe: Timeframe,
  limit: number,
): Promise<Candle[]> {
  const direct = await exchange.getKlines({ symbol, timeframe, limit });
  if (direct.length > 0 || timeframe === BASE) return direct;
  const ratio = TIMEFRAME_MS[timeframe] / TIMEFRAME_MS[BASE];
  if (!Number.isInteger(ratio) || ratio < 1) return [];
  const base = await exchange.getKlines({ symbol, timeframe: BASE, limit: 1000 });
  const aggregator = new CandleAggregator(TIMEFRAME_MS[BASE], TIMEFRAME_MS[timeframe]);
  const out: Candle[] = [];
  for (const candle of base) {
    const done = aggregator.push(candle);
    if (done) out.push(done);
  }
  return out.slice(-limit);
}

/** The entry of a closed trade or of an open position, as the chart marks it. */
function entryMarker(entry: {
  openedAtMs: number;
  entryPrice: number;
  side: PositionSide;
  qty: number;
}): ChartMarker {
  return {
    atMs: entry.openedAtMs,
    price: entry.entryPrice,
    kind: 'entry',
    side: entry.side,
    text: `${entry.side} ${entry.qty}`,
  };
}

export async function symbolChart(
  exchange: ExchangePort,
  queries: QueryService,
  symbol: string,
  timeframe: Timeframe,
  limit: number,
): Promise<SymbolChart> {
  const candles = await candlesFor(exchange, symbol, timeframe, limit);
  const fromMs = candles[0]?.ts ?? 0;
  const markers: ChartMarker[] = [];
  const trades = queries.closedTrades({ symbol, fromMs, limit: 500 }).items;
  for (const t of trades) {
    if (t.openedAtMs >= fromMs) markers.push(entryMarker(t));
    markers.push({
      atMs: t.closedAtMs,
      price: t.exitPrice,
      kind: 'exit',
      side: t.side,
      text: `${t.exitReason} ${t.netPnlUsdt >= 0 ? '+' : ''}${t.netPnlUsdt.toFixed(3)}`,
    });
  }
  const open = queries.openPositions().filter((p) => p.symbol === symbol);
  for (const p of open) {
    if (p.openedAtMs >= fromMs) markers.push(entryMarker(p));
  }
  const moves = queries
    .stopMoves({ symbol, fromMs, limit: 500 })
    .items.map((m) => ({
      atMs: m.atMs,
      positionId: m.positionId,
      oldStop: m.oldStop,
      newStop: m.newStop,
      rule: m.rule,
    }))
    .reverse();
  for (const m of moves) {
    const side =
      open.find((p) => p.positionId === m.positionId)?.side ??
      trades.find((t) => t.positionId === m.positionId)?.side ??
      'LONG';
    markers.push({ atMs: m.atMs, price: m.newStop, kind: 'stop-move', side, text: `stop ${m.rule}` });
  }
  markers.sort((a, b) => a.atMs - b.atMs);
  return {
    symbol,
    timeframe,
    candles,
    markers,
    stopMoves: moves,
    openPositions: open.map((p) => ({
      side: p.side,
      entryPrice: p.entryPrice,
      stopLoss: p.stopLoss,
      takeProfit: p.takeProfit,
    })),
  };
}
