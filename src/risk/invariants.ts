import { Decimal } from 'decimal.js';
import type { OrderIntent, RiskLimits } from '../domain/index.ts';
import { openRiskUsdt } from './exposure.ts';
import type { ValidAccount, ValidInstrument } from './input.ts';

export class GateInvariantError extends Error {
  override readonly name = 'GateInvariantError';
}

const TOLERANCE = 1e-9;

export interface ApprovedOpen {
  order: OrderIntent;
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
  if (long ? !(stop < order.price) : !(stop > order.price)) fail('stop not on the losing side');
  if (long ? !(stop < approved.markPrice) : !(stop > approved.markPrice))
    fail('stop not on the losing side of the mark');
  const distancePct = Math.abs(order.price - stop) / order.price;
  if (
    distancePct < limits.minSlDistancePct - TOLERANCE ||
    distancePct > limits.maxSlDistancePct + TOLERANCE
  ) {
    fail(`stop distance ${distancePct} outside bounds`);
  }
  if (
    order.takeProfit !== null &&
    (long ? !(order.takeProfit > order.price) : !(order.takeProfit < order.price))
  ) {
    fail('take-profit not on the winning side');
  }
  if (order.type !== approved.proposedEntryType) fail('entry type changed');
  if (order.reduceOnly) fail('an open cannot be reduce-only');
  if (order.riskUsdt > approved.riskBudgetUsdt + TOLERANCE) fail('risk above the risk budget');
  if (openRiskUsdt(account) + order.riskUsdt > approved.maxTotalRiskUsdt + TOLERANCE)
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
