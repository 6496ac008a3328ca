import { entrySide, exitSide, type OrderSide } from '../../domain/index.ts';
import { addQty, roundToTick, subQty, weightedAverage } from './numbers.ts';
import type { PaperAccount, SymbolBook } from './state.ts';
import type { LegKind, SimOrder } from './types.ts';

/** Applies fills, liquidations and funding to positions and the wallet, and records them. */
export class Settlement {
  constructor(
    readonly ledger: PaperAccount,
    readonly slippagePct: number,
  ) {}

  /** A taker's price: adverse slippage, rounded to the tick against the trader. */
  takerPrice(book: SymbolBook, side: OrderSide, price: number): number {
    const tick = book.rules.tickSize;
    return side === 'BUY'
      ? roundToTick(price * (1 + this.slippagePct), tick, 'up')
      : Math.max(tick, roundToTick(price * (1 - this.slippagePct), tick, 'down'));
  }

  // Same parameter list as price-path.ts fillLimit on purpose: that one forwards a fill here.
  /** Executes up to `qty` of `order` at `price`; returns what filled (reduce-only may shrink it). */
  fill(
    book: SymbolBook,
    order: SimOrder,
    qty: number,
    price: number,
    isMaker: boolean,
    timeMs: number,
  ): number {
    let fillQty = qty;
    if (order.reduceOnly) {
      const position = book.position;
      if (!position || entrySide(position.side) === order.side) {
        this.cancel(book, order, 'CancelByReduceOnly', timeMs);
        return 0;
      }
      fillQty = Math.min(qty, position.qty);
    }
    const feeUsdt = fillQty * price * (isMaker ? book.rules.makerFee : book.rules.takerFee);
    const { closedQty, realisedPnlUsdt } = this.applyToPosition(book, order.side, fillQty, price, timeMs);

    order.avgFillPrice = weightedAverage(order.avgFillPrice ?? 0, order.filledQty, price, fillQty);
    order.filledQty = addQty(order.filledQty, fillQty);
    order.feeUsdt += feeUsdt;
    if (order.filledQty >= order.qty) order.status = 'FILLED';
    else if (order.status !== 'CANCELLED') order.status = 'PARTIALLY_FILLED';
    order.updatedAtMs = timeMs;
    if (order.status === 'FILLED') book.restingOrders = book.restingOrders.filter((o) => o !== order);

    this.book(realisedPnlUsdt, feeUsdt, 0);
    if (book.position) book.position.realisedPnlUsdt -= feeUsdt;
    this.ledger.record({
      execId: this.ledger.nextExecId(),
      orderId: order.orderId,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      price,
      qty: fillQty,
      feeUsdt,
      isMaker,
      closedQty,
      kind: 'TRADE',
      timeMs,
      realisedPnlUsdt,
    });
    this.placeAttachedLegs(book, order, timeMs);
    this.ledger.emitOrder(order);
    this.ledger.emitPosition(book, timeMs);
    return fillQty;
  }

  /** Fires a position leg (stop, take-profit, trailing stop) as a market exit at `fillPrice`. */
  fireLeg(book: SymbolBook, kind: LegKind, fillPrice: number, timeMs: number): void {
    const leg = book.legs[kind];
    const position = book.position;
    if (!leg || !position) return;
    delete book.legs[kind];
    leg.qty = position.qty;
    this.fill(book, leg, position.qty, fillPrice, false, timeMs);
  }

