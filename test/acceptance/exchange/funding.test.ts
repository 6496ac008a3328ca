import { describe, expect, it } from 'vitest';
import { fundingFromSeries } from '../../../src/exchange/paper/index.ts';
import { hasRealData } from '../../support/data.ts';
import { at, candles, funding, indexAt, realExchange } from './real-data.ts';

/** Funding from Bybit's own funding file, charged on Bybit's own BTCUSDT candles. */
describe.skipIf(!hasRealData)('funding on real data', () => {
  const rates = () => funding('bybit-linear', 'BTCUSDT-funding.csv');

  async function holdThrough(side: 'BUY' | 'SELL', fromIso: string, hours: number) {
    const rows = candles('bybit-linear', 'BTCUSDT-5m.csv');
    const series = rates();
    const start = indexAt(rows, fromIso);
    const { exchange, feed } = realExchange('BTCUSDT', { funding: fundingFromSeries({ BTCUSDT: series }) });
    feed(at(rows, start));
    await exchange.setLeverage('BTCUSDT', 20);
    await exchange.placeOrder({ symbol: 'BTCUSDT', side, type: 'MARKET', qty: 0.01, clientOrderId: 'hold' });
    const end = start + (hours * 60) / 5;
    for (let k = start + 1; k <= end; k++) feed(at(rows, k));
    const executions = await exchange.getExecutions('BTCUSDT');
    return { rows, series, exchange, executions, fundings: executions.filter((e) => e.kind === 'FUNDING') };
  }

  it('charges a long at 00:00, 08:00 and 16:00 UTC on its notional at the mark, paying when the rate is positive', async () => {
    const { rows, series, exchange, fundings } = await holdThrough('BUY', '2025-01-02T03:00:00Z', 24);
    expect(fundings.map((f) => new Date(f.timeMs).toISOString())).toEqual([
      '2025-01-02T08:00:00.000Z',
      '2025-01-02T16:00:00.000Z',
      '2025-01-03T00:00:00.000Z',
    ]);
    for (const payment of fundings) {
      const rate = series.find((r) => r.ts === payment.timeMs)?.rate as number;
      const mark = at(rows, indexAt(rows, new Date(payment.timeMs).toISOString())).open;
      expect(payment.price).toBe(mark);
      expect(payment.feeUsdt).toBeCloseTo(0.01 * mark * rate, 12);
      if (rate > 0) expect(payment.feeUsdt).toBeGreaterThan(0);
    }
    const paid = fundings.reduce((sum, f) => sum + f.feeUsdt, 0);
    expect(exchange.totals().fundingUsdt).toBeCloseTo(paid, 12);
  });

  it('makes a short pay when the rate is negative (2025-02-01 00:00, rate −0.0149%)', async () => {
    const { series, fundings } = await holdThrough('SELL', '2025-01-31T20:00:00Z', 6);
    const at0 = Date.parse('2025-02-01T00:00:00Z');
    expect(series.find((r) => r.ts === at0)?.rate).toBeLessThan(0);
    expect(fundings).toHaveLength(1);
    expect(fundings[0]?.timeMs).toBe(at0);
    expect(fundings[0]?.feeUsdt).toBeGreaterThan(0);
  });

  it('makes a short receive when the rate is positive, and the wallet moves by exactly the funding', async () => {
    const { exchange, executions, fundings } = await holdThrough('SELL', '2025-01-02T03:00:00Z', 8);
    expect(fundings).toHaveLength(1);
    expect(fundings[0]?.feeUsdt).toBeLessThan(0);
    const fees = executions.filter((e) => e.kind === 'TRADE').reduce((sum, e) => sum + e.feeUsdt, 0);
    const wallet = await exchange.getWallet();
    expect(wallet.walletBalanceUsdt).toBeCloseTo(100 - fees - (fundings[0]?.feeUsdt as number), 12);
  });
});
