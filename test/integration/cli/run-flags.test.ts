import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataFile, hasRealData } from '../../support/data.ts';
import { wardenBin } from '../../support/warden-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'warden-run-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A folder laid out like binance-usdm: 5m candles for SOLUSDT and XRPUSDT, no funding files. */
const candlesOnly = path.join(dir, 'candles-only');
execFileSync(process.execPath, [
  wardenBin,
  'data',
  'synthetic',
  '--out',
  candlesOnly,
  '--symbols',
  'SOLUSDT,XRPUSDT',
  '--candles',
  '1300',
]);
for (const symbol of ['SOLUSDT', 'XRPUSDT']) rmSync(path.join(candlesOnly, `${symbol}-funding.csv`));

function warden(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [wardenBin, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', WEB_ENABLED: 'false', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('warden run --replay on folders without funding files', () => {
  it('takes the symbols from the folder, and says what to do when funding files are missing', () => {
    const result = warden(['run', '--replay', candlesOnly, '--journal', 'a.db']);
    expect(result.status).toBe(2);
    expect(result.out).toContain(
      `--replay ${candlesOnly}: no funding for SOLUSDT, XRPUSDT (expected SOLUSDT-funding.csv, XRPUSDT-funding.csv; the folder has no funding file)`,
    );
    expect(result.out).toContain('pass --no-funding');
    expect(result.out).not.toMatch(/ENOENT|Warden starting/);
  });

  it('names the folder, the file it expected and the symbols it has when SYMBOLS does not match', () => {
    const result = warden(['run', '--replay', candlesOnly, '--no-funding'], { SYMBOLS: 'BTCUSDT' });
    expect(result.status).toBe(2);
    expect(result.out).toContain(
      `--replay ${candlesOnly}: no 5m candles for BTCUSDT (expected BTCUSDT-5m.csv); it has 5m candles for SOLUSDT, XRPUSDT: use SYMBOLS=SOLUSDT,XRPUSDT`,
    );
  });

  it('replays with --no-funding and says so at start', () => {
    const result = warden([
      'run',
      '--replay',
      candlesOnly,
      '--no-funding',
      '--max-cycles',
      '2',
      '--journal',
      'b.db',
    ]);
    expect(result.out).toMatch(
      /symbols SOLUSDT, XRPUSDT \(every symbol with 5m candles in .*; set SYMBOLS to choose\)/,
    );
    expect(result.out).toContain('without funding (--no-funding)');
    expect(result.out).toMatch(/stopped after 2 cycles \(max-cycles\)/);
    expect(result.status).toBe(0);
  });

  it('says at start that it resumes a journal that already has cycles, and how to start over', () => {
    const args = [
      'run',
      '--replay',
      candlesOnly,
      '--no-funding',
      '--max-cycles',
      '1',
      '--journal',
      'resume.db',
    ];
    expect(warden(args).out).not.toMatch(/resuming journal/);
    const second = warden(args);
    expect(second.out).toMatch(
      /resuming journal resume\.db: 1 cycles done, the last at \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC; the replay skips the cycles already done \(use --journal NEW\.db to start over\)/,
    );
    expect(second.out).toMatch(/stopped after 1 cycles \(max-cycles\)/);
  });

  it('says which span the files cover when --from/--to leave nothing to replay, and leaves no journal', () => {
    const result = warden([
      'run',
      '--replay',
      candlesOnly,
      '--no-funding',
      '--from',
      '2030-01-01',
      '--journal',
      'late.db',
    ]);
    expect(result.status).toBe(2);
    expect(result.out).toMatch(
      /--replay .*SOLUSDT-5m\.csv: no candles inside the requested from\/to window \(the file covers 2025-01-01T00:00:00\.000Z to .*\): choose --from\/--to inside it/,
    );
    expect(existsSync(path.join(dir, 'late.db'))).toBe(false);
  });

  it('gives the backtest the same message for the same folder', () => {
    const result = warden(['backtest', '--data', candlesOnly, '--symbols', 'SOLUSDT']);
    expect(result.status).toBe(2);
    expect(result.out).toContain(
      `${candlesOnly}: no funding for SOLUSDT (expected SOLUSDT-funding.csv; the folder has no funding file)`,
    );
  });

  it.skipIf(!hasRealData)('replays ../shared/data/binance-usdm with --no-funding', () => {
    const result = warden([
      'run',
      '--replay',
      dataFile('binance-usdm'),
      '--no-funding',
      '--max-cycles',
      '1',
      '--journal',
      'usdm.db',
    ]);
    expect(result.out).toMatch(/symbols BNBUSDT, DOGEUSDT, SOLUSDT, XRPUSDT/);
    expect(result.status).toBe(0);
  });
});

describe('contradictory or bad run flags', () => {
  const refused: [string[], RegExp][] = [
    [['--mode', 'live', '--confirm-live', '--replay', candlesOnly], /--replay .* cannot run in live mode/],
    [
      ['--replay', candlesOnly, '--exchange-url', 'http://127.0.0.1:9'],
      /--replay and --exchange-url name two different markets/,
    ],
    [['--replay', candlesOnly, '--speed', 'abc'], /--speed must be a positive number .* got "abc"/],
    [['--replay', candlesOnly, '--from', 'soon'], /--from must be an ISO date/],
    [['--replay', candlesOnly, '--max-cycles', '-1'], /--max-cycles must be a positive whole number/],
    [['--speed', '100'], /--speed only applies to a --replay/],
  ];
  for (const [args, message] of refused) {
    it(`refuses ${args.join(' ')} before printing a start line`, () => {
      const result = warden(['run', ...args]);
      expect(result.status).toBe(2);
      expect(result.out).toMatch(message);
      expect(result.out).not.toMatch(/Warden starting|risk limits/);
      expect(existsSync(path.join(dir, 'warden.db'))).toBe(false);
    });
  }

  it('refuses a replay when TRADING_MODE asks for another mode', () => {
    const result = warden(['run', '--replay', candlesOnly], { TRADING_MODE: 'testnet' });
    expect(result.status).toBe(2);
    expect(result.out).toMatch(
      /--replay trades on the paper exchange, but TRADING_MODE is testnet \(from environment\)/,
    );
  });
});
