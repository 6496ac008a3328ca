import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/app/logger.ts';
import { SEED_LOG_PREFIXES } from '../../../src/engine/decision-log.ts';
import { writeDecisionsJson } from '../../../src/journal/index.ts';
import { databaseOf } from '../../../src/journal/lookups.ts';
import { type ScriptContext, ScriptedDecider } from '../../support/scripted-decider.ts';
import { configFor, runSyntheticEngine } from '../../support/synthetic-run.ts';

/** A LIMIT long priced under the mark (never crossing the book), on a 1% stop. */
const limitLong = (mark: number, leverage: number) => ({
  action: 'OPEN_LONG',
  confidence: 70,
  leverage,
  size_pct: 0.1,
  entry_type: 'LIMIT',
  entry_price: Math.round(mark * 0.998 * 100) / 100,
  sl_pct: 0.01,
  tp_pct: 0.02,
  rationale: 'scripted',
});

/**
 * Call 0: SOL a valid LIMIT long at 20x (clamped to 10x); ADA a LIMIT long without entry_price.
 * Call 1: SOL the same again (already open or pending); ADA a LIMIT short with a 5% stop (too wide).
 * Call 2: ADA a MARKET long (MARKET entries disabled).
 * Call 3: ADA a valid LIMIT long at 5x (no clamp).
 */
function script({ call, symbol, mark }: ScriptContext): Record<string, unknown> | null {
  if (symbol === 'SOLUSDT') return call <= 1 ? limitLong(mark, 20) : null;
  if (call === 0) return { ...limitLong(mark, 5), entry_price: null };
  if (call === 1)
    return { ...limitLong(mark, 5), action: 'OPEN_SHORT', entry_price: mark * 1.002, sl_pct: 0.05 };
  if (call === 2) return { ...limitLong(mark, 5), entry_type: 'MARKET', entry_price: null };
  return limitLong(mark, 5);
}

interface LogLine {
  msg: string;
  symbol?: string;
  cycleId?: string;
}

