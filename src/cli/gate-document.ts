import { z } from 'zod';
import {
  ACTIONS,
  type AccountSnapshot,
  ENTRY_TYPES,
  type InstrumentRules,
  type MarketSnapshot,
  type Proposal,
  SIDES,
  TRADING_STATES,
  type Verdict,
} from '../domain/index.ts';

/**
 * The `warden gate` document: one JSON object in the SPEC's snake_case words, strictly checked
 * (unknown keys are typos, strings are not numbers), mapped to the domain types the gate takes.
 */

const num = z.number();
const optionalNum = num.nullish().transform((v) => v ?? null);

const proposal = z
  .object({
    symbol: z.string().min(1),
    action: z.enum(ACTIONS),
    confidence: optionalNum,
    leverage: optionalNum,
    size_pct: optionalNum,
    entry_type: z
      .enum(ENTRY_TYPES)
      .nullish()
      .transform((v) => v ?? null),
    entry_price: optionalNum,
    sl_pct: optionalNum,
    tp_pct: optionalNum,
    rationale: z.string().nullish(),
  })
  .strict()
  .transform(
    (p): Proposal => ({
      symbol: p.symbol,
      action: p.action,
      confidence: p.confidence,
      leverage: p.leverage,
      sizePct: p.size_pct,
      entryType: p.entry_type,
      entryPrice: p.entry_price,
      slPct: p.sl_pct,
      tpPct: p.tp_pct,
      rationale: p.rationale ?? null,
    }),
  );

// Same snake_case-to-domain shape as proposal on purpose: one strict schema per part of the document.
const position = z
  .object({
    symbol: z.string().min(1),
    side: z.enum(SIDES),
    qty: num,
    entry_price: num,
    mark_price: num,
    stop_loss: optionalNum,
    take_profit: optionalNum,
    leverage: optionalNum,
  })
  .strict()
  .transform((p) => ({
    symbol: p.symbol,
    side: p.side,
    qty: p.qty,
    entryPrice: p.entry_price,
    markPrice: p.mark_price,
    stopLoss: p.stop_loss,
    takeProfit: p.take_profit,
    leverage: p.leverage,
  }));

const pendingEntry = z
  .object({
    symbol: z.string().min(1),
    side: z.enum(SIDES),
    qty: num,
    price: num,
    entry_type: z.enum(ENTRY_TYPES).optional(),
    stop_loss: optionalNum,
    planned_risk_usdt: optionalNum,
  })
  .strict()
  .transform((e) => ({
    symbol: e.symbol,
    side: e.side,
    qty: e.qty,
    price: e.price,
    ...(e.entry_type === undefined ? {} : { entryType: e.entry_type }),
    stopLoss: e.stop_loss,
    plannedRiskUsdt: e.planned_risk_usdt,
  }));

const recentClose = z
  .object({ symbol: z.string().min(1), side: z.enum(SIDES), closed_at_ms: num, realized_pnl_usdt: num })
  .strict()
  .transform((c) => ({
    symbol: c.symbol,
    side: c.side,
    closedAtMs: c.closed_at_ms,
    realizedPnlUsdt: c.realized_pnl_usdt,
  }));

const account = z
  .object({
    wallet_available: num,
    equity: num,
    equity_peak: optionalNum,
    trading_state: z.enum(TRADING_STATES),
    positions: z.array(position).default([]),
    pending_entries: z.array(pendingEntry).default([]),
    recent_closes: z.array(recentClose).default([]),
    /** Fee rates by symbol for the positions and entries; absent ones cost at the instrument's. */
    fee_rates: z.record(z.string(), z.object({ taker_fee: num, maker_fee: num }).strict()).optional(),
  })
  .strict()
  .transform(
    (a): AccountSnapshot => ({
      walletAvailableUsdt: a.wallet_available,
      equityUsdt: a.equity,
      equityPeakUsdt: a.equity_peak,
      tradingState: a.trading_state,
      positions: a.positions,
      pendingEntries: a.pending_entries,
      recentCloses: a.recent_closes,
      feeRates:
        a.fee_rates === undefined
          ? null
          : Object.fromEntries(
              Object.entries(a.fee_rates).map(([symbol, f]) => [
                symbol,
                { takerFee: f.taker_fee, makerFee: f.maker_fee },
              ]),
            ),
    }),
  );

