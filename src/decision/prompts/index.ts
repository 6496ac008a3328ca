import { v3Neutral } from './v3-neutral.ts';
import { v4Terse } from './v4-terse.ts';

/**
 * Every system prompt ever shipped, by version. Versions are added, not edited; the one exception
 * so far is issue 20, which changed the output format of both (list only the symbols acted on).
 * The exact text every call used is in the journal's prompt blob.
 */
export const SYSTEM_PROMPTS: Readonly<Record<string, string>> = Object.freeze({
  v3_neutral: v3Neutral,
  v4_terse: v4Terse,
});

export const PROMPT_VERSIONS = Object.keys(SYSTEM_PROMPTS);

export class UnknownPromptVersionError extends Error {
  override readonly name = 'UnknownPromptVersionError';
  constructor(readonly version: string) {
    super(`unknown prompt version "${version}"; choose one of: ${PROMPT_VERSIONS.join(', ')}`);
  }
}

export function systemPromptFor(version: string): string {
  const prompt = SYSTEM_PROMPTS[version];
  if (prompt === undefined) throw new UnknownPromptVersionError(version);
  return prompt;
}
