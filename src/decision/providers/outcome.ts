import { performance } from 'node:perf_hooks';
import type { DecisionOutcome } from '../../domain/index.ts';
import { errorMessage } from '../../domain/index.ts';
import { parseReply, unavailableForAll } from '../output.ts';
import { userMessageOf } from '../prompt-data.ts';
import { costUsd, estimatedUsage, type ModelPrices } from '../usage.ts';
import { ProviderCallError } from './http.ts';
import { redact } from './redact.ts';
import type { DecisionRequest, ModelReply } from './types.ts';

export interface CallContext {
  provider: string;
  model: string;
  prices: ModelPrices;
  secrets?: readonly (string | undefined)[];
  /** false for local deciders: no tokens were spent, none are counted. */
  countsTokens?: boolean;
}

/** The context of a decider that runs on this machine: nothing is priced, no tokens are counted. */
export function localCallContext(decider: { provider: string; model: string }): CallContext {
  return {
    provider: decider.provider,
    model: decider.model,
    prices: { inputPerMTok: 0, outputPerMTok: 0 },
    countsTokens: false,
  };
}

/**
 * Runs one transport call and turns whatever happens into a complete outcome: a reply is parsed
 * per symbol, any failure is AI_UNAVAILABLE for every symbol. Never throws.
 */
export async function runDecision(
  request: DecisionRequest,
  context: CallContext,
  call: (userMessage: string) => Promise<ModelReply>,
): Promise<DecisionOutcome> {
  const secrets = context.secrets ?? [];
  const userMessage = userMessageOf(request);
  const started = performance.now();
  const base = {
    cycleId: request.cycleId,
    promptVersion: request.promptVersion,
    provider: context.provider,
    model: context.model,
  };
  let reply: ModelReply;
  try {
    reply = await call(userMessage);
  } catch (error) {
    const message = redact(errorMessage(error), secrets);
    const detail = `${context.provider} call failed: ${message}`;
    return {
      ...base,
      decisions: unavailableForAll(request.symbols, detail),
      rawResponse: null,
      latencyMs: performance.now() - started,
      usage: { inputTokens: 0, outputTokens: 0, estimated: true },
      costUsd: 0,
      attempts: error instanceof ProviderCallError ? error.attempts : 1,
      ignoredSymbols: [],
      missingSymbols: [],
      error: detail,
    };
  }
  const latencyMs = performance.now() - started;
  const text = redact(reply.text, secrets);
  const parsed = parseReply(text, request.symbols);
  const usage =
    context.countsTokens === false
      ? { inputTokens: 0, outputTokens: 0, estimated: false }
      : (reply.usage ?? estimatedUsage([request.systemPrompt, userMessage], text));
  return {
    ...base,
    decisions: parsed.decisions,
    rawResponse: text,
    latencyMs,
    usage,
    costUsd: costUsd(usage, context.prices),
    attempts: reply.attempts,
    ignoredSymbols: parsed.ignoredSymbols,
    missingSymbols: parsed.missingSymbols,
    error: parsed.error,
  };
}
