import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, loadConfig } from '../../../src/config/index.ts';

const value = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    'true',
    'false',
    'yes',
    '0',
    '-1',
    '1e309',
    'NaN',
    '0.5',
    '100',
    'BTCUSDT,ETHUSDT',
    'live',
  ),
  fc.constantFrom(
    'paper',
    'testnet',
    'demo',
    '15m',
    '1h',
    'chaos',
    'http://127.0.0.1:1',
    'BTCUSDT:1,ETHUSDT:x',
  ),
  fc.double().map(String),
  fc.integer().map(String),
  fc.string({ maxLength: 12 }),
);
const key = fc.oneof(
  fc.constantFrom(...CONFIG_KEYS),
  fc.constantFrom('MAX_LOSS_USDT_PER_TRAD', 'max_loss_usdt_per_trade', 'SYMBOL'),
);
const env = fc.dictionary(key, value, { maxKeys: 8 });

/** Loads, or refuses with a ConfigError naming each problem: never any other exception. */
function loadsOrRefuses(load: () => unknown): void {
  try {
    load();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.message.trim().length).toBeGreaterThan(0);
  }
}

describe('fuzz: configuration', () => {
  it('loads random environment variables or refuses them with a ConfigError listing each problem', () => {
    fc.assert(
      fc.property(env, (vars) => loadsOrRefuses(() => loadConfig({ env: vars, dotenvPath: null }))),
      { numRuns: 300 },
    );
  });

  it('loads a random .env file or refuses it with a ConfigError', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'warden-fuzz-env-'));
    const line = fc.oneof(
      fc.tuple(key, value).map(([k, v]) => `${k}=${v}`),
      fc.tuple(key, value).map(([k, v]) => `export ${k}="${v}"`),
      fc.string({ maxLength: 30 }),
      fc.constantFrom('# comment', '=', '==x', 'KEY', "A='unterminated"),
    );
    let n = 0;
    fc.assert(
      fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
        const file = path.join(dir, `env-${n++}`);
        writeFileSync(file, lines.join('\n'), { mode: 0o600 });
        loadsOrRefuses(() => loadConfig({ env: {}, dotenvPath: file }));
      }),
      { numRuns: 150 },
    );
  });
});
