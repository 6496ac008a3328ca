import type { Command } from 'commander';
import { exportDecisions, JournalError, writeDecisionsJson } from '../../journal/index.ts';
import { UsageError } from '../errors.ts';
import {
  type JournalCommandOptions,
  openJournalForReading,
  parseRange,
  resolveJournalPath,
} from './report.ts';

export function registerDecisionsCommand(program: Command): void {
  const decisions = program
    .command('decisions')
    .description('The audit trail of every decision (SPEC section 7)');
  decisions
    .command('export')
    .description(
      'Write ai_decisions.json: every decision in the shape of SPEC section 3 plus its audit fields',
    )
    .option('--journal <path>', 'journal file (default: JOURNAL_PATH, else ./warden.db)')
    .option('--out <path>', 'output file, or - for stdout', 'ai_decisions.json')
    .option('--from <iso>', 'start of the range, inclusive (UTC), e.g. 2025-01-01')
    .option('--to <iso>', 'end of the range, exclusive (UTC)')
    .option('--include-prompts', 'also write the exact prompt and raw response of every decision')
    .action((options: JournalCommandOptions & { out: string; includePrompts?: boolean }) => {
      const range = parseRange(options);
      if (options.out.trim() === '') throw new UsageError('--out needs a path');
      const file = resolveJournalPath(options.journal);
      const journal = openJournalForReading(file);
      try {
        const exportOptions = { ...range, includeTexts: options.includePrompts };
        if (options.out === '-') {
          writeDecisionsJson(journal, (chunk) => process.stdout.write(chunk), exportOptions);
          return;
        }
        const { count } = exportDecisions(journal, options.out, exportOptions);
        process.stdout.write(
          `wrote ${count} decision${count === 1 ? '' : 's'} from ${file} to ${options.out}\n`,
        );
      } catch (error) {
        if (error instanceof JournalError) throw new UsageError(error.message);
        throw error;
      } finally {
        journal.close();
      }
    });
}
