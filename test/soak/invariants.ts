import type { WardenConfig } from '../../src/config/schema.ts';
import { type FeeRates, feeRatesOf } from '../../src/domain/index.ts';
import type { ExchangePort } from '../../src/exchange/port.ts';
import { type Journal, QueryService } from '../../src/journal/index.ts';
import { accountRiskCosts, pendingEntryRiskUsdt, positionRiskUsdt } from '../../src/risk/index.ts';

export interface Violation {
  atMs: number;
  invariant: string;
  detail: string;
}

export interface InvariantLimits {
  maxTotalRiskUsdt: number;
  /** SL_SLIPPAGE_ALLOWANCE_PCT: open risk is the gate's own formula, fees and slippage included. */
  slSlippageAllowancePct: number;
  maxLossUsdtPerTrade: number;
  /** Equity may never fall below this: start × (1 − MAX_DRAWDOWN_PCT) − MAX_TOTAL_RISK_USDT. */
  equityFloorUsdt: number;
  /** A position without a stop is tolerated for this many consecutive checks (the protection step). */
  stoplessChecksGrace: number;
}

export function invariantLimitsFrom(config: WardenConfig, startBalanceUsdt: number): InvariantLimits {
  // Recovery sizing may grow the per-trade budget, at most RECOVERY_MAX_STEPS times by its multiplier.
  const recoveryFactor = config.ENABLE_RECOVERY_SIZING
    ? config.RECOVERY_SIZING_MULTIPLIER ** config.RECOVERY_MAX_STEPS
    : 1;
  return {
    maxTotalRiskUsdt: config.MAX_TOTAL_RISK_USDT,
    slSlippageAllowancePct: config.SL_SLIPPAGE_ALLOWANCE_PCT,
    maxLossUsdtPerTrade: config.MAX_LOSS_USDT_PER_TRADE * recoveryFactor,
    equityFloorUsdt: startBalanceUsdt * (1 - config.MAX_DRAWDOWN_PCT) - config.MAX_TOTAL_RISK_USDT,
    stoplessChecksGrace: 1,
  };
}

const RISK_EPSILON = 1e-6;

/**
 * The SPEC promises, checked against the venue (ground truth) and the journal after every cycle.
 * Open risk is the gate's own figure (what closing every leg at its stop costs, fees and slippage
 * allowance included), from the venue's positions and orders and the venue's fee rates.
 */
export class InvariantChecker {
  readonly violations: Violation[] = [];
  checks = 0;
  private readonly rowCounts = new Map<string, number>();
  private readonly stopless = new Map<string, number>();
  private lastDecisionId = 0;
  private readonly feeRates: Record<string, FeeRates> = {};
  lowestEquityUsdt = Number.POSITIVE_INFINITY;

  constructor(private readonly limits: InvariantLimits) {}

  private fail(atMs: number, invariant: string, detail: string): void {
    this.violations.push({ atMs, invariant, detail });
  }

  async check(atMs: number, venue: ExchangePort, journal: Journal): Promise<void> {
    const queries = new QueryService(journal);
    this.checks += 1;
    await this.checkVenue(atMs, venue, journal);
    this.checkJournalRows(atMs, queries);
    this.checkPlannedLoss(atMs, queries);
  }

