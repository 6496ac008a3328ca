/** The structured logger every layer writes to (created by the app: app/logger.ts). */
export type { Logger } from 'pino';
