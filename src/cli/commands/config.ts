import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  CONFIG_KEYS,
  ConfigError,
  type ConfigProblem,
  envText,
  type LoadConfigOptions,
  loadConfig,
  redactConfig,
  redactText,
  renderConfigTable,
  replaceConfigTable,
  requireModeReadiness,
  secretValuesOf,
  type WardenConfig,
} from '../../config/index.ts';
import { errorMessage } from '../../domain/index.ts';
import { UsageError } from '../errors.ts';

export interface ConfigCheckReport {
  output: string;
  exitCode: number;
}

/** What the mode still needs before it can start (keys, live confirmation); not a config error. */
function readinessProblems(config: WardenConfig): ConfigProblem[] {
  try {
    requireModeReadiness(config, { confirmFlag: false });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

/** What `warden config check` prints: every variable with its value (secrets redacted) and source. */
export function configCheckReport(load: LoadConfigOptions, options: { json: boolean }): ConfigCheckReport {
  let loaded: ReturnType<typeof loadConfig>;
  try {
    loaded = loadConfig(load);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const output = options.json
      ? JSON.stringify({ valid: false, problems: error.problems, warnings: error.warnings }, null, 2)
      : error.message;
    return { output, exitCode: 2 };
  }
  const { config, profile, sources, warnings } = loaded;
  const shown = redactConfig(config) as Record<string, unknown>;
  const secrets = secretValuesOf(config);
  const readiness = readinessProblems(config);
  if (options.json) {
    const values = Object.fromEntries(
      CONFIG_KEYS.map((key) => [key, { value: shown[key] ?? null, source: sources[key] }]),
    );
    const text = JSON.stringify({ valid: true, profile, values, warnings, readiness }, null, 2);
    return { output: redactText(text, secrets), exitCode: 0 };
  }
  const width = Math.max(...CONFIG_KEYS.map((k) => k.length));
  const values = CONFIG_KEYS.map((key) => (shown[key] === undefined ? '(unset)' : envText(shown[key])));
  const valueWidth = Math.min(40, Math.max(...values.map((v) => v.length)));
  const lines = [
    `Profile: ${profile} (${sources.PROFILE === 'default' ? `from TRADING_MODE=${config.TRADING_MODE}` : sources.PROFILE})`,
    '',
    `${'VARIABLE'.padEnd(width)}  ${'VALUE'.padEnd(valueWidth)}  SOURCE`,
    ...CONFIG_KEYS.map(
      (key, i) => `${key.padEnd(width)}  ${(values[i] ?? '').padEnd(valueWidth)}  ${sources[key]}`,
    ),
  ];
  if (warnings.length > 0) lines.push('', 'Warnings:', ...warnings.map((w) => `  - ${w}`));
  if (readiness.length > 0) {
    lines.push(
      '',
      `Before TRADING_MODE=${config.TRADING_MODE} can start:`,
      ...readiness.map((p) => `  - ${p.message}`),
    );
  }
  lines.push('', 'Configuration is valid.');
  return { output: redactText(lines.join('\n'), secrets), exitCode: 0 };
}

export function registerConfigCommand(program: Command): void {
  const config = program.command('config').description('Inspect the configuration');

  config
    .command('check')
    .description('Validate the configuration and print every value with its source (secrets redacted)')
    .option('--json', 'print JSON instead of text')
    .option('--env-file <path>', 'read this file instead of ./.env')
    .action((options: { json?: boolean; envFile?: string }) => {
      if (options.envFile !== undefined && !existsSync(resolve(options.envFile))) {
        throw new UsageError(`--env-file ${options.envFile} does not exist: check the path`);
      }
      const report = configCheckReport(options.envFile === undefined ? {} : { dotenvPath: options.envFile }, {
        json: options.json === true,
      });
      const stream = report.exitCode === 0 || options.json ? process.stdout : process.stderr;
      stream.write(`${report.output}\n`);
      process.exitCode = report.exitCode;
    });

  config
    .command('table')
    .description('Print the configuration reference table (Markdown), or update it in a document')
    .option('--write <path>', 'replace the generated table between the markers of this document')
    .action((options: { write?: string }) => {
      if (options.write === undefined) {
        process.stdout.write(`${renderConfigTable()}\n`);
        return;
      }
      let document: string;
      try {
        document = readFileSync(options.write, 'utf8');
      } catch {
        throw new UsageError(`--write ${options.write} cannot be read: check the path`);
      }
      try {
        writeFileSync(options.write, replaceConfigTable(document));
      } catch (error) {
        throw new UsageError(`--write ${options.write}: ${errorMessage(error)}`);
      }
    });
}
