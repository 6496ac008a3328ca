import { readFileSync } from 'node:fs';
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

/**
 * Reads a .env file without touching process.env. A missing file is no file; a file that cannot
 * be read or has lines that are not `KEY=value` is an error naming the lines.
 */
export function readDotenvFile(path: string): Record<string, string> | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
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
  return parse(text);
}
