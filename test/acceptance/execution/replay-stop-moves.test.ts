import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.ts';
import { buildReplayEngine } from '../../../src/app/wiring.ts';
import { loadConfig } from '../../../src/config/index.ts';
import type { PaperExchange } from '../../../src/exchange/paper/index.ts';
import { stopOnExchange } from '../../../src/execution/protection.ts';
import { type Journal, openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { dataFile, hasRealData } from '../../support/data.ts';

const CYCLES = 600; // 15m cycles: about 6 days of BTCUSDT and ETHUSDT from January 2025
const LADDER = [
  { movePct: 0.012, lockPct: 0.008 },
  { movePct: 0.02, lockPct: 0.015 },
  { movePct: 0.03, lockPct: 0.024 },
];

interface MoveRow {
  at_ms: number;
  symbol: string;
  rule: string;
  reason: string;
  old_stop: number | null;
  new_stop: number;
  mark_price: number;
  entry_price: number;
  side: 'LONG' | 'SHORT';
}

/**
 * The baseline decider trades real candles through the paper exchange; the position manager moves
 * the stops. Thresholds are tighter than the defaults so that, in two weeks of data, each rule
 * wins at least once (with the SPEC defaults the first profit-lock rung always beats break-even).
 */
describe.skipIf(!hasRealData)('stop moves on a replay of real Bybit candles', () => {
  let dir: string;
  let journal: Journal;
  let exchange: PaperExchange;
  let moves: MoveRow[] = [];
  const tick: Record<string, number> = {};

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'warden-stops-'));
    const { config } = loadConfig({
      env: {
        SYMBOLS: 'BTCUSDT,ETHUSDT',
        JOURNAL_PATH: path.join(dir, 'journal.db'),
        BREAK_EVEN_TRIGGER_PCT: '0.008',
        TRAILING_ATR_MULTIPLIER: '1',
        TRAILING_MIN_DISTANCE_PCT: '0.005',
        PROFIT_LOCK_LADDER: LADDER.map((r) => `${r.movePct}:${r.lockPct}`).join(','),
      },
      dotenvPath: null,
    });
    journal = openJournal(config.JOURNAL_PATH);
    const built = buildReplayEngine(
      { config, journal, logger: createLogger({ level: 'silent', pretty: false }) },
      { dir: dataFile('bybit-linear'), speed: 'instant', maxCycles: CYCLES },
    );
    exchange = built.exchange;
    await built.engine.run();
    for (const rules of await exchange.getInstruments()) tick[rules.symbol] = rules.tickSize;
    moves = databaseOf(journal)
      .prepare(
        `SELECT s.at_ms, s.symbol, s.rule, s.reason, s.old_stop, s.new_stop, s.mark_price, o.entry_price, o.side
         FROM stop_moves s JOIN position_opens o ON o.position_id = s.position_id ORDER BY s.id`,
      )
      .all() as MoveRow[];
  }, 180_000);

  afterAll(() => {
    journal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('moves stops by each SPEC rule: break-even, profit lock and ATR trailing', () => {
    const byRule = new Map<string, number>();
    for (const m of moves) byRule.set(m.rule, (byRule.get(m.rule) ?? 0) + 1);
    expect(byRule.get('BREAK_EVEN')).toBeGreaterThan(0);
    expect(byRule.get('PROFIT_LOCK')).toBeGreaterThan(0);
    expect(byRule.get('TRAILING')).toBeGreaterThan(0);
    expect([...byRule.keys()].every((r) => ['BREAK_EVEN', 'PROFIT_LOCK', 'TRAILING'].includes(r))).toBe(true);
  });

  it('moves stops on every 5m candle, not only at the 15m decision closes', () => {
    expect(moves.some((m) => m.at_ms % 900_000 !== 0)).toBe(true);
    expect(moves.every((m) => m.at_ms % 300_000 === 0)).toBe(true);
  });

  it('only ever tightens, by at least one tick, and stays on the losing side of the mark', () => {
    for (const m of moves) {
      const sign = m.side === 'LONG' ? 1 : -1;
      const t = tick[m.symbol] ?? 0;
      expect(m.old_stop).not.toBeNull();
      expect(sign * (m.new_stop - (m.old_stop ?? 0))).toBeGreaterThanOrEqual(t - 1e-9);
      expect(sign * (m.mark_price - m.new_stop)).toBeGreaterThanOrEqual(t - 1e-9);
    }
  });

  it('puts every stop where its rule says, and the journal explains each move', () => {
    for (const m of moves) {
      const sign = m.side === 'LONG' ? 1 : -1;
      const t = (tick[m.symbol] ?? 0) + 1e-9;
      expect(m.reason.length).toBeGreaterThan(10);
      if (m.rule === 'BREAK_EVEN') {
        expect(Math.abs(m.new_stop - m.entry_price * (1 + sign * 0.001))).toBeLessThanOrEqual(t);
        expect(m.reason).toMatch(/best move .* ≥ 0\.80%/);
      } else if (m.rule === 'PROFIT_LOCK') {
        const locked = LADDER.map((r) => m.entry_price * (1 + sign * r.lockPct));
        expect(Math.min(...locked.map((p) => Math.abs(p - m.new_stop)))).toBeLessThanOrEqual(t);
      } else {
        const best = Number(/best ([0-9.]+)/.exec(m.reason)?.[1]);
        expect((sign * (best - m.entry_price)) / m.entry_price).toBeGreaterThanOrEqual(0.01);
        const distance = (sign * (best - m.new_stop)) / best;
        expect(distance).toBeGreaterThanOrEqual(0.005 - 1e-9);
        expect(distance).toBeLessThanOrEqual(0.025 + t / best);
      }
    }
  });

  it('leaves the journal and the exchange in agreement: same positions, same stops', async () => {
    const venue = (await exchange.getPositions()).filter((p) => p.qty > 0);
    const orders = await exchange.getOpenOrders();
    const open = journal.openPositions();
    expect(open.map((p) => p.symbol).sort()).toEqual(venue.map((p) => p.symbol).sort());
    for (const position of venue) {
      expect(open.find((p) => p.symbol === position.symbol)?.stopLoss).toBe(stopOnExchange(position, orders));
    }
    const closes = databaseOf(journal).prepare('SELECT exit_reason FROM position_closes').all() as {
      exit_reason: string;
    }[];
    expect(closes.length).toBeGreaterThan(0);
    expect(closes.every((c) => c.exit_reason !== 'RECONCILIATION')).toBe(true);
  });
});
