import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { renderArenaHtmlPage, renderArenaJson, renderArenaText } from '../../arena/index.ts';
import { QueryService } from '../../journal/index.ts';
import { ArenaUnavailableError, journalArenaReport } from '../../web/index.ts';
import { UsageError } from '../errors.ts';
import {
  type JournalCommandOptions,
  openJournalForReading,
  parseRange,
  resolveJournalPath,
} from './report.ts';

interface ArenaOptions extends JournalCommandOptions {
  json?: boolean;
  html?: string;
}

export function registerArenaCommand(program: Command): void {
  program
    .command('arena')
    .description(
      'Every decider of the journal side by side with 95 % intervals, and which one beats which (read-only)',
    )
    .option('--journal <path>', 'journal file (default: JOURNAL_PATH, else ./warden.db)')
    .option('--from <iso>', 'start of the range, inclusive (UTC), e.g. 2025-01-01')
    .option('--to <iso>', 'end of the range, exclusive (UTC)')
    .option('--json', 'print JSON instead of a table')
    .option(
      '--html <file>',
      'also write the report with overlaid equity curves as a self-contained HTML file',
    )
    .action((options: ArenaOptions) => {
      if (options.html !== undefined && options.html.trim() === '')
        throw new UsageError('--html needs a file');
      const range = parseRange(options);
      const file = resolveJournalPath(options.journal);
      const journal = openJournalForReading(file);
      try {
        const report = (() => {
          try {
            return journalArenaReport(new QueryService(journal), range);
          } catch (error) {
            if (error instanceof ArenaUnavailableError)
              throw new UsageError(`warden arena: ${error.message}`, 1);
            throw error;
          }
        })();
        process.stdout.write(
          options.json ? renderArenaJson(report, { journal: file }) : renderArenaText(report, file),
        );
        if (options.html !== undefined) writeFileSync(options.html, renderArenaHtmlPage(report, file));
      } finally {
        journal.close();
      }
    });
}
