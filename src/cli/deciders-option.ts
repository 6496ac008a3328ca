import { DeciderSpecError, parseDeciderList } from '../domain/index.ts';
import { UsageError } from './errors.ts';

/**
 * `--deciders LIST` as configuration overrides: the first entry leads (AI_PROVIDER, AI_MODEL and,
 * with `@PROMPT`, PROMPT_VERSION); the others shadow it (AI_SHADOW_DECIDERS, replacing the
 * configured list).
 */
export function decidersOverrides(list: string): Record<string, string> {
  let specs: ReturnType<typeof parseDeciderList>;
  try {
    specs = parseDeciderList(list);
  } catch (error) {
    if (error instanceof DeciderSpecError) throw new UsageError(`--deciders: ${error.message}`);
    throw error;
  }
  const [lead] = specs;
  if (!lead) throw new UsageError('--deciders needs at least one decider, e.g. --deciders baseline,chaos');
  const entries = list
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  return {
    AI_PROVIDER: lead.provider,
    ...(lead.model !== null ? { AI_MODEL: lead.model } : {}),
    ...(lead.promptVersion !== null ? { PROMPT_VERSION: lead.promptVersion } : {}),
    AI_SHADOW_DECIDERS: entries.slice(1).join(','),
  };
}
