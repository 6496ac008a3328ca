import { describe, expect, it } from 'vitest';
import { stubs } from '../../support/stubs.ts';
import { gate } from './helpers.ts';

const NOW = stubs.NOW_MS;
const MIN = 60_000;

describe('the gate approves a sound proposal', () => {
  it('approves the default LIMIT long with the exact order', () => {
    const verdict = gate();
    expect(verdict.blockedBy).toEqual([]);
    expect(verdict.action).toBe('OPEN_LONG');
    expect(verdict.order).toMatchObject({ side: 'BUY', type: 'LIMIT', price: 50_000, stopLoss: 49_500 });
  });
});

describe('trading state', () => {
  it('refuses every open while HALTED — TRADING_HALTED', () => {
    const verdict = gate({ account: { tradingState: 'HALTED' } });
    expect(verdict.action).toBe('HOLD');
    expect(verdict.blockedBy).toEqual(['TRADING_HALTED']);
    expect(verdict.order).toBeUndefined();
  });

  it('refuses every open while REDUCING — TRADING_REDUCING', () => {
    const verdict = gate({ proposal: { action: 'OPEN_SHORT' }, account: { tradingState: 'REDUCING' } });
    expect(verdict.blockedBy).toEqual(['TRADING_REDUCING']);
  });
});

describe('symbol', () => {
  it('refuses a symbol that is not configured — SYMBOL_NOT_ALLOWED', () => {
    const verdict = gate({
      proposal: { symbol: 'DOGEUSDT', entryPrice: 0.2 },
      instrument: { symbol: 'DOGEUSDT', tickSize: 0.00001, qtyStep: 1, minQty: 1 },
      market: { symbol: 'DOGEUSDT', markPrice: 0.2 },
    });
    expect(verdict.blockedBy).toEqual(['SYMBOL_NOT_ALLOWED']);
  });

  it('refuses when no instrument rules are known — INSTRUMENT_UNKNOWN', () => {
    expect(gate({ instrument: null }).blockedBy).toEqual(['INSTRUMENT_UNKNOWN']);
  });

  it('refuses when the instrument rules are for another symbol — INSTRUMENT_UNKNOWN', () => {
    expect(gate({ instrument: { symbol: 'ETHUSDT' } }).blockedBy).toEqual(['INSTRUMENT_UNKNOWN']);
  });
});

describe('one per symbol', () => {
  it('refuses an open when the symbol already has a position — SYMBOL_ALREADY_OPEN', () => {
    const position = stubs.position({
      symbol: 'BTCUSDT',
      side: 'SHORT',
      qty: 0.0005,
      entryPrice: 50_000,
      stopLoss: 50_400,
    });
    const verdict = gate({ account: { positions: [position] } });
    expect(verdict.blockedBy).toEqual(['SYMBOL_ALREADY_OPEN']);
  });

  it('refuses an open when the symbol already has a pending entry — SYMBOL_ALREADY_OPEN', () => {
    const pending = stubs.pendingEntry({
      symbol: 'BTCUSDT',
      side: 'SHORT',
      qty: 0.0005,
      price: 50_500,
      stopLoss: 51_000,
    });
    const verdict = gate({ account: { pendingEntries: [pending] } });
    expect(verdict.blockedBy).toEqual(['SYMBOL_ALREADY_OPEN']);
  });
});

describe('position count', () => {
  it('refuses when open positions + pending entries reach MAX_OPEN_POSITIONS — MAX_POSITIONS_REACHED', () => {
    const account = { positions: [stubs.position()], pendingEntries: [stubs.pendingEntry()] };
    const verdict = gate({ account, limits: { maxOpenPositions: 2, enableCorrelationCheck: false } });
    expect(verdict.blockedBy).toEqual(['MAX_POSITIONS_REACHED']);
  });

  it('accepts while one slot is left', () => {
    const account = { positions: [stubs.position()] };
    expect(gate({ account, limits: { maxOpenPositions: 2 } }).blockedBy).toEqual([]);
  });
});

