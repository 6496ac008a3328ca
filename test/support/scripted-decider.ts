import type { Decider, DecisionRequest } from '../../src/decision/index.ts';
import { runDecision } from '../../src/decision/providers/outcome.ts';
import type { DecisionOutcome } from '../../src/domain/index.ts';

export interface ScriptContext {
  /** 0 for the first call this decider answers. */
  call: number;
  symbol: string;
  /** The mark price the prompt data showed for the symbol. */
  mark: number;
}

/** One wire-format entry (snake_case, as a model writes it) without its symbol; null means HOLD. */
export type Script = (context: ScriptContext) => Record<string, unknown> | null;

/**
 * A decider whose replies a test writes per call and symbol. The reply goes through the real
 * parser as text, so the engine sees exactly what it would see from a model.
 */
export class ScriptedDecider implements Decider {
  readonly provider = 'scripted';
  readonly model = 'script-1';
  calls = 0;

  constructor(private readonly script: Script) {}

  decide(request: DecisionRequest): Promise<DecisionOutcome> {
    const call = this.calls++;
    const decisions = request.symbols.map((symbol) => {
      const mark = request.promptData.symbols[symbol]?.mark ?? Number.NaN;
      return { symbol, ...(this.script({ call, symbol, mark }) ?? { action: 'HOLD', confidence: 40 }) };
    });
    return runDecision(
      request,
      {
        provider: this.provider,
        model: this.model,
        prices: { inputPerMTok: 0, outputPerMTok: 0 },
        countsTokens: false,
      },
      async () => ({ text: JSON.stringify({ decisions }), usage: null, attempts: 0 }),
    );
  }
}
