import { countTokens } from 'gpt-tokenizer';
import {
  baselineEntry,
  buildPromptData,
  PROMPT_VERSIONS,
  renderPromptData,
  systemPromptFor,
} from '../src/decision/index.ts';
import { account, PRICES, promptInput } from '../test/unit/decision/stubs.ts';
import type { BenchFigure, BenchSuite } from './types.ts';

const SYMBOLS = Object.keys(PRICES);

function dataTokens(count: number): number {
  return countTokens(renderPromptData(buildPromptData(promptInput(SYMBOLS.slice(0, count)))));
}

/** A fresh account: no position, order, cooldown, history or learned parameter. */
function idleDataTokens(): number {
  const idle = promptInput([], {
    account: account({ positions: [], pendingEntries: [], recentCloses: [] }),
    cooldowns: [],
    performance: { trades: 0, wins: 0, losses: 0, netPnlUsdt: 0, consecutiveLosses: 0, bySymbol: {} },
    learned: {},
  });
  return countTokens(renderPromptData(buildPromptData(idle)));
}

/**
 * Prompt size in o200k tokens. Fixed = system prompt + the document without symbols, for an idle
 * account and for one with a position, an order, a cooldown, history and learned parameters;
 * per symbol = what each symbol adds (three timeframes, every feature filled: the worst case).
 */
export const promptSuite: BenchSuite = {
  name: 'prompt',
  async run(): Promise<BenchFigure[]> {
    const figures: BenchFigure[] = [];
    const busy = dataTokens(0);
    const idle = idleDataTokens();
    const systems = PROMPT_VERSIONS.map((version) => ({
      version,
      tokens: countTokens(systemPromptFor(version)),
    }));
    for (const { version, tokens } of systems) {
      figures.push({ name: `${version}: system prompt`, value: tokens, unit: 'tokens' });
      figures.push({
        name: `${version}: fixed part, idle account`,
        value: tokens + idle,
        unit: 'tokens',
        note: `data ${idle}`,
      });
      figures.push({
        name: `${version}: fixed part, position + order + history`,
        value: tokens + busy,
        unit: 'tokens',
        note: `data ${busy}`,
      });
    }
    for (const n of [1, 5, 10]) {
      const total = dataTokens(n);
      const label = `${n} symbol${n > 1 ? 's' : ''}`;
      figures.push({ name: `${label}: per-symbol part`, value: (total - busy) / n, unit: 'tokens/symbol' });
      for (const { version, tokens } of systems) {
        figures.push({
          name: `${label}: whole prompt with ${version}`,
          value: tokens + total,
          unit: 'tokens',
        });
      }
    }
    const data = buildPromptData(promptInput(SYMBOLS));
    const reply = JSON.stringify({ decisions: SYMBOLS.map((s) => baselineEntry(data, s)) });
    figures.push({
      name: 'reply in the wire format, per symbol',
      value: countTokens(reply) / SYMBOLS.length,
      unit: 'tokens/symbol',
      note: 'baseline reply for 10 symbols, mixed OPEN/HOLD',
    });
    return figures;
  },
};
