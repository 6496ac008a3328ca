import { resolve } from 'node:path';
import type { Command } from 'commander';
import { readDotenvFile } from '../../config/dotenv-file.ts';
import { ConfigError, configShape } from '../../config/index.ts';
import {
  type Journal,
  JournalError,
  openJournal,
  QueryService,
  renderReportTable,
} from '../../journal/index.ts';
import { UsageError } from '../errors.ts';

export interface JournalCommandOptions {
  journal?: string;
  from?: string;
  to?: string;
}

/** --journal, else JOURNAL_PATH from the environment, else from ./.env, else the default. */
export function resolveJournalPath(flag: string | undefined): string {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new UsageError('--journal needs a path');
    return flag;
  }
  let fromDotenv: string | undefined;
  try {
    fromDotenv = readDotenvFile(resolve(process.cwd(), '.env'))?.JOURNAL_PATH;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const raw = process.env.JOURNAL_PATH?.trim() ? process.env.JOURNAL_PATH : fromDotenv;
  const parsed = configShape.JOURNAL_PATH.safeParse(raw?.trim() ? raw : undefined);
  if (!parsed.success) throw new UsageError('JOURNAL_PATH must be a non-empty path');
  return parsed.data;
}

/** A date (UTC midnight) or a date-time; a date-time without a zone is read as UTC. */
export function parseTimeFlag(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  const withZone = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text}Z` : text;
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(withZone) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new UsageError(
      `${flag} "${value}" is not an ISO date or date-time, e.g. 2025-01-31 or 2025-01-31T12:00:00Z`,
    );
  }
  return ms;
}

export function parseRange(options: JournalCommandOptions): { fromMs: number | null; toMs: number | null } {
  const fromMs = parseTimeFlag(options.from, '--from');
  const toMs = parseTimeFlag(options.to, '--to');
  if (fromMs !== null && toMs !== null && fromMs >= toMs) {
    throw new UsageError(`--from (${options.from}) must be before --to (${options.to})`);
  }
  return { fromMs, toMs };
}

/** Opens the journal read-only: these commands never write to it. */
export function openJournalForReading(file: string): Journal {
  try {
    return openJournal(file, { readOnly: true });
  } catch (error) {
    if (error instanceof JournalError) throw new UsageError(error.message);
    throw error;
  }
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('The SPEC section 8 figures from the journal, overall and per prompt version (read-only)')
    .option('--journal <path>', 'journal file (default: JOURNAL_PATH, else ./warden.db)')
    .option('--from <iso>', 'start of the range, inclusive (UTC), e.g. 2025-01-01')
    .option('--to <iso>', 'end of the range, exclusive (UTC)')
    .option('--json', 'print JSON instead of a table')
    .action((options: JournalCommandOptions & { json?: boolean }) => {
      const range = parseRange(options);
      const file = resolveJournalPath(options.journal);
      const journal = openJournalForReading(file);
      try {
        const report = new QueryService(journal).report(range);
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ journal: file, ...isoRange(range), ...report }, null, 2)}\n`
            : renderReportTable(report, file),
        );
      } finally {
        journal.close();
      }
    });
}

function isoRange(range: { fromMs: number | null; toMs: number | null }): {
  from: string | null;
  to: string | null;
} {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return { from: iso(range.fromMs), to: iso(range.toMs) };
}
