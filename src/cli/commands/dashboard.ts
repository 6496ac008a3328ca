import type { Command } from 'commander';
import { createLogger } from '../../app/logger.ts';
import { ConfigError, loadConfig, secretValuesOf } from '../../config/index.ts';
import { stopOnSignals } from '../../engine/signals.ts';
import { JournalError, lastCycleSymbols, openJournal, QueryService } from '../../journal/index.ts';
import { startWebServer, WebBindError } from '../../web/index.ts';
import { UsageError } from '../errors.ts';
import { resolveJournalPath } from './report.ts';

interface DashboardOptions {
  journal?: string;
  port?: string;
  envFile?: string;
}

/**
 * The dashboard over a finished journal (a backtest's, a stopped bot's), without an engine: the
 * journal is opened read-only, so the dashboard can run beside a bot writing it or over a copy,
 * and it has no controls (there is no bot to control).
 */
export async function dashboardCommand(options: DashboardOptions): Promise<void> {
  const file = resolveJournalPath(options.journal);
  let port: number | undefined;
  if (options.port !== undefined) {
    port = Number(options.port);
    if (!Number.isSafeInteger(port) || port < 0 || port > 65_535)
      throw new UsageError(`--port must be a port number 0–65535, got "${options.port}"`);
  }
  let config: ReturnType<typeof loadConfig>['config'];
  try {
    const loaded = loadConfig({ ...(options.envFile ? { dotenvPath: options.envFile } : {}) });
    for (const w of loaded.warnings) process.stderr.write(`warden: warning: ${w}\n`);
    config = loaded.config;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretValuesOf(config) });
  let journal: ReturnType<typeof openJournal>;
  try {
    journal = openJournal(file, { readOnly: true });
  } catch (error) {
    if (error instanceof JournalError) throw new UsageError(error.message);
    throw error;
  }
  // The journal's own symbols, so its trades and decisions are listed whatever SYMBOLS says now.
  const symbols = lastCycleSymbols(journal);
  if (symbols.length > 0) config = { ...config, SYMBOLS: symbols };
  const stop = stopOnSignals(
    (signal) => logger.info(`${signal} received: closing the dashboard`),
    () => {},
  );
  try {
    const web = await startWebServer({
      config,
      journal,
      queries: new QueryService(journal),
      bot: null,
      logger,
      ...(port !== undefined ? { port } : {}),
    }).catch((error: unknown) => {
      if (error instanceof WebBindError) throw new UsageError(error.message);
      throw error;
    });
    logger.info(
      `dashboard on ${web.url} over the journal ${file} (read-only: no engine, no controls); Ctrl-C to stop`,
    );
    await new Promise<void>((resolve) =>
      stop.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    await web.close();
  } finally {
    stop.dispose();
    journal.close();
  }
}

export function registerDashboardCommand(program: Command): void {
  program
    .command('dashboard')
    .description(
      "Serve the dashboard read-only over a journal (a backtest's or a stopped bot's), without running the bot",
    )
    .option('--journal <path>', 'the journal to show (default: JOURNAL_PATH, ./warden.db)')
    .option('--port <n>', 'port to listen on (overrides WEB_PORT)')
    .option('--env-file <path>', 'read variables from this file instead of ./.env')
    .action(async (options: DashboardOptions) => {
      await dashboardCommand(options);
    });
}
