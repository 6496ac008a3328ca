import { v3Neutral } from './v3-neutral.ts';
import { v4Terse } from './v4-terse.ts';
import { v5Neutral } from './v5-neutral.ts';
import { v6Terse } from './v6-terse.ts';

/**
 * Every system prompt ever shipped, by version. Versions are added, never edited, so a report's
 * column for a version always means one text (the exact text of every call is also in the
 * journal's prompt blob). v3/v4 ask for an entry per symbol; v5/v6 only for the symbols acted on.
 */
export const SYSTEM_PROMPTS: Readonly<Record<string, string>> = Object.freeze({
  v3_neutral: v3Neutral,
  v4_terse: v4Terse,
  v5_neutral: v5Neutral,
  v6_terse: v6Terse,
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
