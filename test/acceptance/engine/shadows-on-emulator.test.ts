import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmulatorHandle } from '../../../src/exchange/emulator/index.ts';
import { openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { hasRealData, repoRoot } from '../../support/data.ts';
import { type LlmServer, longEverySymbol, startLlmServer } from '../../support/llm-servers.ts';
import { startRealDataEmulator } from '../../support/real-data-emulator.ts';

/**
 * Issue 19's safety claim, end to end: `warden run` in testnet mode against the Bybit emulator
 * replaying real candles, with a lead and shadows on one feed — an OpenAI-compatible local model
 * that buys every symbol leads, and baseline, chaos and the same model with another prompt shadow
 * it. Every decider journals its decisions and the trading shadow its virtual orders, but the
 * emulator receives the lead's orders only.
 */
const SYMBOLS = ['BTCUSDT', 'ETHUSDT'];
const SPEED = 900; // a 15m decision candle every second of wall time
const CYCLES = 12;
const MODEL = 'local-test-model';
const apiKey = 'shadowKEYabcdef12';
const apiSecret = 'shadowSECRETabcdefghijklmnop0123';
const LEAD = `openai:${MODEL}@v5_neutral`;
const TRADING_SHADOW = `openai:${MODEL}@v4_terse`;

describe.skipIf(!hasRealData)('shadow deciders against the emulator', () => {
  let dir: string;
  let emulator: EmulatorHandle;
  let server: LlmServer;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'warden-shadows-'));
    server = await startLlmServer('openai', { answer: longEverySymbol('openai') });
    emulator = await startRealDataEmulator({
      symbols: SYMBOLS,
      candles: 3000,
      speed: SPEED,
      apiKey,
      apiSecret,
    });
  }, 60_000);

  afterAll(async () => {
    await emulator?.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("journals every decider's decisions and virtual orders; only the lead's orders reach the venue", async () => {
    const journalPath = path.join(dir, 'journal.db');
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot, 'bin/warden.mjs'),
        'run',
        '--exchange-url',
        emulator.restUrl,
        '--journal',
        journalPath,
        '--max-cycles',
        String(CYCLES),
        '--deciders',
        `openai:${MODEL},baseline,chaos,${TRADING_SHADOW}`,
      ],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          SYMBOLS: SYMBOLS.join(','),
          BYBIT_API_KEY: apiKey,
          BYBIT_API_SECRET: apiSecret,
          AI_BASE_URL: server.baseUrl,
          // Every symbol is asked each cycle, so the model's orders come early.
          SCORE_GATE_ENABLED: 'false',
          AI_SKIP_FUTILE: 'false',
          // Room for BTC's minimum order on the emulator's 100 USDT.
          MAX_LOSS_USDT_PER_TRADE: '2',
          MAX_TOTAL_RISK_USDT: '10',
          MAX_NOTIONAL_USDT: '200',
          WEB_ENABLED: 'false',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.on('data', (b: Buffer) => logs.push(b.toString()));
    child.stderr?.on('data', (b: Buffer) => logs.push(b.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, logs.join('').slice(-4000)).toBe(0);

    const journal = openJournal(journalPath, { readOnly: true });
    try {
      const db = databaseOf(journal);
      const perDecider = db
        .prepare('SELECT decider, shadow, COUNT(DISTINCT cycle_id) AS cycles FROM decisions GROUP BY 1, 2')
        .all();
      expect(perDecider).toEqual(
        expect.arrayContaining([
          { decider: LEAD, shadow: 0, cycles: CYCLES },
          { decider: 'baseline', shadow: 1, cycles: CYCLES },
          { decider: 'chaos', shadow: 1, cycles: CYCLES },
          { decider: TRADING_SHADOW, shadow: 1, cycles: CYCLES },
        ]),
      );
      expect(perDecider).toHaveLength(4);

      const sentToVenue = (shadow: 0 | 1) =>
        db
          .prepare(`SELECT DISTINCT client_order_id FROM order_events WHERE shadow = ? AND state <> 'INTENT'`)
          .pluck()
          .all(shadow) as string[];
      const leadOrders = sentToVenue(0);
      const shadowOrders = sentToVenue(1);
      expect(leadOrders.length).toBeGreaterThan(0);
      expect(shadowOrders.length).toBeGreaterThan(0);
      expect(shadowOrders.every((id) => id.startsWith('S'))).toBe(true);

      // The venue's own record: every order it ever received (its own stop and take-profit
      // executions carry no client id).
      const received = emulator.venue.paper
        .allOrders()
        .map((o) => o.clientOrderId)
        .filter((id) => id !== '');
      expect(received.every((id) => id.startsWith('W'))).toBe(true);
      expect(new Set(received)).toEqual(new Set(leadOrders));
      for (const id of shadowOrders) expect(received).not.toContain(id);
    } finally {
      journal.close();
    }
  }, 180_000);
});