const instrument = z
  .object({
    symbol: z.string().min(1),
    tick_size: num,
    qty_step: num,
    min_qty: num,
    max_qty: optionalNum,
    max_market_qty: optionalNum,
    min_notional: num,
    max_leverage: num,
    min_leverage: optionalNum,
    taker_fee: num,
    maker_fee: num,
  })
  .strict()
  .transform(
    (i): InstrumentRules => ({
      symbol: i.symbol,
      tickSize: i.tick_size,
      qtyStep: i.qty_step,
      minQty: i.min_qty,
      maxQty: i.max_qty,
      maxMarketQty: i.max_market_qty,
      minNotionalUsdt: i.min_notional,
      maxLeverage: i.max_leverage,
      minLeverage: i.min_leverage,
      takerFee: i.taker_fee,
      makerFee: i.maker_fee,
    }),
  );

const market = z
  .object({
    symbol: z.string().min(1).optional(),
    mark_price: num,
    best_bid: optionalNum,
    best_ask: optionalNum,
    now_ms: num,
    last_closed_candle_ms: num,
    pre_score: optionalNum,
    range_score: optionalNum,
    correlations: z
      .record(z.string(), z.record(z.string(), num))
      .nullish()
      .transform((v) => v ?? null),
  })
  .strict();

const configValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

const gateDocument = z
  .object({
    proposal,
    account,
    /** null says "no instrument rules known" (INSTRUMENT_UNKNOWN). */
    instrument: instrument.nullable(),
    market,
    config: z.record(z.string(), configValue).default({}),
  })
  .strict()
  .transform((doc) => ({
    proposal: doc.proposal,
    account: doc.account,
    instrument: doc.instrument,
    market: {
      symbol: doc.market.symbol ?? doc.proposal.symbol,
      markPrice: doc.market.mark_price,
      bestBid: doc.market.best_bid,
      bestAsk: doc.market.best_ask,
      nowMs: doc.market.now_ms,
      lastClosedCandleMs: doc.market.last_closed_candle_ms,
      preScore: doc.market.pre_score,
      rangeScore: doc.market.range_score,
      correlations: doc.market.correlations,
    } satisfies MarketSnapshot,
    config: doc.config,
  }));

export type GateDocument = z.output<typeof gateDocument>;

export class GateDocumentError extends Error {
  override readonly name = 'GateDocumentError';
}

function where(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'document' : path.map(String).join('.');
}

/** Validates a parsed JSON value; every problem is named by its path in the document. */
export function parseGateDocument(value: unknown): GateDocument {
  const parsed = gateDocument.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.slice(0, 12).map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return `  - ${where(issue.path)}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    const missing = issue.code === 'invalid_type' && issue.message.includes('received undefined');
    return `  - ${where(issue.path)}: ${missing ? 'required' : issue.message}`;
  });
  const more = parsed.error.issues.length > 12 ? [`  - …and ${parsed.error.issues.length - 12} more`] : [];
  throw new GateDocumentError(['Invalid gate document:', ...lines, ...more].join('\n'));
}

/** The verdict in the document's snake_case words. */
export function verdictToJson(verdict: Verdict): Record<string, unknown> {
  const out: Record<string, unknown> = {
    symbol: verdict.symbol,
    proposed_action: verdict.proposedAction,
    action: verdict.action,
    blocked_by: verdict.blockedBy,
    adjustments: verdict.adjustments,
  };
  if (verdict.effectiveConfidence !== undefined) out.effective_confidence = verdict.effectiveConfidence;
  if (verdict.riskBudgetUsdt !== undefined) out.risk_budget_usdt = verdict.riskBudgetUsdt;
  if (verdict.order) {
    const o = verdict.order;
    out.order = {
      symbol: o.symbol,
      side: o.side,
      type: o.type,
      qty: o.qty,
      price: o.price,
      ...(o.fillPrice === undefined ? {} : { fill_price: o.fillPrice }),
      stop_loss: o.stopLoss,
      take_profit: o.takeProfit,
      leverage: o.leverage,
      notional_usdt: o.notionalUsdt,
      margin_usdt: o.marginUsdt,
      risk_usdt: o.riskUsdt,
      reduce_only: o.reduceOnly,
    };
  }
  if (verdict.detail !== undefined) out.detail = verdict.detail;
  return out;
}
