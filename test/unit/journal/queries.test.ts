import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Journal, openJournal, QueryService, renderReportTable } from '../../../src/journal/index.ts';
import { buildKnownJournal } from './fixture.ts';
import { MIN, T0, tempJournalPath } from './stubs.ts';

let temp: ReturnType<typeof tempJournalPath>;
let journal: Journal;
let queries: QueryService;

beforeAll(() => {
  temp = tempJournalPath();
  const writer = openJournal(temp.file);
  buildKnownJournal(writer);
  writer.close();
  journal = openJournal(temp.file, { readOnly: true });
  queries = new QueryService(journal);
});

afterAll(() => {
  journal.close();
  temp.remove();
});

const bucket = (label: string, trades: number, meanConfidence: number | null, winRate: number | null) => ({
  label,
  trades,
  meanConfidence,
  winRate,
});

describe('the SPEC section 8 figures, overall', () => {
  it('counts decisions, HOLDs (model and blocked) and blocked decisions per constraint', () => {
    const all = queries.report().overall;
    expect(all.decisions).toBe(10);
    expect(all.holdDecisions).toBe(4);
    expect(all.proposedHolds).toBe(2);
    expect(all.blockedDecisions).toBe(3);
    expect(all.approvedOpens).toBe(6);
    expect(all.blockedByConstraint).toEqual({
      LOW_SETUP_SCORE: 2,
      AI_INVALID_OUTPUT: 1,
      SL_TOO_WIDE: 1,
      SYMBOL_ALREADY_OPEN: 1,
    });
  });

  it('averages the entry notional of every position opened, adopted ones included', () => {
    const all = queries.report().overall;
    expect(all.positionsOpened).toBe(4);
    expect(all.averagePositionNotionalUsdt).toBeCloseTo((50 + 40 + 30 + 20) / 4, 10);
  });

  it('computes the LIMIT fill rate over decided LIMIT entries (resting and rejected ones left out)', () => {
    const all = queries.report().overall;
    expect(all.limitEntriesPlaced).toBe(3);
    expect(all.limitEntriesFilled).toBe(2);
    expect(all.limitFillRate).toBeCloseTo(2 / 3, 12);
  });

  it('computes win rate on net trade PnL and PnL net of fees and funding', () => {
    const all = queries.report().overall;
    expect(all.closedTrades).toBe(4);
    expect(all.wins).toBe(2);
    expect(all.losses).toBe(2);
    expect(all.winRate).toBe(0.5);
    expect(all.grossPnlUsdt).toBeCloseTo(1.3, 12);
    expect(all.feesUsdt).toBeCloseTo(0.21, 12);
    expect(all.fundingUsdt).toBeCloseTo(0.005, 12);
    expect(all.netPnlUsdt).toBeCloseTo(1.095, 12);
  });

  it('takes max drawdown from the equity snapshots, against the running peak', () => {
    const all = queries.report().overall;
    expect(all.drawdownSource).toBe('equity');
    expect(all.maxDrawdownUsdt).toBeCloseTo(1.5, 12);
    expect(all.maxDrawdownPct).toBeCloseTo(1.5 / 101, 12);
  });

  it('calibrates stated confidence against the realised win rate of the resulting trades', () => {
    const all = queries.report().overall;
    expect(all.calibration.map((b) => bucket(b.label, b.trades, b.meanConfidence, b.winRate))).toEqual([
      bucket('0–50', 0, null, null),
      bucket('50–60', 0, null, null),
      bucket('60–70', 0, null, null),
      bucket('70–80', 1, 72, 1),
      bucket('80–90', 2, 86.5, 0),
      bucket('90–100', 0, null, null),
    ]);
    expect(all.tradesWithoutConfidence).toBe(1);
  });

  it('gives each calibration bucket the 95 % Wilson interval of its win rate, so 1 trade is no evidence', () => {
    const [, , , seventy, eighty, ninety] = queries.report().overall.calibration;
    // 1 win of 1: [20.65 %, 100 %]; 0 wins of 2: [0, 65.76 %] (Wilson 1927, z = 1.96).
    expect(seventy?.winRateLow).toBeCloseTo(0.2065, 4);
    expect(seventy?.winRateHigh).toBe(1);
    expect(eighty?.winRateLow).toBe(0);
    expect(eighty?.winRateHigh).toBeCloseTo(0.6576, 4);
    expect(ninety).toMatchObject({ trades: 0, winRateLow: null, winRateHigh: null });
  });

  it('prints every calibration bucket of `warden report` with its interval and trade count', () => {
    const table = renderReportTable(queries.report(), 'known.db');
    expect(table).toContain('realised win rate [95 % Wilson interval]');
    expect(table).toMatch(/80–90 +2 · mean 86\.5 · won 0\.00% \[0\.00%, 65\.8%\]/);
    expect(table).toMatch(/70–80 +1 · mean 72\.0 · won 100\.0% \[20\.7%, 100\.0%\]/);
  });
});

