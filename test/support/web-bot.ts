import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLogger } from '../../src/app/logger.ts';
import { buildReplayEngine } from '../../src/app/wiring.ts';
import { loadConfig } from '../../src/config/index.ts';
import type { WardenConfig } from '../../src/config/schema.ts';
import type { Engine } from '../../src/engine/engine.ts';
import { type Journal, openJournal, QueryService } from '../../src/journal/index.ts';
import { startWebServer, type WebServer } from '../../src/web/index.ts';
import { dataFile } from './data.ts';

export interface ReplayBotServer {
  server: WebServer;
  engine: Engine;
  journal: Journal;
  config: WardenConfig;
  close(): Promise<void>;
}

/**
 * A bot that traded `cycles` decision cycles on the real replayed candles (paper exchange,
 * baseline decider), then its dashboard on an ephemeral loopback port.
 */
export async function replayBotServer(
  cycles: number,
  env: Record<string, string> = {},
): Promise<ReplayBotServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-web-'));
  const { config } = loadConfig({
    env: { SYMBOLS: 'BTCUSDT,ETHUSDT', JOURNAL_PATH: path.join(dir, 'journal.db'), ...env },
    dotenvPath: null,
  });
  const journal = openJournal(config.JOURNAL_PATH, { durability: 'fast' });
  const logger = createLogger({ level: 'silent', pretty: false });
  const { engine } = buildReplayEngine(
    { config, journal, logger },
    { dir: dataFile('bybit-linear'), speed: 'instant', maxCycles: cycles },
  );
  await engine.run();
  const server = await startWebServer({
    config,
    journal,
    queries: new QueryService(journal),
    logger,
    port: 0,
    streamPollMs: 200,
    venueCacheMs: 0,
    bot: {
      controls: engine.controls,
      exchange: engine.exchange,
      tradingState: () => engine.tradingState,
      cyclesRun: () => engine.cyclesRun,
      mode: 'paper-replay',
    },
  });
  return {
    server,
    engine,
    journal,
    config,
    close: async () => {
      await server.close();
      journal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
