import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactText } from '../../../src/config/redact.ts';
import { type Journal, openJournal, QueryService } from '../../../src/journal/index.ts';
import { JournalAlerts, telegramSender } from '../../../src/web/index.ts';

const BOT_TOKEN = '123456:FAKE-telegram-token-abcdefghijkl';
const CHAT = '-100777';
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 6, 10);

/** A local stand-in for api.telegram.org: records sendMessage calls, or fails while `down`. */
function fakeTelegram() {
  const messages: { path: string; chatId: unknown; text: string }[] = [];
  const state = { down: false };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      if (state.down) {
        res.statusCode = 502;
        res.end(JSON.stringify({ ok: false, error_code: 502, description: 'Bad Gateway' }));
        return;
      }
      const payload = JSON.parse(body || '{}') as { chat_id: unknown; text: string };
      messages.push({ path: req.url ?? '', chatId: payload.chat_id, text: payload.text });
      res.end(
        JSON.stringify({
          ok: true,
          result: { message_id: messages.length, date: 0, chat: { id: -100777, type: 'group' } },
        }),
      );
    });
  });
  return { server, messages, state };
}

describe('Telegram alerts from the journal (grammy against a local fake Bot API)', () => {
  let dir: string;
  let journal: Journal;
  let alerts: JournalAlerts;
  const fake = fakeTelegram();
  let clock = T0;

  beforeAll(async () => {
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    const apiRoot = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(tmpdir(), 'warden-web-alerts-'));
    journal = openJournal(path.join(dir, 'j.db'), { durability: 'fast' });
    journal.recordEvent({
      atMs: T0 - 1000,
      kind: 'old.failure',
      severity: 'error',
      message: 'before the start',
    });
    alerts = new JournalAlerts({
      journal,
      queries: new QueryService(journal),
      sender: telegramSender(BOT_TOKEN, CHAT, apiRoot),
      redact: (text) => redactText(text, ['SECRETKEY123456']),
      now: () => clock,
    });
  });

  afterAll(async () => {
    journal?.close();
    await new Promise((resolve) => fake.server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends nothing from before the start', async () => {
    await alerts.poll();
    expect(fake.messages).toEqual([]);
  });

  it('sends opens, stop moves, closes with net PnL, state changes and errors, in journal order, to the chat', async () => {
    journal.recordPositionOpen({
      positionId: 'p1',
      openedAtMs: T0,
      symbol: 'BTCUSDT',
      side: 'LONG',
      qty: 0.001,
      entryPrice: 50_000,
      stopLoss: 49_500,
      takeProfit: 51_000,
      leverage: 5,
      entryClientOrderId: null,
      decisionId: null,
    });
    journal.recordStopMove({
      atMs: T0 + 60_000,
      positionId: 'p1',
      symbol: 'BTCUSDT',
      oldStop: 49_500,
      newStop: 50_050,
      rule: 'BREAK_EVEN',
      reason: 'moved 1.5% in favour',
      markPrice: 50_760,
    });
    journal.recordPositionClose({
      positionId: 'p1',
      closedAtMs: T0 + 120_000,
      exitPrice: 51_000,
      qty: 0.001,
      exitReason: 'TAKE_PROFIT',
      grossPnlUsdt: 1,
      feesUsdt: 0.05,
      exitClientOrderId: null,
    });
    journal.recordTradingStateChange({
      atMs: T0 + 130_000,
      from: 'ACTIVE',
      to: 'HALTED',
      reason: 'operator halt',
      source: 'operator',
    });
    journal.recordEvent({
      atMs: T0 + 140_000,
      kind: 'stop.move-failed',
      severity: 'error',
      message: 'key SECRETKEY123456 refused',
    });
    journal.recordEvent({ atMs: T0 + 150_000, kind: 'reconcile.done', severity: 'info', message: 'fine' });
    await alerts.poll();
    const texts = fake.messages.map((m) => m.text);
    expect(texts).toHaveLength(5);
    expect(texts[0]).toMatch(/^🟢 OPEN LONG BTCUSDT 0\.001 @ 50000 · stop 49500 · take-profit 51000 · 5x$/);
    expect(texts[1]).toMatch(/^↕ stop BTCUSDT 49500 → 50050 \(BREAK_EVEN/);
    expect(texts[2]).toMatch(/^✅ CLOSED LONG BTCUSDT @ 51000 \(TAKE_PROFIT\) · net \+0\.950 USDT/);
    expect(texts[3]).toBe('⚙ trading state ACTIVE → HALTED: operator halt');
    expect(texts[4]).toBe('⚠ ERROR stop.move-failed: key ***redacted*** refused');
    expect(fake.messages.every((m) => m.path === `/bot${BOT_TOKEN}/sendMessage` && m.chatId === CHAT)).toBe(
      true,
    );
  });

  it('keeps alerts while Telegram is down and delivers them, in order, once it answers', async () => {
    fake.state.down = true;
    journal.recordTradingStateChange({
      atMs: T0 + 200_000,
      from: 'HALTED',
      to: 'ACTIVE',
      reason: 'operator resume',
      source: 'operator',
    });
    await alerts.poll();
    expect(fake.messages).toHaveLength(5);
    fake.state.down = false;
    await alerts.poll();
    expect(fake.messages.at(-1)?.text).toBe('⚙ trading state HALTED → ACTIVE: operator resume');
  });

  it('sends a summary of the UTC day once the day is over', async () => {
    clock = T0 + DAY;
    await alerts.poll();
    const summary = fake.messages.at(-1)?.text ?? '';
    expect(summary).toMatch(/^📊 2025-01-06 \(UTC\): net \+0\.950 USDT over 1 closed trades, win rate 100%/);
    await alerts.poll();
    expect(fake.messages.filter((m) => m.text.startsWith('📊'))).toHaveLength(1);
  });
});
