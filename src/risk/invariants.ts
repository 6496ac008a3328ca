import { Decimal } from 'decimal.js';
import type { OrderIntent, RiskLimits } from '../domain/index.ts';
import { legRiskUsdt, openRiskUsdt, type RiskCosts } from './exposure.ts';
import type { ValidAccount, ValidInstrument } from './input.ts';

export class GateInvariantError extends Error {
  override readonly name = 'GateInvariantError';
}

const TOLERANCE = 1e-9;

export interface ApprovedOpen {
  order: OrderIntent;
  /** The price the order can really fill at, as the gate planned it. */
  fillPrice: number;
  takesLiquidity: boolean;
  /** The account's risk costs: slippage allowance and fee rates. */
  costs: RiskCosts;
  proposedEntryType: 'LIMIT' | 'MARKET';
  markPrice: number;
  riskBudgetUsdt: number;
  maxTotalRiskUsdt: number;
  limits: RiskLimits;
  instrument: ValidInstrument;
  account: ValidAccount;
}

/**
 * A last line of defence: the promises of the gate, re-checked on the order it is about to
 * approve. A broken promise is a bug, and a bug means no new risk (GATE_ERROR).
 */
export function assertOpenInvariants(approved: ApprovedOpen): void {
  const { order, limits, instrument, account } = approved;
  const fail = (what: string) => {
    throw new GateInvariantError(`approved open would break an invariant: ${what}`);
  };
  const figures = [
    order.qty,
    order.price,
    order.leverage,
    order.notionalUsdt,
    order.marginUsdt,
    order.riskUsdt,
  ];
  if (!figures.every(Number.isFinite)) fail('non-finite order figure');
  if (order.stopLoss === null || !Number.isFinite(order.stopLoss)) fail('no stop loss');
  const stop = order.stopLoss as number;
  const long = order.side === 'BUY';
  const fill = approved.fillPrice;
  if (!Number.isFinite(fill) || !(fill > 0) || order.fillPrice !== fill) fail('no fill price on the order');
  // A buy never fills above its limit, a sell never below: the fill is the price the money sees.
  if (order.type === 'LIMIT' && (long ? fill > order.price : fill < order.price))
    fail('fill price beyond the limit price');
  if (long ? !(stop < order.price) : !(stop > order.price)) fail('stop not on the losing side');
  if (long ? !(stop < fill) : !(stop > fill)) fail('stop not on the losing side of the fill price');
  if (long ? !(stop < approved.markPrice) : !(stop > approved.markPrice))
    fail('stop not on the losing side of the mark');
  const distancePct = Math.abs(fill - stop) / fill;
  if (
    distancePct < limits.minSlDistancePct - TOLERANCE ||
    distancePct > limits.maxSlDistancePct + TOLERANCE
  ) {
    fail(`stop distance ${distancePct} from the fill price outside bounds`);
  }
  if (order.takeProfit !== null && (long ? !(order.takeProfit > fill) : !(order.takeProfit < fill))) {
    fail('take-profit not on the winning side of the fill price');
  }
  if (order.type !== approved.proposedEntryType) fail('entry type changed');
  if (order.type === 'LIMIT' && approved.takesLiquidity && !limits.allowMarketEntry)
    fail('a LIMIT crossing the book while MARKET entries are disabled');
  if (order.reduceOnly) fail('an open cannot be reduce-only');
  // The loss the money will see at the stop, recomputed from the order: both fees, the slippage allowance.
  const lossAtStop = legRiskUsdt({
    side: long ? 'LONG' : 'SHORT',
    qty: order.qty,
    entryPrice: fill,
    stopLoss: stop,
    entryFeePct: approved.takesLiquidity ? instrument.takerFee : instrument.makerFee,
    exitFeePct: instrument.takerFee,
    slippagePct: approved.costs.slippagePct,
    marketEntry: order.type === 'MARKET',
  });
  if (Math.abs(lossAtStop - order.riskUsdt) > TOLERANCE * Math.max(1, lossAtStop))
    fail(`order risk ${order.riskUsdt} is not its loss at the stop ${lossAtStop}`);
  if (lossAtStop > approved.riskBudgetUsdt + TOLERANCE) fail('loss at the stop above the risk budget');
  if (openRiskUsdt(account, approved.costs) + lossAtStop > approved.maxTotalRiskUsdt + TOLERANCE)
    fail('total risk above cap');
  if (order.notionalUsdt > limits.maxNotionalUsdt + TOLERANCE) fail('notional above MAX_NOTIONAL_USDT');
  if (order.marginUsdt > account.walletAvailableUsdt * limits.marginSafetyFactor + TOLERANCE) {
    fail('margin above available × MARGIN_SAFETY_FACTOR');
  }
  if (order.leverage > limits.maxLeverageOpen || order.leverage > instrument.maxLeverage)
    fail('leverage above cap');
  if (!new Decimal(order.qty).mod(instrument.qtyStep).isZero()) fail('qty not a multiple of the qty step');
  if (order.qty < instrument.minQty || order.notionalUsdt < instrument.minNotionalUsdt)
    fail('qty below minimum');
  if (!new Decimal(order.price).mod(instrument.tickSize).isZero()) fail('price not on the tick');
  if (!new Decimal(stop).mod(instrument.tickSize).isZero()) fail('stop not on the tick');
}
