import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { loadConfig } from '../../../src/config/index.ts';
import type { OperatorCommand, OperatorResult } from '../../../src/domain/operator-commands.ts';
import type { ExchangePort } from '../../../src/exchange/port.ts';
import { type Journal, openJournal, QueryService } from '../../../src/journal/index.ts';
import { startWebServer, type WebServer } from '../../../src/web/index.ts';

const TOKEN = 'cli-control-token-0123456789';

describe('warden pause|resume|halt|close-all|kill against the running bot API', () => {
  let dir: string;
  let envFile: string;
  let journal: Journal;
  let server: WebServer;
  const received: { command: OperatorCommand; note: string | undefined }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'warden-web-cli-'));
    envFile = path.join(dir, '.env');
    writeFileSync(envFile, '');
    const { config } = loadConfig({
      env: { JOURNAL_PATH: path.join(dir, 'j.db'), WEB_TOKEN: TOKEN },
      dotenvPath: null,
    });
    journal = openJournal(config.JOURNAL_PATH);
    server = await startWebServer({
      config,
      journal,
      queries: new QueryService(journal),
      port: 0,
      bot: {
        controls: {
          run: async (command, note): Promise<OperatorResult> => {
            received.push({ command, note });
            return {
              command,
              tradingState: command === 'resume' ? 'ACTIVE' : command === 'pause' ? 'REDUCING' : 'HALTED',
              cancelledOrders: command === 'kill' ? 2 : 0,
              closedPositions: command === 'kill' ? ['BTCUSDT'] : [],
              errors: command === 'close-all' ? ['close ETHUSDT: venue rejected'] : [],
            };
          },
        },
        exchange: {} as ExchangePort,
        tradingState: () => 'ACTIVE',
        cyclesRun: () => 0,
        mode: 'test',
      },
    });
  });

  afterAll(async () => {
    await server?.close();
    journal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(args: string[], env: Record<string, string | undefined>) {
    const saved = { ...process.env };
    const out: string[] = [];
    const err: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      err.push(String(chunk));
      return true;
    });
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    process.exitCode = undefined;
    try {
      const code = await main([...args, '--env-file', envFile]);
      return { code, out: out.join(''), err: err.join('') };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      process.env = saved;
      process.exitCode = undefined;
    }
  }

  it('sends the command with the note and prints the new trading state', async () => {
    const result = await run(['pause', '--note', 'lunch', '--url', server.url], { WEB_TOKEN: TOKEN });
    expect(result.code).toBe(0);
    expect(result.out).toContain('pause applied: trading state REDUCING');
    expect(received.at(-1)).toEqual({ command: 'pause', note: 'lunch' });
    const kill = await run(['kill', '--url', server.url], { WEB_TOKEN: TOKEN });
    expect(kill.code).toBe(0);
    expect(kill.out).toMatch(
      /kill applied: trading state HALTED\ncancelled 2 entry order\(s\)\nclosed BTCUSDT/,
    );
  });

  it('exits 1 and prints the failure when a close failed', async () => {
    const result = await run(['close-all', '--url', server.url], { WEB_TOKEN: TOKEN });
    expect(result.code).toBe(1);
    expect(result.out).toContain('FAILED: close ETHUSDT: venue rejected');
  });

  it('refuses to run without WEB_TOKEN, saying to set it', async () => {
    const result = await run(['resume', '--url', server.url], { WEB_TOKEN: undefined });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/WEB_TOKEN is not set/);
  });

  it('reports a wrong token as refused by the bot without printing the token', async () => {
    const wrong = 'a-wrong-token-that-is-long-enough';
    const result = await run(['halt', '--url', server.url], { WEB_TOKEN: wrong });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/halt refused by the bot \(401\)/);
    expect(result.err).not.toContain(wrong);
  });

  it('will not send the token in clear text to another machine', async () => {
    const result = await run(['pause', '--url', 'http://192.168.1.20:8787'], { WEB_TOKEN: TOKEN });
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/clear text/);
  });

  it('says plainly when no bot answers', async () => {
    const result = await run(['pause', '--url', 'http://127.0.0.1:9'], { WEB_TOKEN: TOKEN });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/no bot answered at http:\/\/127\.0\.0\.1:9 .*warden run/);
  });
});
