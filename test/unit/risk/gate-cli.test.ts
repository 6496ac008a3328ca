import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runGate } from '../../../src/cli/commands/gate.ts';
import { UsageError } from '../../../src/cli/errors.ts';
import { main } from '../../../src/cli/main.ts';
import { repoRoot } from '../../support/data.ts';

/** The document of issue 2, verbatim. */
const ISSUE_DOCUMENT = {
  proposal: {
    symbol: 'BTCUSDT',
    action: 'OPEN_LONG',
    confidence: 75,
    leverage: 5,
    size_pct: 0.12,
    entry_type: 'LIMIT',
    entry_price: 50000,
    sl_pct: 0.01,
    tp_pct: 0.02,
  },
  account: {
    wallet_available: 100,
    equity: 100,
    trading_state: 'ACTIVE',
    positions: [
      { symbol: 'ETHUSDT', side: 'LONG', qty: 0.01, entry_price: 3000, stop_loss: 2970, mark_price: 3010 },
    ],
    pending_entries: [],
    recent_closes: [],
  },
  instrument: {
    symbol: 'BTCUSDT',
    tick_size: 0.1,
    qty_step: 0.001,
    min_qty: 0.001,
    min_notional: 5,
    max_leverage: 100,
    taker_fee: 0.00055,
    maker_fee: 0.0002,
  },
  market: {
    mark_price: 50000,
    now_ms: 1735700000000,
    last_closed_candle_ms: 1735699500000,
    pre_score: 60,
    range_score: 10,
  },
  config: { MAX_LOSS_USDT_PER_TRADE: 0.35 },
};

type Doc = Record<string, unknown>;
const withPart = (part: string, value: unknown): Doc => ({ ...ISSUE_DOCUMENT, [part]: value });
const gateText = (doc: unknown) => runGate(JSON.stringify(doc), 'test');

function usageErrorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('expected a UsageError');
}

