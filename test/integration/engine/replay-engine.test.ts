import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.ts';
import { buildReplayEngine } from '../../../src/app/wiring.ts';
import { loadConfig } from '../../../src/config/index.ts';
import { type Journal, openJournal } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { dataFile, hasRealData } from '../../support/data.ts';

const CYCLES = 200;

describe.skipIf(!hasRealData)(
  'the engine on replayed real candles (paper exchange, baseline decider)',
  () => {
    let dir: string;
    let journal: Journal;
    let cycles = 0;

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'warden-engine-'));
      const { config } = loadConfig({
        env: { SYMBOLS: 'BTCUSDT,ETHUSDT', JOURNAL_PATH: path.join(dir, 'journal.db') },
        dotenvPath: null,
      });
      journal = openJournal(config.JOURNAL_PATH);
      const logger = createLogger({ level: 'silent', pretty: false });
      const { engine } = buildReplayEngine(
        { config, journal, logger },
        { dir: dataFile('bybit-linear'), speed: 'instant', maxCycles: CYCLES },
      );
      cycles = (await engine.run()).cycles;
    }, 120_000);

    afterAll(() => {
      journal?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const all = <T>(sql: string, ...params: unknown[]) =>
      databaseOf(journal)
        .prepare(sql)
        .all(...params) as T[];

    it('runs the requested number of cycles and ends each one as completed', () => {
      expect(cycles).toBe(CYCLES);
      const outcomes = all<{ outcome: string; n: number }>(
        'SELECT e.outcome, COUNT(*) AS n FROM cycles c JOIN cycle_ends e ON e.cycle_id = c.id GROUP BY e.outcome',
      );
      expect(outcomes).toEqual([{ outcome: 'completed', n: CYCLES }]);
    });

    it('journals exactly one decision per symbol per cycle, HOLDs included', () => {
      const perCycle = all<{ cycle_id: string; n: number; symbols: number }>(
        'SELECT cycle_id, COUNT(*) AS n, COUNT(DISTINCT symbol) AS symbols FROM decisions GROUP BY cycle_id',
      );
      expect(perCycle).toHaveLength(CYCLES);
      for (const row of perCycle) expect(row).toMatchObject({ n: 2, symbols: 2 });
    });

    it('fills every audit field of a decision', () => {
      const rows = all<Record<string, unknown>>('SELECT * FROM decisions');
      for (const row of rows) {
        expect(row.prompt_version).toBe('v5_neutral');
        expect(row.provider).toBe('baseline');
        expect(typeof row.model).toBe('string');
        const snapshot = JSON.parse(row.input_snapshot_json as string);
        expect(snapshot.walletAvailableUsdt).toBeGreaterThan(0);
        expect(snapshot.markPrice).toBeGreaterThan(0);
        expect(Array.isArray(JSON.parse(row.blocked_by_json as string))).toBe(true);
        expect(Array.isArray(JSON.parse(row.adjustments_json as string))).toBe(true);
        if (row.model_call_id === null) {
          // Not asked (AI_SKIP_FUTILE): no answer could have opened it; the codes say why.
          expect(row.detail).toMatch(/^not asked: no answer could open /);
          expect(JSON.parse(row.blocked_by_json as string).length).toBeGreaterThan(0);
          expect(row.prompt_hash).toBeNull();
        } else {
          expect(row.prompt_hash).toMatch(/^[0-9a-f]{64}$/);
          expect(row.response_hash).toMatch(/^[0-9a-f]{64}$/);
          expect(row.latency_ms).not.toBeNull();
        }
        expect(row.pre_score).not.toBeNull();
        expect(row.range_score).not.toBeNull();
      }
    });

    it('sends every approved open with its stop attached and journals the order under the decision', () => {
      const opens = all<{ id: number; order_ids_json: string; order_json: string }>(
        "SELECT id, order_ids_json, order_json FROM decisions WHERE final_action IN ('OPEN_LONG', 'OPEN_SHORT')",
      );
      expect(opens.length).toBeGreaterThan(0);
      for (const open of opens) {
        const [clientId] = JSON.parse(open.order_ids_json) as string[];
        const order = journal.findOrder(clientId as string);
        expect(order).not.toBeNull();
        expect(order?.decisionId).toBe(open.id);
        expect(order?.stopLoss).toBe(JSON.parse(open.order_json).stopLoss);
        expect(order?.stopLoss).toBeGreaterThan(0);
      }
    });

    it('never loses more than the planned risk on a closed trade unless the stop gapped', () => {
      const trades = all<{ gross: number; fees: number; risk: number; reason: string }>(
        `SELECT c.gross_pnl_usdt AS gross, c.fees_usdt AS fees, json_extract(d.order_json, '$.riskUsdt') AS risk,
         c.exit_reason AS reason
       FROM position_closes c JOIN position_opens o ON o.position_id = c.position_id
       JOIN decisions d ON d.id = o.decision_id`,
      );
      for (const t of trades) {
        if (t.reason !== 'STOP_LOSS') continue;
        expect(-(t.gross - t.fees)).toBeLessThanOrEqual(t.risk * 1.5);
      }
    });
  },
);
