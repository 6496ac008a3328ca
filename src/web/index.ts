export { type AlertSender, JournalAlerts, telegramSender } from './alerts.ts';
export { checkBearerToken } from './auth.ts';
export { renderMetrics } from './metrics.ts';
export { assertBindAllowed, startWebServer, WebBindError, type WebServer } from './server.ts';
export type { BotHandle, WebServerOptions } from './types.ts';
