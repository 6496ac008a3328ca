import { Decimal } from 'decimal.js';
import type { FeeRates, PendingEntry, Position, PositionSide } from '../domain/index.ts';

/**
 * One leg of risk: an order about to be sent, a pending entry, or an open position. Its risk is
 * what closing it at its stop will really cost, and every figure of open risk in Warden (the gate's
 * rooms and invariants, the dashboard, /metrics, the prompt, the soak) is this one formula.
 */
export interface RiskLeg {
  side: PositionSide;
  qty: number;
  /** The price it entered at (a position) or can really fill at (an order, a pending entry). */
  entryPrice: number;
  /** null: no stop known; the leg then counts its whole notional (fail closed). */
  stopLoss: number | null;
  /** Mark of an open position: a stopless position counts at the higher of entry and mark. */
  markPrice?: number | null;
  /** Fee still to pay on entry: 0 for an open position (already paid), maker or taker for an entry. */
  entryFeePct: number;
  /** Exit fee: the stop closes with a market order, so the taker rate. */
  exitFeePct: number;
  /** SL_SLIPPAGE_ALLOWANCE_PCT: the stop's fill is assumed this fraction of the entry worse. */
  slippagePct: number;
  /** A MARKET entry can slip on entry as well (the allowance counts twice). */
  marketEntry: boolean;
}

/**
 * Loss per unit if the stop fires: distance from the entry to the stop, the slippage allowance
 * (twice for a MARKET entry), the entry fee still to pay, and the exit fee on the worse of the
 * entry and the slipped stop price. Signed: negative when the stop locks in more than it costs.
 * Rebates never count as savings.
 */
export function lossAtStopPerUnit(leg: Omit<RiskLeg, 'qty' | 'markPrice'> & { stopLoss: number }): Decimal {
  const entry = new Decimal(leg.entryPrice);
  const slip = entry.mul(leg.slippagePct);
  const long = leg.side === 'LONG';
  const stopFill = long ? new Decimal(leg.stopLoss).minus(slip) : new Decimal(leg.stopLoss).plus(slip);
  const distance = long ? entry.minus(leg.stopLoss) : new Decimal(leg.stopLoss).minus(entry);
  return distance
    .plus(slip)
    .plus(leg.marketEntry ? slip : 0)
    .plus(entry.mul(Math.max(0, leg.entryFeePct)))
    .plus(Decimal.max(entry, stopFill).mul(Math.max(0, leg.exitFeePct)));
}

/** The leg's risk in USDT: qty × its loss at the stop (never below 0), or its whole notional without a stop. */
export function legRiskUsdt(leg: RiskLeg): number {
  if (leg.stopLoss === null) return leg.qty * Math.max(leg.entryPrice, leg.markPrice ?? 0);
  const key = legKey(leg);
  const known = riskByLeg.get(key);
  if (known !== undefined) return known;
  const risk = Decimal.max(0, lossAtStopPerUnit({ ...leg, stopLoss: leg.stopLoss }).mul(leg.qty)).toNumber();
  if (riskByLeg.size >= LEGS_REMEMBERED) riskByLeg.clear();
  riskByLeg.set(key, risk);
  return risk;
}

/**
 * The same legs are costed again and again (every symbol's outlook and proposal in a cycle, every
 * cycle a position stays open): a pure function of its inputs, its decimal result is remembered.
 */
const riskByLeg = new Map<string, number>();
const LEGS_REMEMBERED = 4096;
const exact = (n: number) => (Object.is(n, -0) ? '-0' : String(n));

function legKey(leg: RiskLeg): string {
  return `${leg.side}|${exact(leg.qty)}|${exact(leg.entryPrice)}|${exact(leg.stopLoss as number)}|${exact(leg.entryFeePct)}|${exact(leg.exitFeePct)}|${exact(leg.slippagePct)}|${leg.marketEntry}`;
}

/** The costs every leg of an account shares, and the fee rates of its symbols. */
export interface RiskCosts {
  slippagePct: number;
  /** Fee rates by symbol (the account's, from the venue's instruments). */
  feeRates?: Readonly<Record<string, FeeRates>> | null;
  /**
   * Fee rates for a symbol missing above. Bybit charges one rate for every USDT perpetual at a
   * fee tier, so the gate uses the rates of the instrument it is sizing, and other readers the
   * highest rates they know. null: a symbol without rates is an error, never costed at zero.
   */
  defaultFees: FeeRates | null;
}

export class UnknownFeeRatesError extends Error {
  override readonly name = 'UnknownFeeRatesError';
}

export function feesOf(costs: RiskCosts, symbol: string): FeeRates {
  const fees = costs.feeRates?.[symbol] ?? costs.defaultFees;
  if (fees === null)
    throw new UnknownFeeRatesError(`no fee rates known for ${symbol}: its risk cannot be costed`);
  return fees;
}

