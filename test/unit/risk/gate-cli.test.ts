import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runGate } from '../../../src/cli/commands/gate.ts';
import { UsageError } from '../../../src/cli/errors.ts';
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

/** Spawning the CLI is slow on a loaded machine (tsx compiles every command): one batch, run in parallel. */
const SPAWN_TIMEOUT_MS = 240_000;

describe('warden gate command', () => {
  it(
    'answers every variant with a verdict or a clear error, never a stack trace',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'warden-gate-doc-'));
      const file = path.join(dir, 'doc.json');
      writeFileSync(file, JSON.stringify(ISSUE_DOCUMENT));
      const { account: _account, ...missingAccount } = ISSUE_DOCUMENT;
      const [fromFile, badJson, missing, stringNumber, unknownConfig, empty, noFile] = await Promise.all([
        warden(['gate', file], null),
        warden(['gate'], '{"proposal": {'),
        warden(['gate', '-'], JSON.stringify(missingAccount)),
        warden(
          ['gate'],
          JSON.stringify(withPart('market', { ...ISSUE_DOCUMENT.market, mark_price: '50000' })),
        ),
        warden(['gate'], JSON.stringify(withPart('config', { MAX_RISK: 1 }))),
        warden(['gate'], ''),
        warden(['gate', path.join(dir, 'missing.json')], null),
      ]);
      expect(fromFile.code).toBe(0);
      expect(JSON.parse(fromFile.stdout)).toMatchObject({
        action: 'HOLD',
        blocked_by: ['BELOW_MIN_ORDER_SIZE'],
      });
      const errors: [Run, RegExp][] = [
        [badJson, /not valid JSON/],
        [missing, /account: required/],
        [stringNumber, /market\.mark_price/],
        [unknownConfig, /MAX_RISK is not a configuration variable/],
        [empty, /stdin is empty/],
        [noFile, /cannot read .*missing\.json \(ENOENT\)/],
      ];
      for (const [run, message] of errors) {
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(message);
        noStack(run.stderr);
      }
    },
    SPAWN_TIMEOUT_MS,
  );
});
