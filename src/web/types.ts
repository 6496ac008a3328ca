import type { WardenConfig } from '../config/schema.ts';
import type { TradingState } from '../domain/index.ts';
import type { Logger } from '../domain/logger.ts';
import type { OperatorCommand, OperatorResult } from '../domain/operator-commands.ts';
import type { ExchangePort } from '../exchange/port.ts';
import type { Journal, QueryService } from '../journal/index.ts';

/** What the dashboard needs from the running bot: its controls, its venue, its trading state. */
export interface BotHandle {
  controls: { run(command: OperatorCommand, note?: string): Promise<OperatorResult> };
  exchange: ExchangePort;
  tradingState(): TradingState;
  /** Decision cycles run since start. */
  cyclesRun(): number;
  mode: string;
}

export interface WebServerOptions {
  config: WardenConfig;
  journal: Journal;
  queries: QueryService;
  /** null: journal only (no live venue, no controls). */
  bot: BotHandle | null;
  logger?: Logger;
  /** Overrides WEB_HOST / WEB_PORT (tests use port 0). */
  host?: string;
  port?: number;
  /** How often the live stream looks for journal changes; default 1000 ms. */
  streamPollMs?: number;
  /** How long venue reads (positions, orders) are reused; default 2000 ms. */
  venueCacheMs?: number;
}