  private async checkVenue(atMs: number, venue: ExchangePort, journal: Journal): Promise<void> {
    const positions = (await venue.getPositions()).filter((p) => p.qty > 0);
    const orders = await venue.getOpenOrders();
    const wallet = await venue.getWallet();
    this.lowestEquityUsdt = Math.min(this.lowestEquityUsdt, wallet.equityUsdt);
    if (wallet.equityUsdt < this.limits.equityFloorUsdt)
      this.fail(atMs, 'equity-floor', `equity ${wallet.equityUsdt} < floor ${this.limits.equityFloorUsdt}`);

    const symbols = [...new Set([...positions, ...orders].map((x) => x.symbol))];
    const missing = symbols.filter((s) => this.feeRates[s] === undefined);
    if (missing.length > 0)
      for (const rules of await venue.getInstruments(missing))
        this.feeRates[rules.symbol] = feeRatesOf(rules);
    const costs = accountRiskCosts(this.limits.slSlippageAllowancePct, this.feeRates);
    let openRiskUsdt = 0;
    const perSymbol = new Map<string, number>();
    const bump = (symbol: string) => perSymbol.set(symbol, (perSymbol.get(symbol) ?? 0) + 1);
    for (const p of positions) {
      bump(p.symbol);
      const stop = p.stopLoss !== null && p.stopLoss > 0 ? p.stopLoss : null;
      if (stop === null && p.trailingStop === null) {
        const seen = (this.stopless.get(p.symbol) ?? 0) + 1;
        this.stopless.set(p.symbol, seen);
        if (seen > this.limits.stoplessChecksGrace)
          this.fail(
            atMs,
            'position-without-stop',
            `${p.symbol} ${p.side} ${p.qty} has no stop for ${seen} checks`,
          );
      } else this.stopless.delete(p.symbol);
      // A stopless position is the position-without-stop invariant's to judge, after its grace.
      if (stop !== null) openRiskUsdt += positionRiskUsdt({ ...p, stopLoss: stop }, costs);
    }
    for (const symbol of [...this.stopless.keys()])
      if (!positions.some((p) => p.symbol === symbol)) this.stopless.delete(symbol);

    for (const o of orders) {
      if (o.stopKind !== 'NONE') continue;
      const journaled = journal.findOrder(o.clientOrderId);
      if (!journaled)
        this.fail(
          atMs,
          'unknown-order',
          `${o.symbol} ${o.side} ${o.type} ${o.clientOrderId} is not in the journal`,
        );
      if (o.reduceOnly) continue;
      const hasPosition = positions.some((p) => p.symbol === o.symbol);
      if (!(hasPosition && o.filledQty > 0)) bump(o.symbol);
      if (o.stopLoss === null || !(o.stopLoss > 0)) {
        this.fail(atMs, 'entry-without-stop', `${o.symbol} entry ${o.clientOrderId} has no attached stop`);
        continue;
      }
      // A MARKET entry waiting for the next price has no venue price: its reference is the journaled one, else the mark.
      const price = o.price ?? journaled?.price ?? (await venue.getTicker(o.symbol)).markPrice;
      const side = o.side === 'BUY' ? 'LONG' : 'SHORT';
      const remaining = o.qty - o.filledQty;
      const entry = {
        symbol: o.symbol,
        side,
        qty: remaining,
        price,
        entryType: o.type,
        stopLoss: o.stopLoss,
      } as const;
      openRiskUsdt += pendingEntryRiskUsdt(entry, costs);
    }
    for (const [symbol, n] of perSymbol)
      if (n > 1) this.fail(atMs, 'one-per-symbol', `${symbol} has ${n} positions or pending entries`);
    if (openRiskUsdt > this.limits.maxTotalRiskUsdt * (1 + RISK_EPSILON))
      this.fail(atMs, 'total-risk', `open risk ${openRiskUsdt.toFixed(4)} > ${this.limits.maxTotalRiskUsdt}`);
  }

  private checkJournalRows(atMs: number, queries: QueryService): void {
    for (const { table, rows, lowestKey, highestKey } of queries.appendOnlyRanges()) {
      const before = this.rowCounts.get(table) ?? 0;
      if (rows < before) this.fail(atMs, 'journal-row-lost', `${table}: ${rows} rows, was ${before}`);
      this.rowCounts.set(table, rows);
      if (rows > 0 && lowestKey !== null && highestKey !== null && highestKey - lowestKey + 1 !== rows)
        this.fail(atMs, 'journal-ids-contiguous', `${table}: ${rows} rows span ${lowestKey}..${highestKey}`);
    }
  }

  private checkPlannedLoss(atMs: number, queries: QueryService): void {
    const rows = queries.approvedOpensAfter(this.lastDecisionId);
    for (const r of rows) {
      const budget = r.budgetUsdt ?? this.limits.maxLossUsdtPerTrade;
      if (r.riskUsdt === null || !(r.riskUsdt > 0))
        this.fail(atMs, 'planned-loss', `decision ${r.id} ${r.symbol}: approved open without a planned loss`);
      else if (
        r.riskUsdt > budget * (1 + RISK_EPSILON) ||
        budget > this.limits.maxLossUsdtPerTrade * (1 + RISK_EPSILON)
      )
        this.fail(
          atMs,
          'planned-loss',
          `decision ${r.id} ${r.symbol}: risk ${r.riskUsdt} > budget ${budget}`,
        );
    }
    const last = rows.at(-1);
    if (last) this.lastDecisionId = last.id;
  }
}
