/** Replies longer than this are not searched: no legitimate answer comes close. */
export const MAX_REPLY_CHARS = 200_000;
/** Brace positions that may fail to start a JSON object before the scan gives up (keeps it linear). */
const MAX_FAILED_STARTS = 64;

/**
 * Finds the JSON objects in a model reply, whatever surrounds them: code fences, prose before
 * and after, several objects. Scans for balanced braces outside string literals and keeps the
 * outermost spans that parse.
 */
export function extractJsonObjects(text: string): unknown[] {
  if (text.length > MAX_REPLY_CHARS) return [];
  const found: unknown[] = [];
  let failures = 0;
  let start = text.indexOf('{');
  while (start !== -1 && failures < MAX_FAILED_STARTS) {
    const end = matchingBrace(text, start);
    if (end !== -1) {
      try {
        found.push(JSON.parse(text.slice(start, end + 1)));
        start = text.indexOf('{', end + 1);
        continue;
      } catch {
        // Not JSON after all (prose with braces): look for an object starting further in.
      }
    }
    failures++;
    start = text.indexOf('{', start + 1);
  }
  return found;
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
