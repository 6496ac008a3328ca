import { z } from 'zod';
import { envBool, positiveInt, secret } from '../env-types.ts';

/** SPEC sections 8 and 10. */
export const webSection = {
  WEB_ENABLED: envBool.default(true).describe('Serve the dashboard and API inside warden run'),
  WEB_HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('Bind address; non-loopback needs WEB_ALLOW_REMOTE and a token'),
  WEB_PORT: positiveInt.pipe(z.number().max(65535)).default(8787).describe('Dashboard port'),
  WEB_TOKEN: z
    .string()
    .min(16)
    .optional()
    .describe('Token required by every state-changing request, 16+ characters (secret)'),
  WEB_ALLOW_REMOTE: envBool.default(false).describe('Allow binding to a non-loopback address'),
  TELEGRAM_BOT_TOKEN: secret
    .optional()
    .describe('Telegram alerts bot token (secret); alerts are off without it'),
  TELEGRAM_CHAT_ID: z.string().min(1).optional().describe('Telegram chat for alerts'),
};
