import { readFileSync, statSync } from 'node:fs';
import { parse } from 'dotenv';
import { ConfigError, type ConfigProblem } from './errors.ts';

const ASSIGNMENT = /^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=\s*(.*)$/;

/** Quote that opens a value and does not close on the same line (a multi-line value). */
function openQuote(value: string): string | null {
  const quote = value[0];
  if (quote !== '"' && quote !== "'" && quote !== '`') return null;
  return value.indexOf(quote, 1) === -1 ? quote : null;
}

/** Lines dotenv would silently skip: they are typos, not comments. */
function malformedLines(text: string): number[] {
  const bad: number[] = [];
  let inside: string | null = null;
  text.split(/\r?\n/).forEach((line, index) => {
    if (inside !== null) {
      if (line.includes(inside)) inside = null;
      return;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = ASSIGNMENT.exec(line);
    if (!match) {
      bad.push(index + 1);
      return;
    }
    inside = openQuote((match[2] ?? '').trim());
  });
  return bad;
}

export interface DotenvFile {
  path: string;
  values: Record<string, string>;
  /** Group or others may read it: no place for API keys (SPEC section 10). */
  readableByOthers: boolean;
}

/**
 * Reads a .env file without touching process.env. A missing file is no file; a file that cannot
 * be read or has lines that are not `KEY=value` is an error naming the lines.
 */
export function readDotenv(path: string): DotenvFile | null {
  let text: string;
  let readableByOthers: boolean;
  try {
    text = readFileSync(path, 'utf8');
    readableByOthers = process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new ConfigError([
      {
        variable: '.env',
        message: `.env file ${path} cannot be read (${code ?? 'unknown error'}): fix its permissions or pass another file`,
      },
    ]);
  }
  const bad = malformedLines(text);
  if (bad.length > 0) {
    const problems: ConfigProblem[] = bad.map((line) => ({
      variable: '.env',
      message: `.env file ${path} line ${line} is not KEY=value: fix or comment it out with #`,
    }));
    throw new ConfigError(problems);
  }
  return { path, values: parse(text), readableByOthers };
}

/** The values of a .env file, or null when there is none (see readDotenv). */
export function readDotenvFile(path: string): Record<string, string> | null {
  return readDotenv(path)?.values ?? null;
}
