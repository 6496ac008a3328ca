import { z } from 'zod';
import { envBool, httpUrl, positiveInt, secret, wsUrl } from '../env-types.ts';

/** SPEC sections 1 and 10. */
export const exchangeSection = {
  BYBIT_API_KEY: secret.optional().describe('Bybit API key (secret)'),
  BYBIT_API_SECRET: secret.optional().describe('Bybit API secret (secret)'),
  BYBIT_API_KEY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('File with KEY and SECRET lines, readable only by its owner (instead of the two variables)'),
  BYBIT_REST_URL: httpUrl.optional().describe('Override the REST base URL (e.g. the emulator)'),
  BYBIT_WS_PUBLIC_URL: wsUrl.optional().describe('Override the public WebSocket URL'),
  BYBIT_WS_PRIVATE_URL: wsUrl.optional().describe('Override the private WebSocket URL'),
  BYBIT_RECV_WINDOW_MS: positiveInt
    .pipe(z.number().max(60_000))
    .default(5000)
    .describe('Signature receive window'),
  BYBIT_REQUEST_TIMEOUT_MS: positiveInt
    .default(10_000)
    .describe('REST timeout; a timeout after sending is "outcome unknown"'),
  ALLOW_POSITION_MODE_SWITCH: envBool
    .default(true)
    .describe('Switch the account to one-way mode at start if needed'),
  UNKNOWN_POSITION_POLICY: z
    .enum(['adopt', 'close'])
    .default('adopt')
    .describe('What the reconciler does with a position the journal does not know'),
};