  /** Isolated liquidation: the position goes at the liquidation price and its whole margin is lost. */
  liquidate(book: SymbolBook, timeMs: number): void {
    const position = book.position;
    const liquidationPrice = book.liquidationPrice();
    if (!position || liquidationPrice == null) return;
    const order: SimOrder = {
      ...this.systemOrder(book, exitSide(position.side), position.qty, timeMs),
      status: 'FILLED',
      filledQty: position.qty,
      avgFillPrice: liquidationPrice,
      reason: 'Liquidation',
    };
    this.ledger.register(order);
    const lostMarginUsdt = position.marginUsdt;
    this.book(-lostMarginUsdt, 0, 0);
    this.ledger.record({
      execId: this.ledger.nextExecId(),
      orderId: order.orderId,
      clientOrderId: '',
      symbol: position.symbol,
      side: order.side,
      price: liquidationPrice,
      qty: position.qty,
      feeUsdt: 0,
      isMaker: false,
      closedQty: position.qty,
      kind: 'LIQUIDATION',
      timeMs,
      realisedPnlUsdt: -lostMarginUsdt,
    });
    this.ledger.emitOrder(order);
    this.closePosition(book, timeMs);
    this.ledger.emitPosition(book, timeMs);
  }

  /** Longs pay shorts when the rate is positive, on the position's notional at the mark price. */
  settleFunding(book: SymbolBook, rate: number, markPrice: number, timeMs: number): void {
    const position = book.position;
    if (!position) return;
    const paymentUsdt = position.qty * markPrice * rate * (position.side === 'LONG' ? 1 : -1);
    this.book(0, 0, paymentUsdt);
    position.realisedPnlUsdt -= paymentUsdt;
    this.ledger.record({
      execId: this.ledger.nextExecId(),
      orderId: '',
      clientOrderId: '',
      symbol: position.symbol,
      side: entrySide(position.side),
      price: markPrice,
      qty: position.qty,
      feeUsdt: paymentUsdt,
      isMaker: false,
      closedQty: 0,
      kind: 'FUNDING',
      timeMs,
      realisedPnlUsdt: 0,
    });
    this.ledger.emitPosition(book, timeMs);
  }

  cancel(book: SymbolBook, order: SimOrder, reason: string, timeMs: number): void {
    order.status = order.stopKind === 'NONE' ? 'CANCELLED' : 'DEACTIVATED';
    order.reason = reason;
    order.updatedAtMs = timeMs;
    book.restingOrders = book.restingOrders.filter((o) => o !== order);
    for (const kind of Object.keys(book.legs) as LegKind[]) {
      if (book.legs[kind] === order) delete book.legs[kind];
    }
    if (order.stopKind === 'TRAILING_STOP' && book.position) {
      book.position.trailingDistance = null;
      book.position.trailingActivePrice = null;
      book.position.trailingBestPrice = null;
    }
    this.ledger.emitOrder(order);
  }

  removeLeg(book: SymbolBook, kind: LegKind, timeMs: number): void {
    const existing = book.legs[kind];
    if (existing) this.cancel(book, existing, 'CancelByUser', timeMs);
  }

  /** Creates or moves a position leg (a trailing stop has no trigger until it activates). */
  setLeg(book: SymbolBook, kind: LegKind, triggerPrice: number | null, timeMs: number): void {
    const existing = book.legs[kind];
    const position = book.position;
    if (!position) return;
    if (existing) {
      existing.triggerPrice = triggerPrice;
      existing.updatedAtMs = timeMs;
      this.ledger.emitOrder(existing);
      return;
    }
    const leg: SimOrder = {
      ...this.systemOrder(book, exitSide(position.side), position.qty, timeMs),
      stopKind: kind,
      triggerPrice,
    };
    this.ledger.register(leg);
    book.legs[kind] = leg;
    this.ledger.emitOrder(leg);
  }

