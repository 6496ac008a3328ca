import { createRequire } from 'node:module';
import { errorMessage, errorText } from '../domain/index.ts';
import type { Logger } from '../domain/logger.ts';
import type { FollowedTable, Journal, JournalRow, QueryService } from '../journal/index.ts';

const DAY_MS = 86_400_000;
const MAX_QUEUE = 200;
/** Telegram refuses messages over 4096 characters. */
const MAX_MESSAGE = 4000;

export interface AlertSender {
  send(text: string): Promise<void>;
}

/** Sends through the Telegram Bot API (grammy); `apiRoot` points tests at a local fake server. */
export function telegramSender(botToken: string, chatId: string, apiRoot?: string): AlertSender {
  // grammy loads only when Telegram alerts are configured.
  const { Api } = createRequire(import.meta.url)('grammy') as typeof import('grammy');
  const api = new Api(botToken, apiRoot ? { apiRoot } : undefined);
  return {
    send: async (text) => {
      await api.sendMessage(chatId, text);
    },
  };
}

export interface JournalAlertsOptions {
  journal: Journal;
  queries: QueryService;
  sender: AlertSender;
  /** Scrubs secrets from every message and error. */
  redact: (text: string) => string;
  logger?: Logger;
  pollMs?: number;
  /** Wall clock for the daily summary (UTC days). */
  now?: () => number;
}

const fmt = (v: unknown, digits = 4) => (typeof v === 'number' ? Number(v.toFixed(digits)).toString() : '–');
const usdt = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(3)} USDT`;

/**
 * Alerts from the journal (the one record of what happened): opens, closes with PnL, stop moves,
 * trading-state changes, errors, and a summary of each UTC day. Only rows newer than the start are
 * sent; a failed send is retried on the next poll, and never reaches the engine.
 */
export class JournalAlerts {
  private readonly last: Record<string, number> = {};
  private readonly queue: string[] = [];
  private timer: NodeJS.Timeout | null = null;
  private dayStart: number;
  private sending: Promise<void> | null = null;
  private dropped = 0;

  constructor(private readonly options: JournalAlertsOptions) {
    const followed: FollowedTable[] = [
      'position_opens',
      'position_closes',
      'stop_moves',
      'trading_state_changes',
      'events',
    ];
    for (const table of followed) {
      this.last[table] = this.maxId(table);
    }
    this.dayStart = this.today();
  }

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.options.pollMs ?? 5000);
    this.timer.unref?.();
  }

  /** Collects what is new and sends the queue; resolves when this round is done. */
  async poll(): Promise<void> {
    if (this.sending) return this.sending;
    this.sending = this.round().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.poll();
  }

  private async round(): Promise<void> {
    try {
      this.collect();
    } catch (error) {
      this.options.logger?.warn({ error: errorText(error) }, 'alerts: the journal could not be read');
      return;
    }
    while (this.queue.length > 0) {
      const text = this.queue[0] as string;
      try {
        await this.options.sender.send(text);
        this.queue.shift();
      } catch (error) {
        const detail = this.options.redact(errorMessage(error));
        this.options.logger?.warn({ error: detail }, 'alert not delivered; retried on the next poll');
        return;
      }
    }
  }

  /** New journal rows as messages, in the order they happened. */
  private collect(): void {
    const { redact } = this.options;
    const found: { atMs: number; text: string }[] = [];
    const add = (atMs: unknown, text: string) => found.push({ atMs: Number(atMs), text });
    for (const o of this.newRows('position_opens')) {
      add(
        o.opened_at_ms,
        `🟢 OPEN ${o.side} ${o.symbol} ${fmt(o.qty, 6)} @ ${fmt(o.entry_price)} · stop ${fmt(o.stop_loss)} · take-profit ${fmt(o.take_profit)} · ${fmt(o.leverage, 1)}x`,
      );
    }
    for (const c of this.newRows('position_closes')) {
      const net = (c.gross_pnl_usdt as number) - (c.fees_usdt as number) + (c.funding as number);
      add(
        c.closed_at_ms,
        `${net >= 0 ? '✅' : '🔻'} CLOSED ${c.side} ${c.symbol} @ ${fmt(c.exit_price)} (${c.exit_reason}) · net ${usdt(net)} (gross ${usdt(c.gross_pnl_usdt as number)}, fees ${fmt(c.fees_usdt)}, funding ${fmt(c.funding)})`,
      );
    }
    for (const m of this.newRows('stop_moves')) {
      add(m.at_ms, `↕ stop ${m.symbol} ${fmt(m.old_stop)} → ${fmt(m.new_stop)} (${m.rule}: ${m.reason})`);
    }
    for (const s of this.newRows('trading_state_changes')) {
      add(s.at_ms, `⚙ trading state ${s.from_state} → ${s.to_state}: ${s.reason}`);
    }
    for (const e of this.newRows('events', true)) {
      add(e.at_ms, `⚠ ${String(e.severity).toUpperCase()} ${e.kind}: ${e.message}`);
    }
    found.sort((a, b) => a.atMs - b.atMs);
    for (const item of found) this.push(item.text);
    const today = this.today();
    if (today > this.dayStart) {
      this.push(this.dailySummary(today - DAY_MS, today));
      this.dayStart = today;
    }
    for (let i = 0; i < this.queue.length; i += 1)
      this.queue[i] = redact(this.queue[i] as string).slice(0, MAX_MESSAGE);
  }

  private dailySummary(fromMs: number, toMs: number): string {
    const r = this.options.queries.report({ fromMs, toMs }).overall;
    const day = new Date(fromMs).toISOString().slice(0, 10);
    const blocked = Object.entries(r.blockedByConstraint)
      .map(([code, n]) => `${code} ${n}`)
      .join(', ');
    return [
      `📊 ${day} (UTC): net ${usdt(r.netPnlUsdt)} over ${r.closedTrades} closed trades, win rate ${r.winRate === null ? '–' : `${(r.winRate * 100).toFixed(0)}%`}`,
      `${r.decisions} decisions, ${r.holdDecisions} HOLD, ${r.positionsOpened} opened, LIMIT fill ${r.limitFillRate === null ? '–' : `${(r.limitFillRate * 100).toFixed(0)}%`}`,
      `fees ${fmt(r.feesUsdt)} · funding ${fmt(r.fundingUsdt)} · max drawdown ${fmt(r.maxDrawdownUsdt)} USDT · AI cost ${fmt(r.aiCostUsd)} USD`,
      blocked ? `blocked: ${blocked}` : 'blocked: none',
    ].join('\n');
  }

  private push(text: string): void {
    this.queue.push(text);
    if (this.queue.length > MAX_QUEUE) {
      this.queue.shift();
      this.dropped += 1;
      this.queue[0] = `(${this.dropped} older alerts dropped while Telegram was unreachable)`;
    }
  }

  /** Rows after the last seen id; `filtered` queries still advance the mark past skipped rows. */
  private newRows(table: FollowedTable, filtered = false): JournalRow[] {
    const after = this.last[table] ?? 0;
    const rows = this.options.queries.rowsAfter(table, after);
    const top = filtered ? this.maxId(table) : Math.max(after, ...rows.map((r) => r.id as number));
    this.last[table] = top;
    return rows.filter((r) => (r.id as number) <= top);
  }

  private maxId(table: FollowedTable): number {
    return this.options.queries.latestRowId(table);
  }

  private today(): number {
    return Math.floor((this.options.now ?? Date.now)() / DAY_MS) * DAY_MS;
  }
}
