import type { Command } from 'commander';
import { ConfigError, loadConfig } from '../../config/index.ts';
import { isLoopbackHost } from '../../config/loopback.ts';
import { redactText } from '../../config/redact.ts';
import type { WardenConfig } from '../../config/schema.ts';
import { causeMessage } from '../../domain/index.ts';
import {
  OPERATOR_COMMANDS,
  type OperatorCommand,
  type OperatorResult,
} from '../../domain/operator-commands.ts';
import { UsageError } from '../errors.ts';

interface ControlOptions {
  note?: string;
  url?: string;
  envFile?: string;
}

const DESCRIPTIONS: Record<OperatorCommand, string> = {
  pause: 'REDUCING: no new opens; positions keep their stops and can be closed',
  resume: 'back to ACTIVE',
  halt: 'HALTED: nothing but closes; pending entries are cancelled',
  'close-all': 'pause, cancel every entry order and close every position reduce-only',
  kill: 'halt, then close everything (the kill switch)',
};

function loadControlConfig(envFile: string | undefined): WardenConfig {
  try {
    return loadConfig(envFile ? { dotenvPath: envFile } : {}).config;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** The running bot's API: --url, else WEB_HOST:WEB_PORT (a wildcard bind is reached on loopback). */
export function controlUrl(
  config: Pick<WardenConfig, 'WEB_HOST' | 'WEB_PORT'>,
  flag: string | undefined,
): URL {
  const host = ['0.0.0.0', '::', '[::]'].includes(config.WEB_HOST) ? '127.0.0.1' : config.WEB_HOST;
  const raw = flag ?? `http://${host.includes(':') ? `[${host}]` : host}:${config.WEB_PORT}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url must be a URL such as http://127.0.0.1:8787, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must be http or https, got "${raw}"`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new UsageError(
      `refusing to send WEB_TOKEN in clear text to ${url.hostname}: use an https URL or an SSH tunnel to 127.0.0.1`,
    );
  }
  return url;
}

export async function sendControl(
  command: OperatorCommand,
  options: ControlOptions,
): Promise<OperatorResult> {
  const config = loadControlConfig(options.envFile);
  if (config.WEB_TOKEN === undefined) {
    throw new UsageError(
      'WEB_TOKEN is not set: set it (in the environment or .env) to the token of the running bot',
    );
  }
  const url = new URL(`/api/control/${command}`, controlUrl(config, options.url));
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${config.WEB_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ note: options.note ?? 'from the warden CLI' }),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    const reason = causeMessage(error);
    throw new UsageError(
      `no bot answered at ${url.origin} (${reason}): is \`warden run\` running with WEB_ENABLED=true on that port?`,
      1,
    );
  }
  const body = (await response.json().catch(() => null)) as (OperatorResult & { error?: string }) | null;
  if (!response.ok) {
    const message = body?.error ?? `HTTP ${response.status}`;
    throw new UsageError(
      `${command} refused by the bot (${response.status}): ${redactText(message, [config.WEB_TOKEN])}`,
      1,
    );
  }
  if (!body) throw new UsageError(`${command}: the bot answered without a result`, 1);
  return body;
}

function describe(result: OperatorResult): string {
  const lines = [`${result.command} applied: trading state ${result.tradingState}`];
  if (result.cancelledOrders > 0) lines.push(`cancelled ${result.cancelledOrders} entry order(s)`);
  if (result.closedPositions.length > 0) lines.push(`closed ${result.closedPositions.join(', ')}`);
  for (const error of result.errors) lines.push(`FAILED: ${error}`);
  return `${lines.join('\n')}\n`;
}

/** `warden pause|resume|halt|close-all|kill`: the operator controls of the running bot, over its local API. */
export function registerControlCommands(program: Command): void {
  for (const command of OPERATOR_COMMANDS) {
    program
      .command(command)
      .description(`Running bot: ${DESCRIPTIONS[command]} (needs WEB_TOKEN)`)
      .option('--note <text>', 'why (journaled with the command)')
      .option('--url <url>', 'the bot API (default http://WEB_HOST:WEB_PORT)')
      .option('--env-file <path>', 'read variables from this file instead of ./.env')
      .action(async (options: ControlOptions) => {
        const result = await sendControl(command, options);
        process.stdout.write(describe(result));
        // A close that failed leaves risk open: say so with the exit code.
        if (result.errors.length > 0) process.exitCode = 1;
      });
  }
}