  private applyToPosition(book: SymbolBook, side: OrderSide, qty: number, price: number, timeMs: number) {
    const position = book.position;
    if (!position) {
      this.openPosition(book, side, qty, price, timeMs);
      return { closedQty: 0, realisedPnlUsdt: 0 };
    }
    position.updatedAtMs = timeMs;
    if (entrySide(position.side) === side) {
      position.entryPrice = weightedAverage(position.entryPrice, position.qty, price, qty);
      position.qty = addQty(position.qty, qty);
      position.marginUsdt += (qty * price) / book.leverage;
      this.resizeLegs(book);
      return { closedQty: 0, realisedPnlUsdt: 0 };
    }
    const closedQty = Math.min(qty, position.qty);
    const move = price - position.entryPrice;
    const realisedPnlUsdt = (position.side === 'LONG' ? move : -move) * closedQty;
    position.marginUsdt -= (position.marginUsdt * closedQty) / position.qty;
    position.qty = subQty(position.qty, closedQty);
    position.realisedPnlUsdt += realisedPnlUsdt;
    const openingQty = subQty(qty, closedQty);
    if (position.qty > 0) {
      this.resizeLegs(book);
    } else {
      this.closePosition(book, timeMs);
      if (openingQty > 0) this.openPosition(book, side, openingQty, price, timeMs);
    }
    return { closedQty, realisedPnlUsdt };
  }

  private openPosition(book: SymbolBook, side: OrderSide, qty: number, price: number, timeMs: number): void {
    book.position = {
      symbol: book.rules.symbol,
      side: side === 'BUY' ? 'LONG' : 'SHORT',
      qty,
      entryPrice: price,
      marginUsdt: (qty * price) / book.leverage,
      realisedPnlUsdt: 0,
      openedAtMs: timeMs,
      updatedAtMs: timeMs,
      trailingDistance: null,
      trailingActivePrice: null,
      trailingBestPrice: null,
    };
  }

  /** The position is gone: its legs deactivate and reduce-only orders have nothing left to reduce. */
  private closePosition(book: SymbolBook, timeMs: number): void {
    for (const leg of Object.values(book.legs)) {
      if (leg) this.cancel(book, leg, 'CancelByTpSlTsClear', timeMs);
    }
    book.legs = {};
    for (const order of book.restingOrders.filter((o) => o.reduceOnly)) {
      this.cancel(book, order, 'CancelByReduceOnly', timeMs);
    }
    book.position = null;
  }

  private resizeLegs(book: SymbolBook): void {
    for (const leg of Object.values(book.legs)) {
      if (leg && book.position) leg.qty = book.position.qty;
    }
  }

  /** The venue places an entry's stop and take-profit when the entry first executes. */
  private placeAttachedLegs(book: SymbolBook, order: SimOrder, timeMs: number): void {
    if (order.attachedLegsPlaced || order.reduceOnly || !book.position) return;
    if (entrySide(book.position.side) !== order.side) return;
    order.attachedLegsPlaced = true;
    if (order.stopLoss) this.setLeg(book, 'STOP_LOSS', order.stopLoss, timeMs);
    if (order.takeProfit) this.setLeg(book, 'TAKE_PROFIT', order.takeProfit, timeMs);
  }

  private systemOrder(book: SymbolBook, side: OrderSide, qty: number, timeMs: number): SimOrder {
    return {
      orderId: this.ledger.nextOrderId(),
      clientOrderId: '',
      symbol: book.rules.symbol,
      side,
      type: 'MARKET',
      status: 'UNTRIGGERED',
      stopKind: 'NONE',
      price: null,
      qty,
      filledQty: 0,
      avgFillPrice: null,
      triggerPrice: null,
      stopLoss: null,
      takeProfit: null,
      reduceOnly: true,
      reason: null,
      createdAtMs: timeMs,
      updatedAtMs: timeMs,
      timeInForce: 'IOC',
      takesLiquidity: true,
      attachedLegsPlaced: true,
      feeUsdt: 0,
    };
  }

  private book(realisedPnlUsdt: number, feesUsdt: number, fundingUsdt: number): void {
    const ledger = this.ledger;
    ledger.walletBalanceUsdt += realisedPnlUsdt - feesUsdt - fundingUsdt;
    ledger.totals.realisedPnlUsdt += realisedPnlUsdt;
    ledger.totals.feesUsdt += feesUsdt;
    ledger.totals.fundingUsdt += fundingUsdt;
  }
}
