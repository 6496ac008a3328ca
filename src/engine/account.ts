import type {
  AccountSnapshot,
  ClosedTrade,
  FeeRates,
  InstrumentRules,
  PendingEntry,
  Position,
  PositionSide,
  TradingState,
} from '../domain/index.ts';
import { feeRatesOf } from '../domain/index.ts';
import type { ExchangeOrder, ExchangePort, WalletBalance } from '../exchange/port.ts';
import { isPendingEntryOrder } from '../execution/pending-entries.ts';

export interface ExchangeAccount {
  wallet: WalletBalance;
  snapshot: AccountSnapshot;
  openOrders: ExchangeOrder[];
}

function entrySideOf(order: ExchangeOrder): PositionSide {
  return order.side === 'BUY' ? 'LONG' : 'SHORT';
}

/** The stop protecting a position: the position's own stop, else a conditional stop order for it. */
function stopFor(
  symbol: string,
  side: PositionSide,
  position: number | null,
  orders: ExchangeOrder[],
): number | null {
  if (position !== null && position > 0) return position;
  const exit = side === 'LONG' ? 'SELL' : 'BUY';
  const stop = orders.find(
    (o) =>
      o.symbol === symbol &&
      o.side === exit &&
      (o.stopKind === 'STOP_LOSS' || o.stopKind === 'TRAILING_STOP') &&
      o.status === 'UNTRIGGERED' &&
      o.triggerPrice !== null,
  );
  return stop?.triggerPrice ?? null;
}

/**
 * Reads the account from the exchange — the exchange is the truth — and shapes it for the gate.
 * `recentCloses` and the trading state come from the journal and the kill switches.
 */
export async function readExchangeAccount(
  exchange: ExchangePort,
  tradingState: TradingState,
  recentCloses: ClosedTrade[],
  equityPeakUsdt: number | null,
  instruments: ReadonlyMap<string, InstrumentRules>,
): Promise<ExchangeAccount> {
  const [wallet, exchangePositions, openOrders] = await Promise.all([
    exchange.getWallet(),
    exchange.getPositions(),
    exchange.getOpenOrders(),
  ]);
  const positions: Position[] = exchangePositions
    .filter((p) => p.qty > 0)
    .map((p) => ({
      symbol: p.symbol,
      side: p.side,
      qty: p.qty,
      entryPrice: p.entryPrice,
      markPrice: p.markPrice,
      stopLoss: stopFor(p.symbol, p.side, p.stopLoss, openOrders),
      takeProfit: p.takeProfit,
      leverage: p.leverage,
      liquidationPrice: p.liquidationPrice,
      unrealisedPnlUsdt: p.unrealisedPnlUsdt,
    }));
  const pendingEntries: PendingEntry[] = [];
  for (const o of openOrders.filter(isPendingEntryOrder)) {
    pendingEntries.push({
      symbol: o.symbol,
      side: entrySideOf(o),
      qty: o.qty - o.filledQty,
      // A MARKET entry waiting for its fill has no price of its own: it will fill near the mark.
      price: o.price ?? o.avgFillPrice ?? (await exchange.getTicker(o.symbol)).markPrice,
      entryType: o.type,
      stopLoss: o.stopLoss,
      createdAtMs: o.createdAtMs,
      orderLinkId: o.clientOrderId,
    });
  }
  const feeRates: Record<string, FeeRates> = {};
  for (const [symbol, rules] of instruments) feeRates[symbol] = feeRatesOf(rules);
  const peak = Math.max(equityPeakUsdt ?? wallet.equityUsdt, wallet.equityUsdt);
  return {
    wallet,
    openOrders,
    snapshot: {
      walletAvailableUsdt: wallet.availableUsdt,
      equityUsdt: wallet.equityUsdt,
      tradingState,
      positions,
      pendingEntries,
      recentCloses,
      equityPeakUsdt: peak,
      feeRates,
    },
  };
}