describe('warden gate document', () => {
  it('answers the issue document: 0.001 BTC minimum at a 1% stop risks more than 0.35 USDT', () => {
    const verdict = gateText(ISSUE_DOCUMENT);
    expect(verdict).toMatchObject({ action: 'HOLD', blocked_by: ['BELOW_MIN_ORDER_SIZE'] });
  });

  it('prints the exact order for an approved open, in snake_case', () => {
    const verdict = gateText({
      ...ISSUE_DOCUMENT,
      instrument: {
        ...ISSUE_DOCUMENT.instrument,
        qty_step: 0.00001,
        min_qty: 0.00001,
        taker_fee: 0,
        maker_fee: 0,
      },
      config: { MAX_LOSS_USDT_PER_TRADE: 0.35, SL_SLIPPAGE_ALLOWANCE_PCT: 0 },
    });
    expect(verdict.action).toBe('OPEN_LONG');
    expect(verdict.blocked_by).toEqual([]);
    expect(verdict.order).toEqual({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      qty: 0.0007,
      price: 50000,
      fill_price: 50000,
      stop_loss: 49500,
      take_profit: 51000,
      leverage: 5,
      notional_usdt: 35,
      margin_usdt: 7,
      risk_usdt: 0.35,
      reduce_only: false,
    });
  });

  it('applies config overrides for this call only', () => {
    const config = { MAX_LOSS_USDT_PER_TRADE: 1, CORRELATION_CLUSTER_RISK_USDT: 1.5 };
    const verdict = gateText({ ...ISSUE_DOCUMENT, config });
    expect(verdict.action).toBe('OPEN_LONG');
    expect(gateText(ISSUE_DOCUMENT).action).toBe('HOLD');
  });

  it('accepts a null instrument as "rules unknown" — INSTRUMENT_UNKNOWN', () => {
    expect(gateText(withPart('instrument', null)).blocked_by).toEqual(['INSTRUMENT_UNKNOWN']);
  });

  it.each(['proposal', 'account', 'instrument', 'market'] as const)(
    'refuses a document without its %s section',
    (part) => {
      const { [part]: _dropped, ...rest } = ISSUE_DOCUMENT;
      expect(usageErrorOf(() => gateText(rest))).toMatch(new RegExp(`${part}: required`));
    },
  );

  it('refuses a string where a number belongs, naming the field', () => {
    const doc = withPart('proposal', { ...ISSUE_DOCUMENT.proposal, sl_pct: '0.01' });
    expect(usageErrorOf(() => gateText(doc))).toMatch(/proposal\.sl_pct: .*expected number/);
  });

  it('refuses unknown keys in a section (typos are not ignored)', () => {
    const doc = withPart('proposal', { ...ISSUE_DOCUMENT.proposal, stoploss: 0.01 });
    expect(usageErrorOf(() => gateText(doc))).toMatch(/proposal: unknown key\(s\) "stoploss"/);
  });

  it('refuses an unknown config key and suggests the right one', () => {
    const doc = withPart('config', { MAX_LOSS_USDT_PER_TRAD: 0.35 });
    expect(usageErrorOf(() => gateText(doc))).toMatch(/MAX_LOSS_USDT_PER_TRAD .*MAX_LOSS_USDT_PER_TRADE/);
  });

  it('refuses an invalid config value', () => {
    const doc = withPart('config', { MAX_LOSS_USDT_PER_TRADE: -1 });
    expect(usageErrorOf(() => gateText(doc))).toMatch(/MAX_LOSS_USDT_PER_TRADE/);
  });

  it('refuses config keys that are not risk limits', () => {
    expect(usageErrorOf(() => gateText(withPart('config', { LOG_LEVEL: 'debug' })))).toMatch(
      /LOG_LEVEL: not a risk limit/,
    );
  });

  it('refuses bad JSON and an empty document', () => {
    expect(usageErrorOf(() => runGate('{"proposal":', 'doc.json'))).toMatch(/doc\.json is not valid JSON/);
    expect(usageErrorOf(() => runGate('  \n', 'stdin'))).toMatch(/stdin is empty/);
    expect(usageErrorOf(() => runGate('[1,2]', 'stdin'))).toMatch(/Invalid gate document/);
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function warden(args: string[], stdin: string | null): Promise<Run> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'warden-gate-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/warden.mjs'), ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

/** Runs the real command in-process (commander wiring, error printing, exit code) on a file. */
async function wardenInProcess(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('warden gate command', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'warden-gate-doc-'));
  const docFile = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  const { account: _account, ...missingAccount } = ISSUE_DOCUMENT;

  it('prints the verdict of a document file as JSON and exits 0', async () => {
    const run = await wardenInProcess(['gate', docFile('doc.json', JSON.stringify(ISSUE_DOCUMENT))]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ action: 'HOLD', blocked_by: ['BELOW_MIN_ORDER_SIZE'] });
  });

  it.each([
    ['bad JSON', '{"proposal": {', /not valid JSON/],
    ['a missing section', JSON.stringify(missingAccount), /account: required/],
    [
      'a string for a number',
      JSON.stringify(withPart('market', { ...ISSUE_DOCUMENT.market, mark_price: '50000' })),
      /market\.mark_price/,
    ],
    [
      'an unknown config key',
      JSON.stringify(withPart('config', { MAX_RISK: 1 })),
      /MAX_RISK is not a configuration variable/,
    ],
    ['an empty file', '', /is empty/],
  ])('answers %s with a clear error, exit 2 and no stack trace', async (_label, content, message) => {
    const run = await wardenInProcess(['gate', docFile('bad.json', content)]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    noStack(run.stderr);
  });

  it('prints a GATE_ERROR verdict and exits 1 when the gate refuses a value as input', async () => {
    const doc = withPart('instrument', { ...ISSUE_DOCUMENT.instrument, tick_size: -0.1 });
    const run = await wardenInProcess(['gate', docFile('negative-tick.json', JSON.stringify(doc))]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ action: 'HOLD', blocked_by: ['GATE_ERROR'] });
    expect(run.stderr).toMatch(/GATE_ERROR.*instrument\.tickSize/);
    noStack(run.stderr);
  });

  it('says what to do when the file cannot be read', async () => {
    const run = await wardenInProcess(['gate', path.join(dir, 'missing.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot read .*missing\.json \(ENOENT\)/);
  });

  it('reads the document from stdin in a real process, and refuses an empty stdin', async () => {
    // Spawning is slow on a loaded machine (tsx compiles every command), so only stdin is spawned.
    const [fromStdin, empty] = await Promise.all([
      warden(['gate'], JSON.stringify(ISSUE_DOCUMENT)),
      warden(['gate', '-'], ''),
    ]);
    expect(fromStdin.code).toBe(0);
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({
      action: 'HOLD',
      blocked_by: ['BELOW_MIN_ORDER_SIZE'],
    });
    expect(empty.code).toBe(2);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toMatch(/stdin is empty/);
    noStack(empty.stderr);
  }, 240_000);
});
