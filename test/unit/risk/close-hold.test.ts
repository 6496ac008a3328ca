import { describe, expect, it } from 'vitest';
import { TRADING_STATES } from '../../../src/domain/index.ts';
import { evaluateProposal } from '../../../src/risk/index.ts';
import { stubs } from '../../support/stubs.ts';
import { gate } from './helpers.ts';

const btcLong = stubs.position({
  symbol: 'BTCUSDT',
  qty: 0.0007,
  entryPrice: 50_000,
  markPrice: 50_200,
  stopLoss: 49_500,
});

describe('CLOSE', () => {
  it.each(TRADING_STATES)(
    'closes an existing position while %s, reduce-only at MARKET for its whole qty',
    (state) => {
      const verdict = gate({
        proposal: { action: 'CLOSE' },
        account: { tradingState: state, positions: [btcLong] },
      });
      expect(verdict.action).toBe('CLOSE');
      expect(verdict.blockedBy).toEqual([]);
      expect(verdict.order).toMatchObject({ side: 'SELL', type: 'MARKET', qty: 0.0007, reduceOnly: true });
    },
  );

  it('buys back a short', () => {
    const short = { ...btcLong, side: 'SHORT' as const, stopLoss: 50_500 };
    const verdict = gate({ proposal: { action: 'CLOSE' }, account: { positions: [short] } });
    expect(verdict.order?.side).toBe('BUY');
  });

  it('refuses a close without a position — NO_POSITION', () => {
    const verdict = gate({
      proposal: { action: 'CLOSE' },
      account: { pendingEntries: [stubs.pendingEntry({ symbol: 'BTCUSDT' })] },
    });
    expect(verdict.action).toBe('HOLD');
    expect(verdict.blockedBy).toEqual(['NO_POSITION']);
    expect(verdict.order).toBeUndefined();
  });

  it('closes even without market data or instrument rules', () => {
    const input = stubs.gateInput({ proposal: { action: 'CLOSE' }, account: { positions: [btcLong] } });
    const verdict = evaluateProposal({ ...input, market: undefined, instrument: undefined });
    expect(verdict.action).toBe('CLOSE');
  });
});

describe('HOLD', () => {
  it('holds with no blocks and no order', () => {
    const verdict = gate({ proposal: { action: 'HOLD' } });
    expect(verdict).toMatchObject({ action: 'HOLD', proposedAction: 'HOLD', blockedBy: [], adjustments: [] });
    expect(verdict.order).toBeUndefined();
  });
});
