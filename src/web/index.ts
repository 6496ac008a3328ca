export { type AlertSender, JournalAlerts, telegramSender } from './alerts.ts';
export { ArenaUnavailableError, journalArenaReport } from './arena.ts';
export { startWebServer, WebBindError, type WebServer } from './server.ts';
export type { BotHandle, WebServerOptions } from './types.ts';
