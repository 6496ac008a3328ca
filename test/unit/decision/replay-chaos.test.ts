import { describe, expect, it } from 'vitest';
import {
  BaselineDecider,
  buildPromptData,
  ChaosDecider,
  type DecisionRequest,
  InMemoryRecordedResponses,
  ReplayDecider,
  systemPromptFor,
} from '../../../src/decision/index.ts';
import { promptInput } from './stubs.ts';

const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'XRPUSDT'];

function request(cycleId: string, promptVersion = 'v3_neutral'): DecisionRequest {
  return {
    cycleId,
    nowMs: 0,
    symbols: SYMBOLS,
    promptVersion,
    systemPrompt: systemPromptFor(promptVersion),
    promptData: buildPromptData(promptInput(SYMBOLS)),
  };
}

describe('replay decider', () => {
  it('reproduces a recorded cycle exactly, at no cost', async () => {
    const original = await new BaselineDecider().decide(request('c7'));
    const recorded = new InMemoryRecordedResponses();
    recorded.record('c7', 'v3_neutral', original.rawResponse!);
    const replayed = await new ReplayDecider(recorded).decide(request('c7'));
    expect(replayed.decisions).toEqual(original.decisions);
    expect(replayed.rawResponse).toBe(original.rawResponse);
    expect(replayed).toMatchObject({ provider: 'replay', costUsd: 0, error: null });
    expect(replayed.usage.estimated).toBe(true);
  });

  it('holds every symbol with AI_UNAVAILABLE when nothing was recorded for the cycle and version', async () => {
    const recorded = new InMemoryRecordedResponses();
    recorded.record('c7', 'v4_terse', '{"decisions":[]}');
    const outcome = await new ReplayDecider(recorded).decide(request('c7'));
    expect(outcome.decisions.map((d) => d.holdReason)).toEqual([
      'AI_UNAVAILABLE',
      'AI_UNAVAILABLE',
      'AI_UNAVAILABLE',
    ]);
    expect(outcome.error).toMatch(/no recorded response for cycle c7 under prompt v3_neutral/);
    expect(outcome.rawResponse).toBeNull();
  });

  it('replays a recorded invalid reply as the same AI_INVALID_OUTPUT', async () => {
    const recorded = new InMemoryRecordedResponses();
    recorded.record('c8', 'v3_neutral', 'sorry, no idea');
    const outcome = await new ReplayDecider(recorded).decide(request('c8'));
    expect(outcome.decisions.every((d) => d.holdReason === 'AI_INVALID_OUTPUT')).toBe(true);
  });
});

describe('chaos decider', () => {
  it('is reproducible from its seed and the cycle id', async () => {
    const a = await new ChaosDecider(7).decide(request('c1'));
    const b = await new ChaosDecider(7).decide(request('c1'));
    expect(a.rawResponse).toBe(b.rawResponse);
    expect(a.decisions).toEqual(b.decisions);
  });

  it('throws nothing and still yields one decision per symbol, across every kind of bad reply', async () => {
    const reasons = new Set<string | null>();
    const actions = new Set<string>();
    for (let i = 0; i < 120; i++) {
      const outcome = await new ChaosDecider(3).decide(request(`cycle-${i}`));
      expect(outcome.decisions.map((d) => d.symbol)).toEqual(SYMBOLS);
      for (const d of outcome.decisions) {
        reasons.add(d.holdReason);
        actions.add(d.proposal.action);
      }
    }
    expect(reasons).toEqual(new Set([null, 'AI_INVALID_OUTPUT', 'AI_UNAVAILABLE']));
    expect(actions).toContain('OPEN_LONG');
    expect(actions).toContain('CLOSE');
  });
});
