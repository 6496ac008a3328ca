import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReply } from '../../../src/decision/output.ts';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];
const ACTIONS = new Set(['OPEN_LONG', 'OPEN_SHORT', 'CLOSE', 'HOLD']);

/** Anything a model could put in a field: numbers of every kind, strings, nesting, nulls. */
const anyValue = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 0, -0, 'NaN', 'Infinity', '1e400', '', '20x'),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);

const entry = fc.record(
  {
    symbol: fc.oneof(fc.constantFrom(...SYMBOLS, 'FAKEUSDT', 'btcusdt', ''), fc.string()),
    action: fc.oneof(
      fc.constantFrom('OPEN_LONG', 'OPEN_SHORT', 'CLOSE', 'HOLD', 'BUY', 'open_long'),
      fc.string(),
    ),
    confidence: anyValue,
    leverage: anyValue,
    size_pct: anyValue,
    entry_type: fc.oneof(fc.constantFrom('LIMIT', 'MARKET', 'STOP'), anyValue),
    entry_price: anyValue,
    sl_pct: anyValue,
    tp_pct: anyValue,
    rationale: fc.oneof(fc.string(), anyValue),
  },
  { requiredKeys: [] },
);

const reply = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.array(entry, { maxLength: 6 }).map((decisions) => JSON.stringify({ decisions })),
  fc
    .tuple(fc.string({ maxLength: 40 }), fc.array(entry, { maxLength: 4 }), fc.string({ maxLength: 40 }))
    .map(([pre, decisions, post]) => `${pre}\n\`\`\`json\n${JSON.stringify({ decisions })}\n\`\`\`\n${post}`),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.array(entry, { maxLength: 3 }).map((decisions) => {
    const text = JSON.stringify({ decisions });
    return text.slice(0, Math.max(1, text.length - 7));
  }),
);

describe('fuzz: model output parsing', () => {
  it('never throws and always answers exactly one well-formed decision per requested symbol', () => {
    fc.assert(
      fc.property(reply, (raw) => {
        const parsed = parseReply(raw, SYMBOLS);
        expect(parsed.decisions.map((d) => d.symbol)).toEqual(SYMBOLS);
        for (const d of parsed.decisions) {
          expect(ACTIONS.has(d.proposal.action)).toBe(true);
          expect(d.proposal.symbol).toBe(d.symbol);
          for (const value of [
            d.proposal.confidence,
            d.proposal.leverage,
            d.proposal.entryPrice,
            d.proposal.slPct,
            d.proposal.tpPct,
            d.proposal.sizePct,
          ]) {
            if (value !== undefined && value !== null) expect(Number.isFinite(value)).toBe(true);
          }
          if (d.holdReason !== null) expect(d.proposal.action).toBe('HOLD');
        }
        if (parsed.error !== null) expect(parsed.error.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });
});