describe('the SPEC section 8 figures, per prompt version', () => {
  it('splits every figure by the prompt version of the decision behind it', () => {
    const [vA, vB] = queries.report().byPromptVersion;
    expect(vA).toMatchObject({
      promptVersion: 'vA',
      decisions: 5,
      holdDecisions: 2,
      proposedHolds: 1,
      blockedDecisions: 1,
      blockedByConstraint: { SYMBOL_ALREADY_OPEN: 1, LOW_SETUP_SCORE: 1 },
      positionsOpened: 1,
      averagePositionNotionalUsdt: 50,
      limitEntriesPlaced: 2,
      limitEntriesFilled: 1,
      limitFillRate: 0.5,
      closedTrades: 1,
      wins: 1,
      winRate: 1,
      drawdownSource: 'trades',
      maxDrawdownUsdt: 0,
      maxDrawdownPct: null,
    });
    expect(vA?.netPnlUsdt).toBeCloseTo(0.93, 12);
    expect(vB).toMatchObject({
      promptVersion: 'vB',
      decisions: 5,
      holdDecisions: 2,
      proposedHolds: 1,
      blockedDecisions: 2,
      blockedByConstraint: { SL_TOO_WIDE: 1, LOW_SETUP_SCORE: 1, AI_INVALID_OUTPUT: 1 },
      positionsOpened: 2,
      averagePositionNotionalUsdt: 25,
      limitEntriesPlaced: 1,
      limitEntriesFilled: 1,
      limitFillRate: 1,
      closedTrades: 2,
      wins: 0,
      winRate: 0,
      drawdownSource: 'trades',
    });
    expect(vB?.netPnlUsdt).toBeCloseTo(-0.31, 12);
    expect(vB?.maxDrawdownUsdt).toBeCloseTo(0.31, 12);
  });
});

describe('time ranges', () => {
  it('counts only what happened inside [from, to)', () => {
    const c2 = queries.report({ fromMs: T0 + 15 * MIN, toMs: T0 + 30 * MIN }).overall;
    expect(c2.decisions).toBe(3);
    expect(c2.holdDecisions).toBe(2);
    expect(c2.closedTrades).toBe(0);
    expect(c2.winRate).toBeNull();
    expect(c2.maxDrawdownUsdt).toBeCloseTo(0, 12);
  });

  it('reports null ratios, not zeros, for an empty range', () => {
    const empty = queries.report({ fromMs: T0 + 10_000 * MIN }).overall;
    expect(empty).toMatchObject({
      decisions: 0,
      averagePositionNotionalUsdt: null,
      limitFillRate: null,
      winRate: null,
      maxDrawdownUsdt: null,
      drawdownSource: 'none',
      netPnlUsdt: 0,
    });
  });
});

describe('lists for the dashboard', () => {
  it('filters decisions by symbol, final action, blocked-by code and prompt version, newest first', () => {
    expect(queries.decisions({ symbol: 'SOLUSDT' }).total).toBe(3);
    expect(queries.decisions({ action: 'HOLD', promptVersion: 'vB' }).total).toBe(2);
    const low = queries.decisions({ blockedBy: 'LOW_SETUP_SCORE' });
    expect(low.items.map((d) => [d.symbol, d.cycleId])).toEqual([
      ['BTCUSDT', 'c2'],
      ['SOLUSDT', 'c1'],
    ]);
    const page2 = queries.decisions({ limit: 4, offset: 4 });
    expect(page2.total).toBe(10);
    expect(page2.items.map((d) => d.id)).toEqual([6, 5, 4, 3]);
  });

  it('lists orders, open ones only on request, with their lifecycle', () => {
    expect(queries.orders().total).toBe(6);
    expect(queries.orders({ openOnly: true }).items.map((o) => o.clientOrderId)).toEqual(['c3-ETHUSDT']);
    expect(queries.orderTimeline('c2-ETHUSDT').map((e) => e.state)).toEqual([
      'INTENT',
      'SUBMITTED',
      'PARTIALLY_FILLED',
      'FILLED',
    ]);
  });

  it('lists closed trades with net PnL, version and stated confidence', () => {
    const trades = queries.closedTrades().items;
    expect(trades.map((t) => t.positionId)).toEqual(['pC', 'pB', 'pD', 'pA']);
    expect(trades[1]).toMatchObject({ promptVersion: 'vB', confidence: 88, fundingUsdt: 0.02 });
    expect(trades[1]?.netPnlUsdt).toBeCloseTo(-0.31, 12);
  });

  it('downsamples the equity curve to at most maxPoints, keeping the last point', () => {
    expect(queries.equityCurve().map((p) => p.equityUsdt)).toEqual([100, 101, 99.5, 102, 100.98, 103]);
    const three = queries.equityCurve({ maxPoints: 3 });
    expect(three.map((p) => p.equityUsdt)).toEqual([101, 102, 103]);
  });

  it('lists stop moves per symbol and events from a minimum severity', () => {
    expect(queries.stopMoves({ symbol: 'BTCUSDT' }).items.map((m) => [m.rule, m.newStop])).toEqual([
      ['PROFIT_LOCK', 50_250],
      ['BREAK_EVEN', 50_050],
    ]);
    const warnings = queries.events({ minSeverity: 'warn' }).items;
    expect(warnings.map((e) => e.kind)).toEqual(['exchange.error', 'cycle.slow']);
    expect(warnings[0]?.detail).toEqual({ code: 10006 });
  });
});
