import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';
import { formatUtcMinute } from '../domain/format.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Every configured secret value: removed from every line, whatever field it hides in. */
  secrets?: string[];
  /** Pretty, human-readable lines; defaults to whether stdout is a terminal. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
  /** During a replay, the simulated time: every line then carries it (`sim`, UTC to the minute). */
  simulatedTime?: SimulatedLogTime;
}

/** Where a logger reads simulated time from; set once the replay's clock exists. */
export class SimulatedLogTime {
  source: (() => number) | null = null;

  /** The line's simulated time, or nothing outside a replay. */
  fields(): { sim?: string } {
    return this.source ? { sim: formatUtcMinute(this.source()) } : {};
  }
}

/** Fields the pretty terminal lines leave out: the message already says the symbol and the time. */
const PRETTY_IGNORED =
  'pid,hostname,cycleId,symbol,sim,rule,oldStop,newStop,exitPrice,exitReason,pnlUsdt,from,to';

const SECRET_FIELD_PATHS = [
  '*.apiKey',
  '*.apiSecret',
  '*.secret',
  '*.token',
  '*.password',
  '*.authorization',
  '*["x-api-key"]',
  '*["X-BAPI-API-KEY"]',
  '*["X-BAPI-SIGN"]',
];

export function redactSecrets(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('***redacted***');
  }
  return out;
}

/**
 * pino, pretty on a terminal and JSON otherwise. Secrets are removed twice: by field name and,
 * after serialisation, by value, so a key pasted into an error message never reaches a log.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  const usePretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const simulated = options.simulatedTime;
  const base = {
    level: options.level ?? 'info',
    ...(simulated ? { mixin: () => simulated.fields() } : {}),
    base: undefined,
    redact: { paths: SECRET_FIELD_PATHS, censor: '***redacted***' },
    hooks: { streamWrite: (s: string) => redactSecrets(s, secrets) },
  };
  if (usePretty) {
    // pino-pretty loads only for terminal output: a service logging JSON never pays for it.
    const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
    const stream = pretty({
      colorize: Boolean(process.stdout.isTTY),
      translateTime: 'SYS:HH:MM:ss',
      ignore: PRETTY_IGNORED,
      // In a replay the simulated time leads the line: "[01:39:00] INFO: 2025-03-04 10:15 BTCUSDT …".
      messageFormat: '{if sim}{sim} {end}{msg}',
      destination: options.destination ?? 1,
      sync: true,
    });
    return pino(base, stream);
  }
  return pino(base, options.destination ?? pino.destination({ dest: 1, sync: true }));
}
