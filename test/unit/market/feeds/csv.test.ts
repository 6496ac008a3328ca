import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarketDataError } from '../../../../src/market/errors.ts';
import { inspectMarketFile, readCandleCsv, readFundingCsv } from '../../../../src/market/feeds/csv.ts';
import { scanDecimal } from '../../../../src/market/feeds/fast-number.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'warden-csv-'));

const HEADER = 'ts,open,high,low,close,volume';
const M5 = 300_000;
const T0 = 1_735_689_600_000;

function row(i: number, open = 100, high = 101, low = 99, close = 100.5, volume = 10): string {
  return `${T0 + i * M5},${open},${high},${low},${close},${volume}`;
}

function write(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function problemsOf(file: string, options?: Parameters<typeof readCandleCsv>[1]): MarketDataError {
  try {
    readCandleCsv(file, options);
  } catch (error) {
    if (error instanceof MarketDataError) return error;
    throw error;
  }
  throw new Error(`expected ${file} to be rejected`);
}

describe('readCandleCsv', () => {
  it('reads a clean file exactly, CRLF line ends included', () => {
    const file = path.join(dir, 'clean.csv');
    writeFileSync(file, `${HEADER}\r\n${row(0)}\r\n${row(1, 100.5, 102.25, 100, 101.75, 0)}\r\n`);
    expect(readCandleCsv(file)).toEqual([
      { ts: T0, open: 100, high: 101, low: 99, close: 100.5, volume: 10 },
      { ts: T0 + M5, open: 100.5, high: 102.25, low: 100, close: 101.75, volume: 0 },
    ]);
  });

  it('parses every cell to the same double as Number()', () => {
    const cells = ['0.31582', '93672.8', '0.00000966', '113999.4', '2253336.9', '12495119', '1e3', '-0'];
    const file = write('numbers.csv', [
      HEADER,
      ...cells.map((c, i) => `${T0 + i * M5},${c},${c},${c},${c},1`),
    ]);
    const error = (() => {
      try {
        return readCandleCsv(file);
      } catch (e) {
        return e as MarketDataError;
      }
    })();
    // -0 is not a positive price: exactly that row is refused, the others parse like Number()
    expect(error).toBeInstanceOf(MarketDataError);
    expect((error as MarketDataError).problems).toEqual([
      { line: 9, message: expect.stringContaining('open (0)') },
    ]);
    const good = write('numbers-good.csv', [
      HEADER,
      ...cells.slice(0, 7).map((c, i) => `${T0 + i * M5},${c},${c},${c},${c},1`),
    ]);
    expect(readCandleCsv(good).map((c) => c.open)).toEqual(cells.slice(0, 7).map(Number));
  });

  it('reports a wrong header on line 1', () => {
    const error = problemsOf(write('header.csv', ['time,open,high,low,close,volume', row(0)]));
    expect(error.line).toBe(1);
    expect(error.message).toContain('header.csv line 1: header is "time,open,high,low,close,volume"');
    expect(error.file).toContain('header.csv');
  });

  it('reports a file with a header but no candles', () => {
    expect(problemsOf(write('empty.csv', [HEADER])).message).toContain('no candles');
  });

  it('reports non-numeric, NaN and infinite cells with their line', () => {
    const error = problemsOf(
      write('cells.csv', [
        HEADER,
        row(0),
        `${T0 + M5},abc,101,99,100,1`,
        `${T0 + 2 * M5},100,NaN,99,100,1`,
        `${T0 + 3 * M5},100,101,99,Infinity,1`,
        `${T0 + 4 * M5},100,101,,100,1`,
      ]),
    );
    expect(error.problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(error.message).toContain('cells.csv line 3: open ("abc") is not a number');
    expect(error.message).toContain('line 4: high is NaN');
    expect(error.message).toContain('line 5: close is Infinity, not a finite number');
    expect(error.message).toContain('line 6: low is empty');
  });

  it('reports a row with the wrong number of cells and a blank line', () => {
    const error = problemsOf(write('count.csv', [HEADER, row(0), `${T0 + M5},100,101,99,100`, '', row(2)]));
    expect(error.problems.map((p) => p.line)).toContain(3);
    expect(error.problems.map((p) => p.line)).toContain(4);
    expect(error.message).toContain('line 3: 5 cells, expected 6');
  });

  it('reports negative or zero prices and negative volume', () => {
    const error = problemsOf(
      write('negative.csv', [HEADER, row(0), row(1, 100, 101, -99, 100, 1), row(2, 100, 101, 99, 100, -5)]),
    );
    expect(error.message).toContain('line 3: low (-99) is not a positive price');
    expect(error.message).toContain('line 4: volume (-5) is negative');
  });

  it('reports high below low, high below the body and low above the body', () => {
    const error = problemsOf(
      write('ohlc.csv', [
        HEADER,
        row(0, 100, 100, 101, 100),
        row(1, 100, 100.2, 99, 100.5),
        row(2, 100, 101, 100.2, 100.5),
      ]),
    );
    expect(error.message).toContain('ohlc.csv line 2: high (100) is below low (101)');
    expect(error.message).toContain('line 3: high (100.2) is below max(open, close) (100.5)');
    expect(error.message).toContain('line 4: low (100.2) is above min(open, close) (100)');
  });

  it('reports unsorted and duplicated rows', () => {
    const error = problemsOf(write('order.csv', [HEADER, row(0), row(1), row(1), row(3), row(2), row(4)]));
    expect(error.problems).toEqual([
      { line: 4, message: expect.stringContaining('duplicates line 3') },
      { line: 5, message: expect.stringContaining('1 missing 5m candle(s)') },
      { line: 6, message: expect.stringContaining('rows must be sorted by ts') },
    ]);
  });

  it('reports missing rows against the inferred interval unless gaps are allowed', () => {
    const file = write('gap.csv', [HEADER, row(0), row(1), row(2), row(5), row(6)]);
    const error = problemsOf(file);
    expect(error.line).toBe(5);
    expect(error.message).toContain(
      'gap.csv line 5: 2 missing 5m candle(s) between 2025-01-01T00:10:00.000Z (line 4)',
    );
    expect(readCandleCsv(file, { allowGaps: true })).toHaveLength(5);
  });

  it('checks the expected interval when one is given', () => {
    const file = write('interval.csv', [HEADER, row(0), row(1), row(2)]);
    expect(problemsOf(file, { expectedIntervalMs: 60_000 * 15 }).message).toContain(
      'not aligned to the 15m interval',
    );
  });

  it('reports timestamps not aligned to the interval', () => {
    const shifted = `${T0 + 2 * M5 + 60_000},100,101,99,100,1`;
    const error = problemsOf(write('align.csv', [HEADER, row(0), row(1), shifted, row(3)]));
    expect(error.problems[0]).toEqual({
      line: 4,
      message: expect.stringContaining('is not aligned to the 5m interval'),
    });
  });

  it('reports fractional and negative timestamps', () => {
    const error = problemsOf(
      write('ts.csv', [HEADER, `${T0}.5,100,101,99,100,1`, `-300000,100,101,99,100,1`]),
    );
    expect(error.problems.map((p) => p.line)).toEqual([2, 3]);
    expect(error.message).toContain('is not a whole, non-negative number of ms');
  });

  it('lists at most 20 problems and counts the rest', () => {
    const lines = [HEADER];
    for (let i = 0; i < 30; i++) lines.push(row(i, 100, 98, 99, 100));
    const error = problemsOf(write('many.csv', lines));
    expect(error.problems).toHaveLength(30);
    expect(error.message).toContain('many.csv: 30 problems');
    expect(error.message).toContain('… and 10 more');
  });

  it('names a missing file', () => {
    expect(() => readCandleCsv(path.join(dir, 'nope.csv'))).toThrow(/nope\.csv: cannot read: file not found/);
  });
});

describe('readFundingCsv', () => {
  it('reads rates as fractions', () => {
    const file = write('f.csv', ['ts,rate', '1735718400000,0.00007085', '1735747200000,-0.00000966']);
    expect(readFundingCsv(file)).toEqual([
      { ts: 1735718400000, rate: 0.00007085 },
      { ts: 1735747200000, rate: -0.00000966 },
    ]);
  });

  it('reports header, unsorted, duplicates, bad cells and percent-looking rates with their lines', () => {
    const file = write('fbad.csv', [
      'ts,rate',
      '1735747200000,0.0001',
      '1735718400000,0.0001',
      '1735718400000,x',
      '1735776000000,1.5',
      '1735776000000,0.0001',
    ]);
    const error = (() => {
      try {
        readFundingCsv(file);
      } catch (e) {
        return e as MarketDataError;
      }
      throw new Error('expected rejection');
    })();
    expect(error.problems.map((p) => p.line)).toEqual([3, 4, 5, 6]);
    expect(error.message).toContain('line 3: ts 1735718400000');
    expect(error.message).toContain('line 4: rate ("x") is not a number');
    expect(error.message).toContain('line 5: rate (1.5) is not a fraction');
    expect(error.message).toContain('line 6: ts 1735776000000 (2025-01-02T00:00:00.000Z) duplicates line 5');
    expect(() => readFundingCsv(write('fh.csv', ['time,rate', '1,0']))).toThrow(/fh\.csv line 1: header/);
  });
});

describe('inspectMarketFile', () => {
  it('tells candles from funding and reports rows, span and interval without throwing', () => {
    const candles = inspectMarketFile(write('i.csv', [HEADER, row(0), row(1), row(2)]));
    expect(candles).toMatchObject({
      kind: 'candles',
      rows: 3,
      firstTs: T0,
      lastTs: T0 + 2 * M5,
      intervalMs: M5,
      problems: [],
    });
    const funding = inspectMarketFile(write('if.csv', ['ts,rate', '1735718400000,0.0001']));
    expect(funding).toMatchObject({ kind: 'funding', rows: 1, problems: [] });
    const unknown = inspectMarketFile(write('iu.csv', ['a,b', '1,2']));
    expect(unknown.kind).toBe('unknown');
    expect(unknown.problems[0]?.message).toContain(
      'expected "ts,open,high,low,close,volume" (candles) or "ts,rate" (funding)',
    );
  });
});

describe('scanDecimal', () => {
  it('gives the same double as Number() for every plain decimal it accepts (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 99_999_999_999_999_999n }),
        fc.integer({ min: 0, max: 20 }),
        fc.boolean(),
        (digits, decimals, negative) => {
          const raw = digits.toString().padStart(decimals + 1, '0');
          const text = `${negative ? '-' : ''}${decimals === 0 ? raw : `${raw.slice(0, -decimals)}.${raw.slice(-decimals)}`}`;
          const scanned = scanDecimal(`x,${text},y`, 2, 2 + text.length);
          if (!Number.isNaN(scanned)) expect(scanned).toBe(Number(text));
          else expect(digits).toBeGreaterThanOrEqual(10n ** 15n);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('refuses anything but digits, one dot and a leading minus', () => {
    for (const text of ['', '-', '.', '1e5', '+1', '1.2.3', ' 1', '0x10', '1,5']) {
      expect(scanDecimal(text, 0, text.length)).toBeNaN();
    }
  });
});
