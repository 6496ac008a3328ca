import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultContextTimeframes, printFeatures } from '../../../src/cli/commands/features.ts';
import { UsageError } from '../../../src/cli/errors.ts';
import { main } from '../../../src/cli/main.ts';
import { dataFile, hasRealData } from '../../support/data.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'warden-features-'));

function run(options: Partial<Parameters<typeof printFeatures>[0]> & { data: string }): string[] {
  let out = '';
  printFeatures({ timeframe: '15m', format: 'csv', ...options }, (chunk) => {
    out += chunk;
  });
  return out.split('\n').filter((line) => line !== '');
}

function writeCandles(name: string, rows: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `ts,open,high,low,close,volume\n${rows.join('\n')}\n`);
  return file;
}

describe('warden features', () => {
  it('picks the context timeframes at about 4× and 16× the decision timeframe', () => {
    expect(defaultContextTimeframes('15m')).toEqual(['1h', '4h']);
    expect(defaultContextTimeframes('1h')).toEqual(['4h', '1d']);
    expect(defaultContextTimeframes('1d')).toEqual([]);
  });

  it('reports a bad row with its file and line, as a usage error (exit 2)', async () => {
    const t0 = Date.UTC(2025, 0, 1);
    const file = writeCandles('BADUSDT-5m.csv', [
      `${t0},100,101,99,100.5,10`,
      `${t0 + 300_000},100,99,101,100.5,10`,
      `${t0 + 600_000},100,101,99,abc,10`,
    ]);
    expect(() => run({ data: file })).toThrow(UsageError);
    expect(() => run({ data: file })).toThrow(/BADUSDT-5m\.csv line 3: high .* below low/);
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => stderr.push(String(chunk)) > 0) as typeof process.stderr.write;
    try {
      expect(await main(['features', '--data', file])).toBe(2);
      expect(await main(['features', '--data', path.join(dir, 'missing.csv')])).toBe(2);
      expect(await main(['features', '--data', file, '--format', 'xml'])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(stderr.join('')).toMatch(/line 4: close/);
    expect(stderr.join('')).toMatch(/file not found/);
    expect(stderr.join('')).toMatch(/--format xml/);
  });

  it('refuses a timeframe that is not a multiple of the file interval', () => {
    const t0 = Date.UTC(2025, 0, 1);
    const file = writeCandles(
      'ODDUSDT-15m.csv',
      [0, 1, 2, 3].map((i) => `${t0 + i * 900_000},1,2,0.5,1.5,3`),
    );
    expect(() => run({ data: file, timeframe: '5m' })).toThrow(UsageError);
  });
});

describe.skipIf(!hasRealData)('warden features on a real 5m file', () => {
  let file = '';

  beforeAll(() => {
    const lines = readFileSync(dataFile('bybit-linear', 'BTCUSDT-5m.csv'), 'utf8').split('\n');
    file = path.join(dir, 'BTCUSDT-5m.csv');
    writeFileSync(file, `${lines.slice(0, 6_001).join('\n')}\n`); // header + 6,000 candles ≈ 20.8 days
  });

  it('prints a CSV header and one row per closed 15m candle in [--from, --to)', () => {
    const lines = run({ data: file, from: '2025-01-10T00:00Z', to: '2025-01-11T00:00Z' });
    const header = lines[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['ts', 'close_time', 'symbol', '15m_close']);
    expect(header).toContain('1h_ema_200');
    expect(header).toContain('4h_rsi');
    expect(header).toContain('pre_chopPenalty');
    expect(lines.length).toBe(1 + 96);
    const first = lines[1]!.split(',');
    expect(first[0]).toBe('2025-01-10T00:00:00.000Z');
    expect(first[1]).toBe('2025-01-10T00:15:00.000Z');
    expect(first[2]).toBe('BTCUSDT');
    expect(first.length).toBe(header.length);
  });

  it('prints JSON lines with the market view and the score breakdown', () => {
    const lines = run({ data: file, format: 'json', from: '2025-01-15T00:00Z', to: '2025-01-15T01:00Z' });
    expect(lines.length).toBe(4);
    const row = JSON.parse(lines[0]!);
    expect(row.symbol).toBe('BTCUSDT');
    expect(Object.keys(row.timeframes)).toEqual(['15m', '1h', '4h']);
    expect(row.scores.preScore).toBe(row.scoreDetails.preScore.score);
    expect(row.scoreDetails.preScore.components.length).toBe(8);
    expect(row.timeframes['15m'].ema200).toEqual(expect.any(Number));
  });
});
