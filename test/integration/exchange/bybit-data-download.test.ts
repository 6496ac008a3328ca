import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadCandles } from '../../../src/cli/commands/data-download.ts';
import { main } from '../../../src/cli/main.ts';
import type { Candle } from '../../../src/domain/index.ts';
import { BybitExchange } from '../../../src/exchange/bybit/index.ts';
import { type EmulatorHandle, startEmulator } from '../../../src/exchange/emulator/index.ts';
import { readCandleCsv } from '../../../src/market/feeds/csv.ts';
import { contractInstruments } from '../../support/exchange-harness.ts';

const start = Date.UTC(2025, 0, 1);
const MINUTE = 60_000;
const candles: Candle[] = Array.from({ length: 2600 }, (_, i) => ({
  ts: start + i * MINUTE,
  open: 100 + (i % 50),
  high: 102 + (i % 50),
  low: 99 + (i % 50),
  close: 101 + (i % 50),
  volume: 1 + (i % 7),
}));

describe('warden data download against the emulator', () => {
  let emulator: EmulatorHandle;
  let dir: string;
  let exchange: BybitExchange;

  beforeAll(async () => {
    // 2500 candles closed; the market clock sits half-way through the next one (a forming candle).
    emulator = await startEmulator({
      instruments: contractInstruments,
      replay: { BTCUSDT: { candles, timeframe: '1m' } },
      clock: 'stepped',
      startMs: start + 2500 * MINUTE + 30_000,
    });
    dir = mkdtempSync(path.join(tmpdir(), 'warden-download-'));
    exchange = new BybitExchange({ environment: 'live', endpoints: { restUrl: emulator.restUrl } });
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages 1000 candles at a time, writes them oldest first in the shared format, never the forming candle', async () => {
    const out = path.join(dir, 'full.csv');
    const result = await downloadCandles(exchange, {
      symbol: 'BTCUSDT',
      timeframe: '1m',
      fromMs: start,
      toMs: start + 3000 * MINUTE,
      outFile: out,
    });
    expect(result.written).toBe(2500);
    const written = readCandleCsv(out);
    expect(written).toHaveLength(2500);
    expect(written[0]).toEqual(candles[0]);
    expect(written[2499]).toEqual(candles[2499]);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('ts,open,high,low,close,volume');
  });

  it('resumes after the last candle already in the file, without duplicates', async () => {
    const out = path.join(dir, 'resume.csv');
    const first = await downloadCandles(exchange, {
      symbol: 'BTCUSDT',
      timeframe: '1m',
      fromMs: start,
      toMs: start + 1234 * MINUTE,
      outFile: out,
    });
    expect(first.written).toBe(1234);
    const second = await downloadCandles(exchange, {
      symbol: 'BTCUSDT',
      timeframe: '1m',
      fromMs: start,
      toMs: start + 2000 * MINUTE,
      outFile: out,
    });
    expect(second).toMatchObject({
      resumed: true,
      written: 766,
      startedAtMs: start + 1234 * MINUTE,
      gaps: 0,
    });
    const written = readCandleCsv(out);
    expect(written.map((c) => c.ts)).toEqual(candles.slice(0, 2000).map((c) => c.ts));
  });

  it('downloads an aggregated timeframe', async () => {
    const out = path.join(dir, 'fifteen.csv');
    const result = await downloadCandles(exchange, {
      symbol: 'BTCUSDT',
      timeframe: '15m',
      fromMs: start,
      toMs: start + 2500 * MINUTE,
      outFile: out,
    });
    expect(result.written).toBe(166);
    expect(readCandleCsv(out)[1]).toMatchObject({
      ts: start + 15 * MINUTE,
      open: candles[15]?.open,
      close: candles[29]?.close,
    });
  });

  it('runs as `warden data download` and refuses a file that is not a candle file', async () => {
    const out = path.join(dir, 'cli.csv');
    const code = await main([
      'data',
      'download',
      '--symbol',
      'BTCUSDT',
      '--timeframe',
      '5m',
      '--from',
      '2025-01-01',
      '--to',
      '2025-01-01T01:00:00Z',
      '--out',
      out,
      '--base-url',
      emulator.restUrl,
    ]);
    expect(code).toBe(0);
    expect(readCandleCsv(out)).toHaveLength(12);
    const foreign = path.join(dir, 'foreign.csv');
    writeFileSync(foreign, 'a,b\n1,2\n');
    const refused = await main([
      'data',
      'download',
      '--symbol',
      'BTCUSDT',
      '--timeframe',
      '5m',
      '--from',
      '2025-01-01',
      '--to',
      '2025-01-02',
      '--out',
      foreign,
      '--base-url',
      emulator.restUrl,
    ]);
    expect(refused).toBe(2);
  });
});
