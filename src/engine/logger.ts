import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Every configured secret value: removed from every line, whatever field it hides in. */
  secrets?: string[];
  /** Pretty, human-readable lines; defaults to whether stdout is a terminal. */
  pretty?: boolean;
  destination?: NodeJS.WritableStream;
}

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
  const base = {
    level: options.level ?? 'info',
    base: undefined,
    redact: { paths: SECRET_FIELD_PATHS, censor: '***redacted***' },
    hooks: { streamWrite: (s: string) => redactSecrets(s, secrets) },
  };
  if (usePretty) {
    const stream = pretty({
      colorize: Boolean(process.stdout.isTTY),
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname',
      destination: options.destination ?? 1,
      sync: true,
    });
    return pino(base, stream);
  }
  return pino(base, options.destination ?? pino.destination({ dest: 1, sync: true }));
}