describe('the seed audit contract on a real engine run (scripted model, paper exchange)', () => {
  const lines: LogLine[] = [];
  let run: Awaited<ReturnType<typeof runSyntheticEngine>>;
  let cycles: string[] = [];
  let exported: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const text of String(chunk).split('\n'))
          if (text.trim()) lines.push(JSON.parse(text) as LogLine);
        done();
      },
    });
    const config = configFor(['SOLUSDT', 'ADAUSDT'], { SCORE_GATE_ENABLED: 'false' });
    run = await runSyntheticEngine({
      config,
      decider: new ScriptedDecider(script),
      cycles: 4,
      logger: createLogger({ level: 'info', pretty: false, destination: sink }),
    });
    cycles = databaseOf(run.journal).prepare('SELECT id FROM cycles ORDER BY seq').pluck().all() as string[];
    let text = '';
    writeDecisionsJson(run.journal, (chunk) => {
      text += chunk;
    });
    exported = JSON.parse(text) as Record<string, unknown>[];
  }, 120_000);

  afterAll(() => run?.close());

  const decisionOf = (call: number, symbol: string) =>
    exported.find((d) => d.cycle_id === cycles[call] && d.symbol === symbol) as Record<string, unknown>;
  const seedLines = (prefix: string) =>
    lines.filter((l) => l.msg.startsWith(prefix)).map((l) => `${l.cycleId}/${l.symbol}`);
  const at = (call: number, symbol: string) => `${cycles[call]}/${symbol}`;

  it('ran four cycles of two symbols', () => {
    expect(cycles).toHaveLength(4);
    expect(exported).toHaveLength(8);
  });

  it('exports the final action and leverage under the seed names, the proposal beside them', () => {
    const sol = decisionOf(0, 'SOLUSDT');
    expect(sol).toMatchObject({
      symbol: 'SOLUSDT',
      action: 'OPEN_LONG',
      leverage: 10,
      proposed_action: 'OPEN_LONG',
      proposed_leverage: 20,
      confidence: 70,
      size_pct: 0.1,
      prompt_version: 'v5_neutral',
      blocked_by: [],
    });
    expect((sol.order as { leverage: number }).leverage).toBe(10);
    const blockedAgain = decisionOf(1, 'SOLUSDT');
    expect(blockedAgain).toMatchObject({
      action: 'HOLD',
      leverage: null,
      proposed_action: 'OPEN_LONG',
      proposed_leverage: 20,
    });
    expect(blockedAgain.blocked_by).toContain('SYMBOL_ALREADY_OPEN');
    expect(decisionOf(0, 'ADAUSDT')).toMatchObject({
      action: 'HOLD',
      leverage: null,
      proposed_action: 'OPEN_LONG',
      proposed_leverage: 5,
      blocked_by: ['INVALID_ENTRY_PRICE'],
    });
  });

  it('puts the seed input_snapshot fields first, with the values the gate decided on', () => {
    const equity = databaseOf(run.journal).prepare(
      'SELECT available_usdt FROM equity_snapshots WHERE at_ms = ? ORDER BY id LIMIT 1',
    );
    for (const [call, symbol] of [
      [0, 'SOLUSDT'],
      [1, 'SOLUSDT'],
      [0, 'ADAUSDT'],
      [2, 'ADAUSDT'],
    ] as const) {
      const d = decisionOf(call, symbol);
      const snapshot = d.input_snapshot as Record<string, unknown>;
      const proposal = d.proposal_received as Record<string, unknown>;
      expect(Object.keys(snapshot).slice(0, 7)).toEqual([
        'entry_price',
        'sl_pct',
        'tp_pct',
        'leverage',
        'entry_type',
        'wallet_available',
        'positions_open',
      ]);
      expect(snapshot).toMatchObject({
        entry_price: proposal.entry_price,
        sl_pct: proposal.sl_pct,
        tp_pct: proposal.tp_pct,
        leverage: proposal.leverage,
        entry_type: proposal.entry_type,
        wallet_available: equity.pluck().get(d.timestamp_ms),
      });
    }
    expect(decisionOf(0, 'SOLUSDT').input_snapshot).toMatchObject({
      wallet_available: 100,
      positions_open: 0,
    });
    const openAtCall1 = databaseOf(run.journal)
      .prepare('SELECT COUNT(*) FROM position_opens WHERE opened_at_ms < ?')
      .pluck()
      .get(decisionOf(1, 'SOLUSDT').timestamp_ms);
    expect((decisionOf(1, 'SOLUSDT').input_snapshot as { positions_open: number }).positions_open).toBe(
      openAtCall1,
    );
  });

  it('logs risk-based sizing for every approved open and nothing else', () => {
    expect(seedLines(SEED_LOG_PREFIXES.riskBasedSizing)).toEqual([at(0, 'SOLUSDT'), at(3, 'ADAUSDT')]);
    const line = lines.find((l) => l.msg.startsWith(SEED_LOG_PREFIXES.riskBasedSizing));
    expect(line?.msg).toMatch(
      /^📊 Risk-based sizing for SOLUSDT: qty [\d.]+ @ [\d.]+ \(LIMIT\), stop [\d.]+, .* at 10x, risk/,
    );
  });

  it('logs a leverage clamp only where the gate clamped an approved open', () => {
    expect(seedLines(SEED_LOG_PREFIXES.leverageClamped)).toEqual([at(0, 'SOLUSDT')]);
    expect(lines.find((l) => l.msg.startsWith(SEED_LOG_PREFIXES.leverageClamped))?.msg).toBe(
      '📊 Leverage clamped for SOLUSDT: 20 → 10 (capped at MAX_LEVERAGE_OPEN)',
    );
  });

  it('logs the SYMBOL_ALREADY_OPEN block only where it blocked', () => {
    expect(seedLines(SEED_LOG_PREFIXES.symbolAlreadyOpen)).toEqual([at(1, 'SOLUSDT')]);
    expect(lines.find((l) => l.msg.startsWith(SEED_LOG_PREFIXES.symbolAlreadyOpen))?.msg).toMatch(
      /^🚫 Blocked OPEN_LONG on SOLUSDT: symbol already has open position/,
    );
  });

  it('logs LIMIT → HOLD only for INVALID_ENTRY_PRICE, not for other refused LIMIT or MARKET entries', () => {
    expect(seedLines(SEED_LOG_PREFIXES.limitToHold)).toEqual([at(0, 'ADAUSDT')]);
    expect(lines.find((l) => l.msg.startsWith(SEED_LOG_PREFIXES.limitToHold))?.msg).toMatch(
      /^⚠️ LIMIT entry without valid entry_price for ADAUSDT: entry_price=missing.*Converting to HOLD\.$/,
    );
    expect(decisionOf(1, 'ADAUSDT').blocked_by).toEqual(['SL_TOO_WIDE']);
    expect(decisionOf(2, 'ADAUSDT').blocked_by).toEqual(['MARKET_ENTRY_DISABLED']);
  });
});
