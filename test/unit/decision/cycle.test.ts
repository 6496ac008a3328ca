import { describe, expect, it } from 'vitest';
import {
  BaselineDecider,
  type Decider,
  type DecisionRequest,
  decideCycle,
  parseAbSplit,
} from '../../../src/decision/index.ts';
import type { DecisionOutcome } from '../../../src/domain/index.ts';
import { promptInput } from './stubs.ts';

class RecordingDecider implements Decider {
  readonly provider = 'recording';
  readonly model = 'm';
  readonly requests: DecisionRequest[] = [];
  private readonly inner = new BaselineDecider();
  decide(request: DecisionRequest): Promise<DecisionOutcome> {
    this.requests.push(request);
    return this.inner.decide(request);
  }
}

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT', 'BNBUSDT'];

describe('decideCycle', () => {
  it('makes one call with every symbol when there is no split', async () => {
    const decider = new RecordingDecider();
    const calls = await decideCycle(decider, {
      cycleId: 'c1',
      prompt: promptInput(SYMBOLS),
      promptVersion: 'v3_neutral',
      abSplit: null,
    });
    expect(calls).toHaveLength(1);
    expect(decider.requests[0]!.symbols).toEqual(SYMBOLS);
    expect(Object.keys(decider.requests[0]!.promptData.symbols)).toEqual(SYMBOLS);
    expect(calls[0]!.userMessage).toBe(JSON.stringify(decider.requests[0]!.promptData));
  });

  it('makes no call at all when no symbol has market data', async () => {
    const decider = new RecordingDecider();
    const calls = await decideCycle(decider, {
      cycleId: 'c0',
      prompt: promptInput([]),
      promptVersion: 'v3_neutral',
      abSplit: null,
    });
    expect(calls).toEqual([]);
    expect(decider.requests).toEqual([]);
  });

  it('under a symbol split sends each version only its own symbols, with its own system prompt', async () => {
    const decider = new RecordingDecider();
    const calls = await decideCycle(decider, {
      cycleId: '2025-03-01T12:15Z',
      prompt: promptInput(SYMBOLS),
      promptVersion: 'v3_neutral',
      abSplit: parseAbSplit('v4_terse:symbol'),
    });
    expect(calls).toHaveLength(2);
    const [first, second] = decider.requests;
    expect(first!.promptVersion).toBe('v3_neutral');
    expect(second!.promptVersion).toBe('v4_terse');
    expect(second!.systemPrompt).not.toBe(first!.systemPrompt);
    expect([...first!.symbols, ...second!.symbols].sort()).toEqual([...SYMBOLS].sort());
    for (const r of decider.requests) expect(Object.keys(r.promptData.symbols)).toEqual(r.symbols);
    expect(calls.flatMap((c) => c.outcome.decisions.map((d) => d.symbol)).sort()).toEqual(
      [...SYMBOLS].sort(),
    );
  });
});
