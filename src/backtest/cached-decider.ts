import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type Decider, type DecisionRequest, userMessageOf } from '../decision/index.ts';
import type { DecisionOutcome } from '../domain/index.ts';

export class DecisionCacheError extends Error {
  override readonly name = 'DecisionCacheError';
}

interface CacheLine {
  key: string;
  outcome: Omit<DecisionOutcome, 'cycleId'>;
}

/** The exact text a model receives for a request (system prompt, blank line, prompt data). */
export function promptTextOf(request: DecisionRequest): string {
  return `${request.systemPrompt}\n\n${userMessageOf(request)}`;
}

/** Provider, model, prompt version and a SHA-256 of the exact prompt: the same question, the same key. */
export function cacheKeyOf(provider: string, model: string, request: DecisionRequest): string {
  const promptHash = createHash('sha256').update(promptTextOf(request), 'utf8').digest('hex');
  return createHash('sha256')
    .update(JSON.stringify([provider, model, request.promptVersion, promptHash]), 'utf8')
    .digest('hex');
}

/**
 * Wraps a live-LLM decider for backtests: every successful answer is appended to a JSON-lines
 * cache file at once (a crash loses nothing already paid for), and the same prompt asked again
 * — the second run of a backtest — is answered from the file without a call. Failed calls
 * (AI_UNAVAILABLE) are not cached, so a rerun tries them again.
 */
export class CachingDecider implements Decider {
  readonly provider: string;
  readonly model: string;
  hits = 0;
  misses = 0;
  private readonly entries = new Map<string, CacheLine['outcome']>();

  constructor(
    private readonly inner: Decider,
    private readonly file: string,
  ) {
    this.provider = inner.provider;
    this.model = inner.model;
    if (existsSync(file)) this.load();
    else mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }

  get size(): number {
    return this.entries.size;
  }

  async decide(request: DecisionRequest): Promise<DecisionOutcome> {
    const key = cacheKeyOf(this.provider, this.model, request);
    const cached = this.entries.get(key);
    if (cached) {
      this.hits += 1;
      return { ...structuredClone(cached), cycleId: request.cycleId };
    }
    this.misses += 1;
    const outcome = await this.inner.decide(request);
    if (outcome.error === null) {
      const { cycleId: _cycleId, ...stored } = outcome;
      const line: CacheLine = { key, outcome: stored };
      appendFileSync(this.file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
      this.entries.set(key, structuredClone(stored));
    }
    return outcome;
  }

  private load(): void {
    const lines = readFileSync(this.file, 'utf8').split('\n');
    lines.forEach((text, index) => {
      if (text.trim() === '') return;
      let line: CacheLine;
      try {
        line = JSON.parse(text) as CacheLine;
      } catch {
        // A crash can cut the last line short: that answer is asked again; anything else is damage.
        if (index >= lines.length - 2) return;
        throw new DecisionCacheError(
          `${this.file} line ${index + 1} is not JSON: delete the file to start the cache afresh`,
        );
      }
      if (typeof line?.key !== 'string' || typeof line.outcome !== 'object' || line.outcome === null) {
        throw new DecisionCacheError(
          `${this.file} line ${index + 1} is not a cache entry (key, outcome): delete the file to start afresh`,
        );
      }
      this.entries.set(line.key, line.outcome);
    });
  }
}
