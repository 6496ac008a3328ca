import { Command, CommanderError } from 'commander';
import { errorMessage } from '../domain/index.ts';
import { commands } from './commands/index.ts';
import { UsageError } from './errors.ts';

export function buildProgram(): Command {
  const program = new Command('warden')
    .description(
      'Warden: an LLM proposes trades on Bybit USDT perpetuals; a deterministic risk gate decides what reaches the exchange.',
    )
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

/** Runs the CLI; every failure becomes a clear message and a non-zero exit code, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`warden: ${error.message}\n`);
      return error.exitCode;
    }
    const message = errorMessage(error);
    process.stderr.write(`warden: ${message}\n`);
    if (process.env.WARDEN_DEBUG === '1' && error instanceof Error && error.stack) {
      process.stderr.write(`${error.stack}\n`);
    }
    return 1;
  }
}
