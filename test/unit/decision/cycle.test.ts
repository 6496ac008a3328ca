import { describe, expect, it } from 'vitest';
import {
  askFor,
  assignPromptVersions,
  NOT_ASKED,
  parseAbSplit,
  renderPromptData,
  systemPromptFor,
  whyNotAsked,
} from '../../../src/decision/index.ts';
import { stubs } from '../../support/stubs.ts';
import { promptInput } from './stubs.ts';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT', 'BNBUSDT'];

describe('askFor', () => {
  it('asks about exactly the symbols given, in order, and the prompt text is what is sent', () => {
    const ask = askFor('c1', 'v3_neutral', promptInput(SYMBOLS));
    expect(ask.request.symbols).toEqual(SYMBOLS);
    expect(Object.keys(ask.request.promptData.symbols)).toEqual(SYMBOLS);
    expect(ask.request.systemPrompt).toBe(systemPromptFor('v3_neutral'));
    expect(ask.promptText).toBe(`${ask.request.systemPrompt}\n\n${renderPromptData(ask.request.promptData)}`);
  });

  it('under a symbol split each version is asked only about its own symbols, with its own system prompt', () => {
    const plan = assignPromptVersions(
      '2025-03-01T12:15Z',
      SYMBOLS,
      'v3_neutral',
      parseAbSplit('v4_terse:symbol'),
    );
    expect(plan).toHaveLength(2);
    const asks = plan.map(({ promptVersion, symbols }) =>
      askFor('2025-03-01T12:15Z', promptVersion, promptInput(symbols)),
    );
    expect(asks.map((a) => a.request.promptVersion)).toEqual(['v3_neutral', 'v4_terse']);
    expect(asks[1]!.request.systemPrompt).not.toBe(asks[0]!.request.systemPrompt);
    expect(asks.flatMap((a) => a.request.symbols).sort()).toEqual([...SYMBOLS].sort());
    for (const a of asks) expect(Object.keys(a.request.promptData.symbols)).toEqual(a.request.symbols);
  });
});

describe('whyNotAsked', () => {
  const question = {
    symbol: 'BTCUSDT',
    account: stubs.account(),
    aiBudgetSpent: false,
    skipFutile: true,
    reasonsNoOpenCanPass: () => [],
  };

  it('asks when an open could pass', () => {
    expect(whyNotAsked(question)).toBeNull();
  });

  it('asks nobody while the AI budget is spent, naming the trading state', () => {
    const reducing = whyNotAsked({
      ...question,
      aiBudgetSpent: true,
      account: stubs.account({ tradingState: 'REDUCING' }),
    });
    expect(reducing?.codes).toEqual(['TRADING_REDUCING']);
    expect(reducing?.detail.startsWith(`${NOT_ASKED}: the daily AI budget is spent`)).toBe(true);
    const halted = whyNotAsked({
      ...question,
      aiBudgetSpent: true,
      account: stubs.account({ tradingState: 'HALTED' }),
    });
    expect(halted?.codes).toEqual(['TRADING_HALTED']);
  });

  it('leaves out a flat symbol no open can pass, and only with AI_SKIP_FUTILE on', () => {
    const futile = { ...question, reasonsNoOpenCanPass: () => ['MAX_POSITIONS_REACHED' as const] };
    expect(whyNotAsked(futile)).toEqual({
      codes: ['MAX_POSITIONS_REACHED'],
      detail: `${NOT_ASKED}: no answer could open BTCUSDT now (MAX_POSITIONS_REACHED)`,
    });
    expect(whyNotAsked({ ...futile, skipFutile: false })).toBeNull();
  });

  it('always asks about a symbol with a position or a pending entry (the model may close it)', () => {
    const futile = { ...question, reasonsNoOpenCanPass: () => ['MAX_POSITIONS_REACHED' as const] };
    const withPosition = stubs.account({ positions: [stubs.position({ symbol: 'BTCUSDT' })] });
    expect(whyNotAsked({ ...futile, account: withPosition })).toBeNull();
    const withEntry = stubs.account({ pendingEntries: [stubs.pendingEntry({ symbol: 'BTCUSDT' })] });
    expect(whyNotAsked({ ...futile, account: withEntry })).toBeNull();
  });
});