/** The highest taker and maker rates among those known (rebates count as 0); null when none is known. */
export function highestFees(feeRates: Readonly<Record<string, FeeRates>>): FeeRates | null {
  const rates = Object.values(feeRates);
  if (rates.length === 0) return null;
  return {
    takerFee: Math.max(0, ...rates.map((r) => r.takerFee)),
    makerFee: Math.max(0, ...rates.map((r) => r.makerFee)),
  };
}

/** The risk costs of an account outside the gate (engine, dashboard, soak): its own fee rates. */
export function accountRiskCosts(
  slippagePct: number,
  feeRates: Readonly<Record<string, FeeRates>>,
): RiskCosts {
  return { slippagePct, feeRates, defaultFees: highestFees(feeRates) };
}

type PositionRiskInput = Pick<Position, 'symbol' | 'side' | 'qty' | 'entryPrice' | 'markPrice' | 'stopLoss'>;
type PendingRiskInput = Pick<PendingEntry, 'symbol' | 'side' | 'qty' | 'price' | 'stopLoss' | 'entryType'> & {
  plannedRiskUsdt?: number | null;
};

/** An open position: its entry fee is paid; the stop's distance, slippage and exit fee are still to come. */
export function positionRiskUsdt(position: PositionRiskInput, costs: RiskCosts): number {
  const fees = feesOf(costs, position.symbol);
  return legRiskUsdt({
    ...position,
    entryFeePct: 0,
    exitFeePct: fees.takerFee,
    slippagePct: costs.slippagePct,
    marketEntry: false,
  });
}

/**
 * An entry not yet filled: a resting LIMIT fills as a maker, a MARKET entry waiting for its fill
 * as a taker and can slip. Its planned risk was computed by the same formula when it was
 * approved; the larger of the two counts.
 */
export function pendingEntryRiskUsdt(entry: PendingRiskInput, costs: RiskCosts): number {
  const fees = feesOf(costs, entry.symbol);
  const market = entry.entryType === 'MARKET';
  const computed = legRiskUsdt({
    side: entry.side,
    qty: entry.qty,
    entryPrice: entry.price,
    stopLoss: entry.stopLoss,
    entryFeePct: market ? fees.takerFee : fees.makerFee,
    exitFeePct: fees.takerFee,
    slippagePct: costs.slippagePct,
    marketEntry: market,
  });
  const planned = entry.plannedRiskUsdt;
  const known = planned !== null && planned !== undefined && Number.isFinite(planned) && planned >= 0;
  return known ? Math.max(planned, computed) : computed;
}

export interface Exposure {
  positions: readonly PositionRiskInput[];
  pendingEntries: readonly PendingRiskInput[];
}

export interface ExposureLeg {
  symbol: string;
  side: PositionSide;
  riskUsdt: number;
}

/** Every position and pending entry with its risk, positions first, each in its given order. */
export function exposureLegs(exposure: Exposure, costs: RiskCosts): ExposureLeg[] {
  return [
    ...exposure.positions.map((p) => ({
      symbol: p.symbol,
      side: p.side,
      riskUsdt: positionRiskUsdt(p, costs),
    })),
    ...exposure.pendingEntries.map((e) => ({
      symbol: e.symbol,
      side: e.side,
      riskUsdt: pendingEntryRiskUsdt(e, costs),
    })),
  ];
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

export function openRiskUsdt(exposure: Exposure, costs: RiskCosts): number {
  return sum(exposureLegs(exposure, costs).map((l) => l.riskUsdt));
}

export function symbolRiskUsdt(exposure: Exposure, costs: RiskCosts, symbol: string): number {
  return sum(
    exposureLegs(exposure, costs)
      .filter((l) => l.symbol === symbol)
      .map((l) => l.riskUsdt),
  );
}

export type CorrelationMatrix = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** Either orientation of the matrix; null when the pair is unknown. */
export function correlationOf(matrix: CorrelationMatrix | null, a: string, b: string): number | null {
  if (a === b) return 1;
  const value = matrix?.[a]?.[b] ?? matrix?.[b]?.[a];
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/**
 * Risk of same-direction legs on other symbols that move with `symbol`. An unknown correlation
 * counts as correlated: without evidence of diversification, the legs share one budget.
 */
export function correlatedRiskUsdt(
  exposure: Exposure,
  costs: RiskCosts,
  symbol: string,
  side: PositionSide,
  matrix: CorrelationMatrix | null,
  threshold: number,
): number {
  return sum(
    exposureLegs(exposure, costs)
      .filter((l) => l.symbol !== symbol && l.side === side)
      .filter((l) => {
        const correlation = correlationOf(matrix, symbol, l.symbol);
        return correlation === null || correlation >= threshold;
      })
      .map((l) => l.riskUsdt),
  );
}
