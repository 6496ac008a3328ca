import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NOT_LISTED, parseReply } from '../../../src/decision/index.ts';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];

const openLong = {
  symbol: 'BTCUSDT',
  action: 'OPEN_LONG',
  confidence: 64,
  leverage: 5,
  size_pct: 0.1,
  entry_type: 'LIMIT',
  entry_price: 97050.5,
  sl_pct: 0.012,
  tp_pct: 0.024,
  rationale: 'EMA20 above EMA200 on both timeframes',
};
const hold = { symbol: 'ETHUSDT', action: 'HOLD', confidence: 30, rationale: 'no clear trend' };
const doc = (...decisions: unknown[]) => JSON.stringify({ decisions });

describe('parseReply', () => {
  it('maps a clean reply to one camelCase proposal per symbol, in request order', () => {
    const parsed = parseReply(doc(hold, openLong), SYMBOLS);
    expect(parsed.error).toBeNull();
    expect(parsed.decisions.map((d) => d.symbol)).toEqual(SYMBOLS);
    expect(parsed.decisions[0]).toMatchObject({
      holdReason: null,
      received: openLong,
      proposal: {
        symbol: 'BTCUSDT',
        action: 'OPEN_LONG',
        confidence: 64,
        leverage: 5,
        sizePct: 0.1,
        entryType: 'LIMIT',
        entryPrice: 97050.5,
        slPct: 0.012,
        tpPct: 0.024,
        rationale: 'EMA20 above EMA200 on both timeframes',
      },
    });
    expect(parsed.decisions[1]!.proposal).toMatchObject({ action: 'HOLD', entryPrice: null, slPct: null });
  });

  it('finds the JSON inside a ```json fence', () => {
    const parsed = parseReply(`\`\`\`json\n${doc(openLong, hold)}\n\`\`\``, SYMBOLS);
    expect(parsed.decisions.map((d) => d.holdReason)).toEqual([null, null]);
  });

  it('finds the JSON in a chatty reply with braces in the prose around it', () => {
    const reply = `Let me look at {the data} first. Here's my answer:\n${doc(openLong, hold)}\nThat's all {really}.`;
    const parsed = parseReply(reply, SYMBOLS);
    expect(parsed.decisions[0]!.proposal.action).toBe('OPEN_LONG');
    expect(parsed.decisions[1]!.proposal.action).toBe('HOLD');
  });

  it('is not fooled by braces and quotes inside string values', () => {
    const tricky = { ...openLong, rationale: 'range {low} to "high" } still fine' };
    expect(parseReply(doc(tricky, hold), SYMBOLS).decisions[0]!.proposal.rationale).toBe(tricky.rationale);
  });

  it('accepts the same document repeated, refuses two different ones for every symbol', () => {
    expect(parseReply(`${doc(openLong, hold)} again: ${doc(openLong, hold)}`, SYMBOLS).error).toBeNull();
    const twoAnswers = parseReply(`${doc(openLong, hold)} or maybe ${doc(hold)}`, SYMBOLS);
    expect(twoAnswers.error).toMatch(/2 different/);
    expect(twoAnswers.decisions.every((d) => d.holdReason === 'AI_INVALID_OUTPUT')).toBe(true);
  });

  it('finds the document when the model wrapped it in another object', () => {
    const parsed = parseReply(JSON.stringify({ result: { decisions: [openLong, hold] } }), SYMBOLS);
    expect(parsed.decisions.map((d) => d.holdReason)).toEqual([null, null]);
  });

  it('turns a reply with no decisions document into AI_INVALID_OUTPUT for every symbol', () => {
    for (const reply of [
      '',
      'I think BTC looks good.',
      '{"decision": []}',
      '[{"symbol":"BTCUSDT"}]',
      '{"decisions": ',
    ]) {
      const parsed = parseReply(reply, SYMBOLS);
      expect(parsed.decisions.map((d) => [d.symbol, d.proposal.action, d.holdReason])).toEqual([
        ['BTCUSDT', 'HOLD', 'AI_INVALID_OUTPUT'],
        ['ETHUSDT', 'HOLD', 'AI_INVALID_OUTPUT'],
      ]);
      expect(parsed.error).toMatch(/no JSON object/);
    }
  });

  it('holds only the symbol whose entry does not validate; the others still pass', () => {
    const bad = { ...openLong, confidence: 150, leverage: '5x' };
    const parsed = parseReply(doc(bad, hold), SYMBOLS);
    expect(parsed.decisions[0]).toMatchObject({
      holdReason: 'AI_INVALID_OUTPUT',
      proposal: { action: 'HOLD' },
      received: bad,
    });
    expect(parsed.decisions[0]!.detail).toMatch(/confidence/);
    expect(parsed.decisions[0]!.detail).toMatch(/leverage/);
    expect(parsed.decisions[1]).toMatchObject({
      holdReason: null,
      proposal: { action: 'HOLD', confidence: 30 },
    });
  });

  it('refuses numbers written as strings, unknown actions and unknown entry types', () => {
    for (const bad of [
      { ...openLong, entry_price: '97050' },
      { ...openLong, action: 'BUY' },
      { ...openLong, entry_type: 'STOP' },
      { ...openLong, size_pct: 25 },
      { ...openLong, leverage: 0 },
      { ...openLong, rationale: 'x'.repeat(2001) },
    ]) {
      expect(parseReply(doc(bad, hold), SYMBOLS).decisions[0]!.holdReason).toBe('AI_INVALID_OUTPUT');
    }
  });

  it('leaves stop and entry semantics to the gate so it can name the exact problem', () => {
    const wrongSide = { ...openLong, sl_pct: -0.01, entry_price: -1 };
    expect(parseReply(doc(wrongSide, hold), SYMBOLS).decisions[0]).toMatchObject({
      holdReason: null,
      proposal: { slPct: -0.01, entryPrice: -1 },
    });
  });

  it('reads a symbol the reply does not list as a plain HOLD, and lists it as missing', () => {
    const parsed = parseReply(doc(openLong), SYMBOLS);
    expect(parsed.missingSymbols).toEqual(['ETHUSDT']);
    expect(parsed.decisions[1]).toMatchObject({
      holdReason: null,
      proposal: { action: 'HOLD' },
      received: null,
    });
    expect(parsed.decisions[1]!.detail).toBe(NOT_LISTED);
    expect(parsed.decisions[0]!.holdReason).toBeNull();
    expect(parseReply('{"decisions":[]}', SYMBOLS).decisions.map((d) => d.holdReason)).toEqual([null, null]);
  });

  it('holds a left-out symbol with AI_INVALID_OUTPUT when an entry has no readable symbol', () => {
    const parsed = parseReply(doc(openLong, { action: 'OPEN_LONG' }), SYMBOLS);
    expect(parsed.decisions[1]).toMatchObject({
      holdReason: 'AI_INVALID_OUTPUT',
      proposal: { action: 'HOLD' },
    });
    expect(parsed.decisions[1]!.detail).toMatch(/no entry for ETHUSDT and 1 entries with no readable symbol/);
  });

  it('ignores and reports symbols nobody asked about', () => {
    const parsed = parseReply(doc(openLong, hold, { ...hold, symbol: 'PEPEUSDT' }), SYMBOLS);
    expect(parsed.ignoredSymbols).toEqual(['PEPEUSDT']);
    expect(parsed.decisions.map((d) => d.symbol)).toEqual(SYMBOLS);
    expect(parsed.decisions.every((d) => d.holdReason === null)).toBe(true);
  });

  it('refuses to pick between two entries for the same symbol', () => {
    const parsed = parseReply(doc(openLong, { ...openLong, action: 'OPEN_SHORT' }, hold), SYMBOLS);
    expect(parsed.decisions[0]).toMatchObject({ holdReason: 'AI_INVALID_OUTPUT', received: null });
    expect(parsed.decisions[0]!.detail).toMatch(/2 entries/);
  });

  it('matches symbols regardless of case and surrounding spaces', () => {
    const parsed = parseReply(doc({ ...openLong, symbol: ' btcusdt ' }, hold), SYMBOLS);
    expect(parsed.decisions[0]).toMatchObject({
      holdReason: null,
      symbol: 'BTCUSDT',
      proposal: { symbol: 'BTCUSDT' },
    });
  });

  it('gives up on replies full of unbalanced braces instead of scanning them quadratically', () => {
    const braces = `${'{"a":'.repeat(20_000)} ${doc(openLong, hold)}`;
    const parsed = parseReply(braces, SYMBOLS);
    expect(parsed.decisions.map((d) => d.holdReason)).toEqual(['AI_INVALID_OUTPUT', 'AI_INVALID_OUTPUT']);
    const giant = parseReply(`${' '.repeat(200_001)}${doc(openLong, hold)}`, SYMBOLS);
    expect(giant.error).toMatch(/over the 200000 searched/);
    expect(giant.decisions.every((d) => d.holdReason === 'AI_INVALID_OUTPUT')).toBe(true);
  });

  it('keeps the list of ignored symbols short and readable', () => {
    const junk = Array.from({ length: 50 }, (_, i) => ({ ...hold, symbol: `S${i}${'X'.repeat(40)}` }));
    const parsed = parseReply(doc(openLong, hold, ...junk), SYMBOLS);
    expect(parsed.ignoredSymbols).toHaveLength(20);
    expect(parsed.ignoredSymbols.every((s) => s.length <= 31)).toBe(true);
  });

  it('returns exactly one decision per symbol and never throws, whatever the reply (property)', () => {
    const entry = fc.record(
      {
        symbol: fc.constantFrom('BTCUSDT', 'ETHUSDT', 'XRPUSDT', 7, null),
        action: fc.constantFrom('OPEN_LONG', 'OPEN_SHORT', 'CLOSE', 'HOLD', 'YOLO'),
        confidence: fc.oneof(fc.double(), fc.string()),
        sl_pct: fc.oneof(fc.double(), fc.constant(null)),
      },
      { requiredKeys: [] },
    );
    const reply = fc.oneof(
      fc.string(),
      fc.array(entry).map((e) => `prose ${JSON.stringify({ decisions: e })} more`),
      fc.json(),
    );
    fc.assert(
      fc.property(reply, (text) => {
        const parsed = parseReply(text, SYMBOLS);
        expect(parsed.decisions.map((d) => d.symbol)).toEqual(SYMBOLS);
        for (const d of parsed.decisions) {
          if (d.holdReason !== null) expect(d.proposal.action).toBe('HOLD');
        }
      }),
      { numRuns: 300 },
    );
  });
});
