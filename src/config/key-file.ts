import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'dotenv';
import type { ConfigProblem } from './errors.ts';

const VAR = 'BYBIT_API_KEY_FILE';
const KEY_LINES = ['BYBIT_API_KEY', 'BYBIT_API_SECRET'] as const;

export type KeyFileResult =
  | { ok: true; apiKey: string; apiSecret: string }
  | { ok: false; problems: ConfigProblem[] };

/**
 * Reads Bybit credentials from a file readable only by its owner (SPEC section 10), with
 * `BYBIT_API_KEY=...` and `BYBIT_API_SECRET=...` lines. Never echoes the file's content.
 */
export function readKeyFile(path: string, cwd: string): KeyFileResult {
  const full = resolve(cwd, path);
  const fail = (message: string): KeyFileResult => ({
    ok: false,
    problems: [{ variable: VAR, message: `${VAR} (${JSON.stringify(path)}) ${message}` }],
  });
  let text: string;
  try {
    const stat = statSync(full);
    if (!stat.isFile()) return fail('is not a file: point it at the file holding the key and secret');
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
      return fail(`is readable by others (mode ${mode}): run chmod 600 on it`);
    }
    text = readFileSync(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    return fail(`cannot be read (${code}): check the path and that Warden's user owns it`);
  }
  const parsed = parse(text);
  const unknown = Object.keys(parsed).filter((k) => !(KEY_LINES as readonly string[]).includes(k));
  const problems: ConfigProblem[] = [];
  if (unknown.length > 0) {
    problems.push({
      variable: VAR,
      message: `${VAR} (${JSON.stringify(path)}) has unknown entries ${unknown.join(', ')}: it may hold only BYBIT_API_KEY=... and BYBIT_API_SECRET=... lines`,
    });
  }
  for (const line of KEY_LINES) {
    if (!parsed[line]?.trim()) {
      problems.push({
        variable: VAR,
        message: `${VAR} (${JSON.stringify(path)}) has no ${line}=... line: add it`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, apiKey: parsed.BYBIT_API_KEY!.trim(), apiSecret: parsed.BYBIT_API_SECRET!.trim() };
}