describe('cooldown', () => {
  const closed = (side: 'LONG' | 'SHORT', minutesAgo: number) =>
    stubs.closedTrade({ symbol: 'BTCUSDT', side, closedAtMs: NOW - minutesAgo * MIN });

  it('refuses the same side within 5 minutes of a close — COOLDOWN_ACTIVE', () => {
    expect(gate({ account: { recentCloses: [closed('LONG', 3)] } }).blockedBy).toEqual(['COOLDOWN_ACTIVE']);
  });

  it('accepts the same side once 5 minutes have passed', () => {
    expect(gate({ account: { recentCloses: [closed('LONG', 5)] } }).blockedBy).toEqual([]);
  });

  it('refuses the opposite side within 60 minutes of a close — COOLDOWN_ACTIVE', () => {
    expect(gate({ account: { recentCloses: [closed('SHORT', 30)] } }).blockedBy).toEqual(['COOLDOWN_ACTIVE']);
  });

  it('accepts the opposite side after 60 minutes, and ignores closes on other symbols', () => {
    const other = stubs.closedTrade({ symbol: 'ETHUSDT', closedAtMs: NOW - MIN });
    expect(gate({ account: { recentCloses: [closed('SHORT', 61), other] } }).blockedBy).toEqual([]);
  });

  it('uses the configured minutes', () => {
    const account = { recentCloses: [closed('LONG', 8)] };
    expect(gate({ account, limits: { cooldownSameSideMinutes: 10 } }).blockedBy).toEqual(['COOLDOWN_ACTIVE']);
  });
});

describe('fresh data', () => {
  const PERIOD = 900_000;
  it('accepts a candle that closed two decision periods ago', () => {
    expect(gate({ market: { lastClosedCandleMs: NOW - 3 * PERIOD } }).blockedBy).toEqual([]);
  });

  it('refuses a last closed candle older than two decision periods — STALE_MARKET_DATA', () => {
    expect(gate({ market: { lastClosedCandleMs: NOW - 3 * PERIOD - 1 } }).blockedBy).toEqual([
      'STALE_MARKET_DATA',
    ]);
  });

  it('refuses a candle that opens after now (clocks disagree) — STALE_MARKET_DATA', () => {
    expect(gate({ market: { lastClosedCandleMs: NOW + PERIOD } }).blockedBy).toEqual(['STALE_MARKET_DATA']);
  });

  it('measures in the decision timeframe', () => {
    const market = { lastClosedCandleMs: NOW - 5 * PERIOD };
    expect(gate({ market, limits: { decisionTimeframeMs: 3_600_000 } }).blockedBy).toEqual([]);
  });
});

describe('every failed check is collected', () => {
  it('lists every failed code, not just the first', () => {
    const verdict = gate({
      proposal: { entryType: 'MARKET', slPct: null, tpPct: -1 },
      account: {
        tradingState: 'HALTED',
        positions: [stubs.position({ symbol: 'BTCUSDT', entryPrice: 50_000, stopLoss: 49_000 })],
      },
      market: { lastClosedCandleMs: NOW - 10 * 900_000, preScore: 10, rangeScore: 10 },
      limits: { maxOpenPositions: 1 },
    });
    expect(verdict.action).toBe('HOLD');
    expect(verdict.blockedBy).toEqual(
      expect.arrayContaining([
        'TRADING_HALTED',
        'SYMBOL_ALREADY_OPEN',
        'MAX_POSITIONS_REACHED',
        'STALE_MARKET_DATA',
        'LOW_SETUP_SCORE',
        'MARKET_ENTRY_DISABLED',
        'MISSING_STOP_LOSS',
        'INVALID_TAKE_PROFIT',
      ]),
    );
    expect(verdict.blockedBy).toHaveLength(8);
  });

  it('reports sizing failures together with admission failures', () => {
    const verdict = gate({ account: { tradingState: 'REDUCING', walletAvailableUsdt: 0.5 } });
    expect(verdict.blockedBy).toEqual(['TRADING_REDUCING', 'INSUFFICIENT_MARGIN']);
  });
});
