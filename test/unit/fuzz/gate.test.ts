import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runGate } from '../../../src/cli/commands/gate.ts';
import { UsageError } from '../../../src/cli/errors.ts';

/** The document of issue 2: the base every mutation starts from. */
const BASE = {
  proposal: {
    symbol: 'BTCUSDT',
    action: 'OPEN_LONG',
    confidence: 75,
    leverage: 5,
    size_pct: 0.12,
    entry_type: 'LIMIT',
    entry_price: 50000,
    sl_pct: 0.01,
    tp_pct: 0.02,
  },
  account: {
    wallet_available: 100,
    equity: 100,
    trading_state: 'ACTIVE',
    positions: [
      { symbol: 'ETHUSDT', side: 'LONG', qty: 0.01, entry_price: 3000, stop_loss: 2970, mark_price: 3010 },
    ],
    pending_entries: [],
    recent_closes: [],
  },
  instrument: {
    symbol: 'BTCUSDT',
    tick_size: 0.1,
    qty_step: 0.00001,
    min_qty: 0.00001,
    min_notional: 5,
    max_leverage: 100,
    taker_fee: 0.00055,
    maker_fee: 0.0002,
  },
  market: {
    mark_price: 50000,
    now_ms: 1735700000000,
    last_closed_candle_ms: 1735699500000,
    pre_score: 60,
    range_score: 10,
  },
  config: { MAX_LOSS_USDT_PER_TRADE: 0.35 },
};

type Json = Record<string, unknown>;
const hostile = fc.oneof(
  fc.constantFrom(0, -1, 1e308, -1e308, 'NaN', '', null, true, [], {}, 'OPEN_LONG', 'MARKET', 125, 0.0000001),
  fc.double(),
  fc.string({ maxLength: 8 }),
);

/** One field of one section replaced by a hostile value, or removed. */
const mutation = fc.tuple(
  fc.constantFrom('proposal', 'account', 'instrument', 'market', 'config'),
  fc.oneof(
    fc.constantFrom(
      'symbol',
      'action',
      'confidence',
      'leverage',
      'entry_type',
      'entry_price',
      'sl_pct',
      'tp_pct',
      'wallet_available',
      'equity',
      'trading_state',
      'positions',
      'tick_size',
      'qty_step',
      'min_qty',
      'max_leverage',
      'mark_price',
      'now_ms',
      'MAX_LOSS_USDT_PER_TRADE',
      'MAX_LEVERAGE_OPEN',
      'ALLOW_MARKET_ENTRY',
    ),
    fc.string({ maxLength: 6 }),
  ),
  fc.option(hostile, { nil: undefined }),
);

function mutate(mutations: [string, string, unknown][]): Json {
  const doc = structuredClone(BASE) as unknown as Record<string, Json>;
  for (const [section, field, v] of mutations) {
    const part = doc[section] as Json;
    if (v === undefined) delete part[field];
    else part[field] = v;
  }
  return doc;
}

describe('fuzz: the gate document', () => {
  it('answers a verdict or refuses the document with a UsageError; an approved open always carries a stop and fits its budget', () => {
    const seen = { approved: 0, held: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        let verdict: Json;
        try {
          verdict = runGate(JSON.stringify(mutate(mutations)), 'fuzz');
        } catch (error) {
          expect(error, String(error)).toBeInstanceOf(UsageError);
          expect((error as Error).message.length).toBeGreaterThan(0);
          seen.refused += 1;
          return;
        }
        if (verdict.action === 'HOLD') seen.held += 1;
        else seen.approved += 1;
        expect(['OPEN_LONG', 'OPEN_SHORT', 'CLOSE', 'HOLD']).toContain(verdict.action);
        if (verdict.action === 'OPEN_LONG' || verdict.action === 'OPEN_SHORT') {
          const order = verdict.order as Json;
          expect(Number(order.stop_loss)).toBeGreaterThan(0);
          const budget = Number(verdict.risk_budget_usdt);
          expect(Number(order.risk_usdt)).toBeLessThanOrEqual(budget * (1 + 1e-9));
          const long = verdict.action === 'OPEN_LONG';
          expect(
            long
              ? Number(order.stop_loss) < Number(order.price)
              : Number(order.stop_loss) > Number(order.price),
          ).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
    // the three outcomes all occur, so no branch above is vacuous
    expect(seen.approved).toBeGreaterThan(0);
    expect(seen.held).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it('refuses text that is not JSON with a UsageError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        try {
          runGate(text, 'fuzz');
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
        }
      }),
      { numRuns: 200 },
    );
  });
});
