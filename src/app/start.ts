import { redactText, secretValuesOf } from '../config/redact.ts';
import type { WardenConfig } from '../config/schema.ts';
import type { Engine, EngineResult } from '../engine/engine.ts';
import { stopOnSignals } from '../engine/signals.ts';
import { type Journal, QueryService } from '../journal/index.ts';
import { JournalAlerts, startWebServer, telegramSender, type WebServer } from '../web/index.ts';
import type { Logger, SimulatedLogTime } from './logger.ts';
import { buildReplayEngine, type ReplayOptions } from './wiring.ts';
import { buildExchangeEngine } from './wiring-exchange.ts';

export interface StartOptions {
  config: WardenConfig;
  journal: Journal;
  logger: Logger;
  replay?: Omit<ReplayOptions, 'maxCycles'> | undefined;
  exchangeUrl?: string | undefined;
  maxCycles?: number | undefined;
  /** Set to the replay's clock, so every log line carries the simulated time. */
  simulatedTime?: SimulatedLogTime | undefined;
}

/**
 * Builds the engine for the mode and runs it until the feed ends, the cycle limit is reached, or
 * SIGINT/SIGTERM: the step in flight finishes, exchange-side stops stay in place, the caller
 * closes the journal.
 */
export async function startBot(options: StartOptions): Promise<EngineResult> {
  const { logger } = options;
  const stop = stopOnSignals(
    (signal) =>
      logger.warn(
        `${signal} received: finishing the step in flight (send it again to exit at once); exchange-side stops stay in place`,
      ),
    (signal) => logger.warn(`second ${signal}: exiting now; exchange-side stops stay in place`),
  );
  let engine: Engine;
  let cleanup: () => Promise<void> = async () => {};
  let web: WebServer | null = null;
  let alerts: JournalAlerts | null = null;
  try {
    if (options.replay) {
      const built = buildReplayEngine(options, { ...options.replay, ...maxCycles(options) });
      engine = built.engine;
      if (options.simulatedTime) options.simulatedTime.source = () => built.clock.now();
    } else {
      const built = await buildExchangeEngine(options, {
        exchangeUrl: options.exchangeUrl,
        ...maxCycles(options),
      });
      engine = built.engine;
      cleanup = built.close;
    }
    web = await startDashboard(options, engine);
    alerts = startAlerts(options);
    const result = await runUntilStopped(engine, stop.signal);
    logger.info(`stopped after ${result.cycles} cycles (${result.stoppedBy})`);
    return result;
  } finally {
    stop.dispose();
    await alerts?.stop();
    await web?.close();
    await cleanup();
  }
}

/** The dashboard and API (WEB_ENABLED), attached to the engine; a port it cannot bind stops the start. */
async function startDashboard(options: StartOptions, engine: Engine): Promise<WebServer | null> {
  const { config, journal, logger } = options;
  if (!config.WEB_ENABLED) return null;
  const web = await startWebServer({
    config,
    journal,
    queries: new QueryService(journal),
    logger,
    bot: {
      controls: engine.controls,
      exchange: engine.exchange,
      tradingState: () => engine.tradingState,
      cyclesRun: () => engine.cyclesRun,
      mode: config.TRADING_MODE,
    },
  });
  logger.info(
    `dashboard on ${web.url} (controls ${config.WEB_TOKEN ? 'need WEB_TOKEN' : 'disabled: set WEB_TOKEN to enable them'})`,
  );
  return web;
}

function maxCycles(options: StartOptions): { maxCycles?: number } {
  return options.maxCycles === undefined ? {} : { maxCycles: options.maxCycles };
}

async function runUntilStopped(engine: Engine, signal: AbortSignal): Promise<EngineResult> {
  try {
    return await engine.run(signal);
  } catch (error) {
    if (signal.aborted) return { cycles: engine.cyclesRun, stoppedBy: 'signal' };
    throw error;
  }
}

/** Telegram alerts, only when TELEGRAM_BOT_TOKEN (and TELEGRAM_CHAT_ID) are set. */
function startAlerts(options: StartOptions): JournalAlerts | null {
  const { config, journal, logger } = options;
  if (!config.TELEGRAM_BOT_TOKEN || !config.TELEGRAM_CHAT_ID) return null;
  const secrets = secretValuesOf(config);
  const alerts = new JournalAlerts({
    journal,
    queries: new QueryService(journal),
    sender: telegramSender(config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_CHAT_ID),
    redact: (text) => redactText(text, secrets),
    logger,
  });
  alerts.start();
  logger.info('Telegram alerts on: opens, closes, stop moves, state changes, errors, daily summary');
  return alerts;
}
