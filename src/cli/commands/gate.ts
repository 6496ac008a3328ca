import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  CONFIG_KEYS,
  ConfigError,
  limitsOverrideKeys,
  loadConfig,
  toRiskLimits,
} from '../../config/index.ts';
import { errorMessage } from '../../domain/index.ts';
import { evaluateProposal } from '../../risk/gate.ts';
import { UsageError } from '../errors.ts';
import { GateDocumentError, parseGateDocument, verdictToJson } from '../gate-document.ts';

function readDocumentText(file: string | undefined): string {
  if (file !== undefined && file !== '-') {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new UsageError(
        `cannot read ${file}${code ? ` (${code})` : ''}: give the path of a JSON gate document`,
      );
    }
  }
  if (process.stdin.isTTY) {
    throw new UsageError(
      'no gate document: pass a FILE or pipe a JSON document on stdin (see docs/risk-gate.md)',
    );
  }
  try {
    return readFileSync(0, 'utf8');
  } catch {
    throw new UsageError('cannot read stdin: pass a FILE or pipe a JSON document');
  }
}

function parseJson(text: string, from: string): unknown {
  if (text.trim() === '') throw new UsageError(`${from} is empty: expected one JSON gate document`);
  try {
    return JSON.parse(text);
  } catch (error) {
    const why = errorMessage(error);
    throw new UsageError(`${from} is not valid JSON (${why}): fix the syntax of the gate document`);
  }
}

/**
 * Answers "what would the gate do with this?" for one document. The command exits 0 for any
 * verdict except GATE_ERROR (values the gate refuses as input), which also exits 1.
 */
export function runGate(text: string, from: string): Record<string, unknown> {
  let document: ReturnType<typeof parseGateDocument>;
  try {
    document = parseGateDocument(parseJson(text, from));
  } catch (error) {
    if (error instanceof GateDocumentError) throw new UsageError(error.message);
    throw error;
  }
  const allowed = new Set<string>(limitsOverrideKeys);
  const known = new Set<string>(CONFIG_KEYS);
  const notLimits = Object.keys(document.config).filter((key) => known.has(key) && !allowed.has(key));
  if (notLimits.length > 0) {
    throw new UsageError(
      `config section: ${notLimits.join(', ')}: not a risk limit; only the variables that feed the gate may be overridden here (see docs/risk-gate.md)`,
    );
  }
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig({ overrides: document.config });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`config section: ${error.message}`);
    throw error;
  }
  const verdict = evaluateProposal({
    proposal: document.proposal,
    account: document.account,
    instrument: document.instrument,
    market: document.market,
    limits: toRiskLimits(loaded.config),
  });
  return verdictToJson(verdict);
}

export function registerGateCommand(program: Command): void {
  program
    .command('gate')
    .description(
      'Ask the risk gate about one proposal: reads a JSON document (FILE or stdin), prints the verdict',
    )
    .argument('[FILE]', 'gate document (JSON); "-" or omitted reads stdin')
    .action((file: string | undefined) => {
      const from = file === undefined || file === '-' ? 'stdin' : file;
      const verdict = runGate(readDocumentText(file), from);
      process.stdout.write(`${JSON.stringify(verdict, null, 2)}\n`);
      const blockedBy = verdict.blocked_by as string[];
      if (blockedBy.includes('GATE_ERROR')) {
        // The verdict is printed (it is the gate's answer), but a script must see the failure too.
        throw new UsageError(
          `the gate could not evaluate this document (GATE_ERROR): ${String(verdict.detail)}`,
          1,
        );
      }
    });
}
