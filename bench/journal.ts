import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BlockReason, DecisionRecord } from '../src/domain/index.ts';
import { exportDecisions, type Journal, openJournal, QueryService } from '../src/journal/index.ts';
import { databaseOf } from '../src/journal/lookups.ts';
import { stubs } from '../test/unit/journal/stubs.ts';
import type { BenchFigure, BenchSuite } from './types.ts';

const BIG_JOURNAL_DECISIONS = 100_000;
const WRITE_SECONDS = 2;
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT', 'DOGEUSDT'];
const CODES: BlockReason[] = [
  'SYMBOL_ALREADY_OPEN',
  'LOW_SETUP_SCORE',
  'SL_TOO_WIDE',
  'MAX_TOTAL_RISK_EXCEEDED',
];

function decision(i: number, cycleId: string, atMs: number): DecisionRecord {
  const symbol = SYMBOLS[i % SYMBOLS.length] ?? 'BTCUSDT';
  const promptVersion = i % 2 === 0 ? 'v3_neutral' : 'v4_terse';
  if (i % 3 === 0) return stubs.decision({ symbol, cycleId, atMs, promptVersion });
  const blocked = i % 3 === 1;
  return stubs.openDecision(i % 2 === 0 ? 'LONG' : 'SHORT', {
    symbol,
    cycleId,
    atMs,
    promptVersion,
    ...(blocked
      ? { action: 'HOLD', blockedBy: [CODES[i % CODES.length] ?? 'LOW_SETUP_SCORE'], orderIds: [] }
      : {}),
  });
}

/** Decision rows per second, each its own committed transaction, for `seconds`. */
function writeRate(journal: Journal, seconds: number): number {
  const start = performance.now();
  let rows = 0;
  while (performance.now() - start < seconds * 1000) {
    const cycleId = `w${rows}`;
    journal.recordCycleStart(stubs.cycle({ cycleId, startedAtMs: 1_735_689_600_000 + rows }));
    journal.recordDecision(decision(rows, cycleId, 1_735_689_600_000 + rows));
    rows += 1;
  }
  return rows / ((performance.now() - start) / 1000);
}

export function fillBigJournal(journal: Journal): void {
  const t0 = Date.UTC(2025, 0, 1);
  const cycleMs = 15 * 60_000;
  databaseOf(journal).transaction(() => {
    for (let i = 0; i < BIG_JOURNAL_DECISIONS; i += 1) {
      const cycle = Math.floor(i / SYMBOLS.length);
      const atMs = t0 + cycle * cycleMs;
      const cycleId = `c${cycle}`;
      if (i % SYMBOLS.length === 0) {
        journal.recordCycleStart(stubs.cycle({ cycleId, startedAtMs: atMs, symbols: SYMBOLS }));
        journal.recordEquity({
          atMs,
          equityUsdt: 100 + Math.sin(cycle / 50) * 5,
          walletBalanceUsdt: 100,
          availableUsdt: 90,
          unrealisedPnlUsdt: 0,
        });
      }
      const id = journal.recordDecision(decision(i, cycleId, atMs));
      if (i % 3 === 2) {
        const clientOrderId = `${cycleId}-${i}`;
        journal.recordOrderEvent(stubs.orderEvent({ clientOrderId, decisionId: id, atMs }));
        journal.recordOrderEvent({
          clientOrderId,
          state: i % 2 === 0 ? 'FILLED' : 'CANCELLED',
          atMs: atMs + 60_000,
        });
        if (i % 2 === 0) {
          journal.recordPositionOpen(
            stubs.positionOpen({ positionId: clientOrderId, decisionId: id, openedAtMs: atMs + 60_000 }),
          );
          journal.recordPositionClose(
            stubs.positionClose({
              positionId: clientOrderId,
              closedAtMs: atMs + 600_000,
              grossPnlUsdt: (i % 7) - 3,
              feesUsdt: 0.05,
            }),
          );
        }
      }
    }
  })();
}

function timeMs(fn: () => void, repeats = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < repeats; r += 1) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

export const journalSuite: BenchSuite = {
  name: 'journal',
  async run(): Promise<BenchFigure[]> {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-bench-journal-'));
    try {
      const full = openJournal(path.join(dir, 'full.db'));
      const fullRate = writeRate(full, WRITE_SECONDS);
      full.close();
      const normal = openJournal(path.join(dir, 'normal.db'));
      databaseOf(normal).pragma('synchronous = NORMAL');
      const normalRate = writeRate(normal, WRITE_SECONDS);
      normal.close();

      const bigFile = path.join(dir, 'big.db');
      const writer = openJournal(bigFile);
      const fillMs = timeMs(() => fillBigJournal(writer), 1);
      writer.close();
      const reader = openJournal(bigFile, { readOnly: true });
      const queries = new QueryService(reader);
      const reportMs = timeMs(() => new QueryService(reader).report());
      const monthMs = timeMs(() =>
        new QueryService(reader).report({ fromMs: Date.UTC(2025, 5, 1), toMs: Date.UTC(2025, 6, 1) }),
      );
      const pageMs = timeMs(() =>
        queries.decisions({ blockedBy: 'LOW_SETUP_SCORE', limit: 50, offset: 1000 }),
      );
      const exportFile = path.join(dir, 'ai_decisions.json');
      const exportMs = timeMs(() => exportDecisions(reader, exportFile), 1);
      const exportMb = statSync(exportFile).size / 2 ** 20;
      reader.close();
      const bytesPerDecision = statSync(bigFile).size / BIG_JOURNAL_DECISIONS;
      return [
        {
          name: 'decision rows written, synchronous=FULL',
          value: fullRate,
          unit: 'rows/s',
          note: 'one fsynced transaction each, with its cycle row',
        },
        { name: 'decision rows written, synchronous=NORMAL (comparison)', value: normalRate, unit: 'rows/s' },
        {
          name: `bulk fill of ${BIG_JOURNAL_DECISIONS.toLocaleString('en-US')} decisions (one transaction)`,
          value: fillMs,
          unit: 'ms',
          note: 'plus orders, positions, equity',
        },
        { name: 'journal size per decision (bulk journal)', value: bytesPerDecision, unit: 'bytes' },
        {
          name: `report over ${BIG_JOURNAL_DECISIONS.toLocaleString('en-US')} decisions, all time`,
          value: reportMs,
          unit: 'ms',
          note: 'overall + 2 prompt versions',
        },
        { name: 'report over one month of that journal', value: monthMs, unit: 'ms' },
        { name: 'decision list page filtered by blocked_by code', value: pageMs, unit: 'ms' },
        {
          name: `export of ${BIG_JOURNAL_DECISIONS.toLocaleString('en-US')} decisions to ai_decisions.json`,
          value: exportMs,
          unit: 'ms',
          note: `${exportMb.toFixed(1)} MiB`,
        },
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
