/**
 * Who decides, written as one entry of `--deciders` or `AI_SHADOW_DECIDERS` (docs/arena.md
 * "Decider ids"): `baseline`, `chaos`, `replay`, `openai:MODEL[@PROMPT]`, `anthropic:MODEL[@PROMPT]`.
 */
export const DECIDER_PROVIDERS = ['baseline', 'chaos', 'replay', 'openai', 'anthropic'] as const;
export type DeciderProvider = (typeof DECIDER_PROVIDERS)[number];

export interface DeciderSpec {
  provider: DeciderProvider;
  /** The model name for openai and anthropic; null for the built-in deciders. */
  model: string | null;
  /** The prompt version after `@`; null: the run's PROMPT_VERSION. */
  promptVersion: string | null;
}

export class DeciderSpecError extends Error {
  override readonly name = 'DeciderSpecError';
}

const PROMPT = /^[a-z0-9_]+$/;
const MODEL = /^[A-Za-z0-9][A-Za-z0-9:._/+-]*$/;
const EXAMPLE = 'e.g. baseline, chaos, openai:gpt-4o-mini or anthropic:claude-3-5-haiku-latest@v4_terse';

export function parseDeciderSpec(entry: string): DeciderSpec {
  const text = entry.trim();
  const colon = text.indexOf(':');
  const head = colon < 0 ? text : text.slice(0, colon);
  if (!(DECIDER_PROVIDERS as readonly string[]).includes(head)) {
    throw new DeciderSpecError(
      `"${text}" names no decider: start with ${DECIDER_PROVIDERS.join(', ')} (${EXAMPLE})`,
    );
  }
  const provider = head as DeciderProvider;
  if (provider !== 'openai' && provider !== 'anthropic') {
    if (colon >= 0 || text.includes('@'))
      throw new DeciderSpecError(
        `"${text}": ${provider} takes no model or prompt version; write just ${provider}`,
      );
    return { provider, model: null, promptVersion: null };
  }
  const rest = colon < 0 ? '' : text.slice(colon + 1);
  const at = rest.lastIndexOf('@');
  const model = at < 0 ? rest : rest.slice(0, at);
  const promptVersion = at < 0 ? null : rest.slice(at + 1);
  if (!MODEL.test(model))
    throw new DeciderSpecError(`"${text}": ${provider} needs a model name, ${provider}:MODEL (${EXAMPLE})`);
  if (promptVersion !== null && !PROMPT.test(promptVersion))
    throw new DeciderSpecError(
      `"${text}": the prompt version after @ must be lower-case letters, digits and _, e.g. @v5_neutral`,
    );
  return { provider, model, promptVersion };
}

/** A comma-separated list; an empty list is none. Errors name the entry's position. */
export function parseDeciderList(list: string): DeciderSpec[] {
  const entries = list
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  return entries.map((entry, i) => {
    try {
      return parseDeciderSpec(entry);
    } catch (error) {
      if (error instanceof DeciderSpecError)
        throw new DeciderSpecError(`entry ${i + 1} of ${entries.length}: ${error.message}`);
      throw error;
    }
  });
}

/**
 * The decider's journal id: the provider for the built-in deciders; `provider:MODEL@PROMPT` for a
 * model, with the prompt always written out (`prompt` is the version it is asked with, or
 * `PRIMARY/SPLIT:UNIT` for a lead with an A/B split).
 */
export function deciderIdOf(spec: DeciderSpec, prompt: string): string {
  if (spec.model === null) return spec.provider;
  return `${spec.provider}:${spec.model}@${spec.promptVersion ?? prompt}`;
}
