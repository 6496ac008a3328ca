import { Decimal } from 'decimal.js';
import type { Adjustment, BlockReason, EntryType, PositionSide, RiskLimits } from '../domain/index.ts';
import { lossAtStopPerUnit } from './exposure.ts';
import type { ValidInstrument } from './input.ts';

/** A budget that limits this trade besides the per-trade budget (total, per-symbol, cluster). */
export interface RiskRoom {
  roomUsdt: number;
  code: BlockReason;
  reason: string;
}

export interface SizingInput {
  side: PositionSide;
  entryType: EntryType;
  /** The order's price (LIMIT price, or the MARKET reference). */
  entryPrice: number;
  /** The price it can really fill at: risk is sized from it. */
  fillPrice: number;
  /** Fills at once as a taker (MARKET, or a LIMIT crossing the book): taker fee on entry. */
  takesLiquidity: boolean;
  stopLoss: number;
  leverage: number;
  instrument: ValidInstrument;
  limits: RiskLimits;
  walletAvailableUsdt: number;
  riskBudgetUsdt: number;
  rooms: readonly RiskRoom[];
}

export interface SizedOrder {
  qty: number;
  notionalUsdt: number;
  marginUsdt: number;
  riskUsdt: number;
  /** The budget the qty was sized to: the per-trade budget or the tightest room. */
  sizedBudgetUsdt: number;
}

export interface SizingResult {
  blockedBy: BlockReason[];
  order: SizedOrder | null;
}

/**
 * Entry fee: maker for a resting LIMIT, taker for an order that takes liquidity. Exit fee: taker,
 * the stop is a market order. Rebates never count.
 */
export function feeRates(input: Pick<SizingInput, 'takesLiquidity' | 'instrument'>) {
  const { instrument } = input;
  return {
    entryFeePct: Math.max(0, input.takesLiquidity ? instrument.takerFee : instrument.makerFee),
    exitFeePct: Math.max(0, instrument.takerFee),
  };
}

/** Loss per unit of qty if the stop fills: the one risk formula of exposure.ts, on the fill price. */
export function lossPerUnit(input: SizingInput): Decimal {
  const { entryFeePct, exitFeePct } = feeRates(input);
  return lossAtStopPerUnit({
    side: input.side,
    entryPrice: input.fillPrice,
    stopLoss: input.stopLoss,
    entryFeePct,
    exitFeePct,
    slippagePct: input.limits.slSlippageAllowancePct,
    marketEntry: input.entryType === 'MARKET',
  });
}

/** The price notional and margin are counted at: the higher of the order price and the fill. */
export function notionalPrice(input: Pick<SizingInput, 'entryPrice' | 'fillPrice'>): number {
  return Math.max(input.entryPrice, input.fillPrice);
}

/** Margin per unit: initial margin plus the fees to open and to close, as Bybit reserves them. */
function marginPerUnit(input: SizingInput): Decimal {
  const { entryFeePct, exitFeePct } = feeRates(input);
  return new Decimal(notionalPrice(input)).mul(
    new Decimal(1).div(input.leverage).plus(entryFeePct).plus(exitFeePct),
  );
}

const sig = (d: Decimal) => d.toSignificantDigits(12).toNumber();

/** Records a clamp, unless it is invisible at the precision shown. */
function record(adjustments: Adjustment[], field: string, before: Decimal, after: Decimal, reason: string) {
  const shownBefore = sig(before);
  const shownAfter = sig(after);
  if (shownBefore !== shownAfter) adjustments.push({ field, before: shownBefore, after: shownAfter, reason });
}

export function sizeOrder(input: SizingInput, adjustments: Adjustment[]): SizingResult {
  const { instrument, limits } = input;
  const entryPrice = notionalPrice(input);
  const step = instrument.qtyStep;
  const unitLoss = lossPerUnit(input);
  const roundDown = (qty: Decimal) => qty.div(step).floor().mul(step);
  const fits = (qty: Decimal) => {
    const rounded = roundDown(qty);
    return (
      rounded.gt(0) &&
      rounded.gte(instrument.minQty) &&
      rounded.mul(entryPrice).gte(instrument.minNotionalUsdt)
    );
  };
  const blockedBy = new Set<BlockReason>();
  if (!unitLoss.isFinite() || unitLoss.lte(0)) return { blockedBy: ['GATE_ERROR'], order: null };

  // The budget: the per-trade one, shrunk to the tightest room if a room is smaller.
  if (!fits(new Decimal(input.riskBudgetUsdt).div(unitLoss))) blockedBy.add('BELOW_MIN_ORDER_SIZE');
  let budget = new Decimal(input.riskBudgetUsdt);
  for (const room of input.rooms) {
    if (room.roomUsdt <= 0 || !fits(new Decimal(room.roomUsdt).div(unitLoss))) {
      if (room.roomUsdt < input.riskBudgetUsdt) blockedBy.add(room.code);
    }
    const after = Decimal.max(0, room.roomUsdt);
    if (budget.gt(after)) {
      record(adjustments, 'riskBudgetUsdt', budget, after, room.reason);
      budget = after;
    }
  }

  let qty = budget.div(unitLoss);
  const cap = (limit: Decimal, field: 'qty' | 'notionalUsdt', reason: string, code: BlockReason) => {
    if (!fits(limit)) blockedBy.add(code);
    if (qty.gt(limit)) {
      const before = field === 'qty' ? qty : qty.mul(entryPrice);
      const after = field === 'qty' ? limit : limit.mul(entryPrice);
      record(adjustments, field, before, after, reason);
      qty = limit;
    }
  };
  cap(
    new Decimal(limits.maxNotionalUsdt).div(entryPrice),
    'notionalUsdt',
    'capped by MAX_NOTIONAL_USDT',
    'BELOW_MIN_ORDER_SIZE',
  );
  const maxQty =
    input.entryType === 'MARKET' ? (instrument.maxMarketQty ?? instrument.maxQty) : instrument.maxQty;
  if (maxQty !== null) {
    cap(new Decimal(maxQty), 'qty', "capped at the instrument's maximum order qty", 'BELOW_MIN_ORDER_SIZE');
  }
  const usableMargin = new Decimal(input.walletAvailableUsdt).mul(limits.marginSafetyFactor);
  cap(
    usableMargin.div(marginPerUnit(input)),
    'qty',
    'shrunk so the margin fits available balance × MARGIN_SAFETY_FACTOR',
    'INSUFFICIENT_MARGIN',
  );

  let rounded = roundDown(qty);
  // Guard against a division that rounded up in its last digit: the risk must fit the budget.
  while (rounded.gt(0) && rounded.mul(unitLoss).gt(budget)) rounded = rounded.minus(step);
  record(adjustments, 'qty', qty, rounded, 'rounded down to the qty step');
  if (blockedBy.size > 0) return { blockedBy: [...blockedBy], order: null };
  if (!fits(rounded)) return { blockedBy: ['BELOW_MIN_ORDER_SIZE'], order: null };

  const notional = rounded.mul(entryPrice);
  return {
    blockedBy: [],
    order: {
      qty: rounded.toNumber(),
      notionalUsdt: notional.toNumber(),
      marginUsdt: rounded.mul(marginPerUnit(input)).toNumber(),
      riskUsdt: rounded.mul(unitLoss).toNumber(),
      sizedBudgetUsdt: budget.toNumber(),
    },
  };
}
