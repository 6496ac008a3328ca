import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/index.ts';
import { configErrorOf, loadWith, tempDir, writeFile } from './support.ts';

describe('loadConfig sources', () => {
  it('reads .env from the working directory and names it as the source', () => {
    const dir = tempDir();
    writeFile(dir, '.env', '# risk\nMAX_LOSS_USDT_PER_TRADE=0.2\nexport SYMBOLS="BTCUSDT, SOLUSDT"\n');
    const loaded = loadConfig({ env: {}, cwd: dir });
    expect(loaded.config.MAX_LOSS_USDT_PER_TRADE).toBe(0.2);
    expect(loaded.config.SYMBOLS).toEqual(['BTCUSDT', 'SOLUSDT']);
    expect(loaded.sources.MAX_LOSS_USDT_PER_TRADE).toBe('.env');
    expect(loaded.sources.SYMBOLS).toBe('.env');
  });

  it('lets the environment win over .env', () => {
    const dir = tempDir();
    writeFile(dir, '.env', 'MAX_LOSS_USDT_PER_TRADE=0.2\n');
    const loaded = loadConfig({ env: { MAX_LOSS_USDT_PER_TRADE: '0.3' }, cwd: dir });
    expect(loaded.config.MAX_LOSS_USDT_PER_TRADE).toBe(0.3);
    expect(loaded.sources.MAX_LOSS_USDT_PER_TRADE).toBe('environment');
  });

  it('lets overrides win over the environment and accepts typed values', () => {
    const loaded = loadWith(
      { MAX_LOSS_USDT_PER_TRADE: '0.3' },
      { overrides: { MAX_LOSS_USDT_PER_TRADE: 0.25, ALLOW_MARKET_ENTRY: true, SYMBOLS: ['BTCUSDT'] } },
    );
    expect(loaded.config.MAX_LOSS_USDT_PER_TRADE).toBe(0.25);
    expect(loaded.config.ALLOW_MARKET_ENTRY).toBe(true);
    expect(loaded.config.SYMBOLS).toEqual(['BTCUSDT']);
    expect(loaded.sources.MAX_LOSS_USDT_PER_TRADE).toBe('override');
  });

  it('takes the profile from an overridden TRADING_MODE', () => {
    const loaded = loadWith({}, { overrides: { TRADING_MODE: 'testnet' } });
    expect(loaded.profile).toBe('testnet');
    expect(loaded.config.MAX_LOSS_USDT_PER_TRADE).toBe(1);
  });

  it('refuses an unknown override key instead of ignoring it, and suggests the likely one', () => {
    const error = configErrorOf({}, { overrides: { MAX_LOSS_USDT_PER_TRAD: 0.1 } });
    expect(error.problems[0]?.variable).toBe('MAX_LOSS_USDT_PER_TRAD');
    expect(error.message).toContain('did you mean MAX_LOSS_USDT_PER_TRADE?');
  });

  it('marks schema defaults and unset optional values', () => {
    const { sources } = loadWith({});
    expect(sources.ALLOW_MARKET_ENTRY).toBe('default');
    expect(sources.AI_API_KEY).toBe('unset');
  });

  it('treats an empty value as unset, so the default stays in force', () => {
    const loaded = loadWith({ AI_API_KEY: '', MAX_LOSS_USDT_PER_TRADE: '  ' });
    expect(loaded.config.AI_API_KEY).toBeUndefined();
    expect(loaded.sources.MAX_LOSS_USDT_PER_TRADE).toBe('profile:live');
  });

  it('trims stray whitespace around values', () => {
    const loaded = loadWith({ TRADING_MODE: ' testnet ', ALLOW_MARKET_ENTRY: 'true\n' });
    expect(loaded.config.TRADING_MODE).toBe('testnet');
    expect(loaded.config.ALLOW_MARKET_ENTRY).toBe(true);
  });

  it('refuses Bybit keys in a .env that others can read', () => {
    const dir = tempDir();
    writeFile(dir, '.env', 'BYBIT_API_KEY=dotenv-key-123456\nBYBIT_API_SECRET=dotenv-secret-654321\n', 0o644);
    let error: unknown;
    try {
      loadConfig({ env: {}, cwd: dir });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([
      'BYBIT_API_KEY',
      'BYBIT_API_SECRET',
    ]);
    expect((error as ConfigError).message).toContain('which others can read: run chmod 600 on it');
    expect((error as ConfigError).message).not.toContain('dotenv-secret-654321');
  });

  it('accepts Bybit keys in a .env only its owner can read', () => {
    const dir = tempDir();
    writeFile(dir, '.env', 'BYBIT_API_KEY=dotenv-key-123456\nBYBIT_API_SECRET=dotenv-secret-654321\n', 0o600);
    expect(loadConfig({ env: {}, cwd: dir }).config.BYBIT_API_SECRET).toBe('dotenv-secret-654321');
  });

  it('warns about other secrets in a .env that others can read', () => {
    const dir = tempDir();
    writeFile(dir, '.env', 'AI_API_KEY=sk-dotenv-123456789\n', 0o644);
    const loaded = loadConfig({ env: {}, cwd: dir });
    expect(loaded.warnings).toEqual([
      expect.stringMatching(/^AI_API_KEY is in .*\.env, which others can read/),
    ]);
    expect(loaded.warnings.join('')).not.toContain('sk-dotenv-123456789');
  });

  it('accepts a missing .env file', () => {
    const loaded = loadConfig({ env: {}, cwd: tempDir() });
    expect(loaded.config.TRADING_MODE).toBe('paper');
  });

  it('reads an explicit .env path relative to cwd', () => {
    const dir = tempDir();
    writeFile(dir, 'warden.env', 'MAX_NOTIONAL_USDT=40\n');
    expect(loadConfig({ env: {}, cwd: dir, dotenvPath: 'warden.env' }).config.MAX_NOTIONAL_USDT).toBe(40);
  });

  it('fails on a .env that cannot be read', () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.env'));
    expect(() => loadConfig({ env: {}, cwd: dir })).toThrow(/\.env file .* cannot be read \(EISDIR\)/);
  });

  it('fails on a .env line that is not KEY=value, naming the line but not its content', () => {
    const dir = tempDir();
    writeFile(
      dir,
      '.env',
      'SYMBOLS=BTCUSDT\nMAX_LOSS_USDT_PER_TRADE 0.2\nAI_MODEL="multi\nline"\nsk-live-0123456789\n',
    );
    const error = (() => {
      try {
        loadConfig({ env: {}, cwd: dir });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('loaded');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('line 2 is not KEY=value'),
      expect.stringContaining('line 5 is not KEY=value'),
    ]);
    expect(error.message).not.toContain('sk-live-0123456789');
  });

  it('never writes into process.env', () => {
    const dir = tempDir();
    writeFile(dir, '.env', 'WARDEN_TEST_ONLY_MARKER=1\nMAX_NOTIONAL_USDT=40\n');
    loadConfig({ env: {}, cwd: dir });
    expect(process.env.WARDEN_TEST_ONLY_MARKER).toBeUndefined();
    expect(process.env.MAX_NOTIONAL_USDT).toBeUndefined();
  });

  it('lists every problem at once, not just the first', () => {
    const error = configErrorOf({
      MAX_LOSS_USDT_PER_TRADE: 'abc',
      MARGIN_SAFETY_FACTOR: '1.5',
      WEB_PORT: '0',
    });
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'MARGIN_SAFETY_FACTOR',
      'MAX_LOSS_USDT_PER_TRADE',
      'WEB_PORT',
    ]);
    expect(error.message).toMatch(/^Invalid configuration \(3 problems\)/);
  });
});

describe('typo warnings', () => {
  it('warns about a misspelt variable and says which value stays in force', () => {
    const loaded = loadWith({ MAX_LOSS_USDT_PER_TRAED: '5' });
    expect(loaded.warnings).toEqual([
      'MAX_LOSS_USDT_PER_TRAED (environment) is not a Warden variable and is ignored; did you mean MAX_LOSS_USDT_PER_TRADE? MAX_LOSS_USDT_PER_TRADE stays 0.35 (profile:live)',
    ]);
  });

  it('refuses a misspelt variable in live mode, where a default left in force risks real money', () => {
    const error = configErrorOf({ TRADING_MODE: 'live', MAX_LOSS_USDT_PER_TRAED: '5' });
    expect(error.message).toContain(
      'MAX_LOSS_USDT_PER_TRAED (environment) is not a Warden variable; did you mean MAX_LOSS_USDT_PER_TRADE? Live mode refuses to start',
    );
    const dir = tempDir();
    writeFile(dir, '.env', 'TRADING_MODE=live\nSOMETHING_ELSE=1\n');
    expect(loadConfig({ env: {}, cwd: dir }).warnings).toEqual([
      'SOMETHING_ELSE (.env) is not a Warden variable and is ignored: remove it or fix its name',
    ]);
  });

  it('warns that AI_BASE_URL and AI_MODEL do nothing while AI_PROVIDER is baseline', () => {
    const loaded = loadWith({ AI_BASE_URL: 'http://127.0.0.1:11434/v1', AI_MODEL: 'llama3.1' });
    expect(loaded.warnings).toEqual([
      'AI_BASE_URL and AI_MODEL are set but AI_PROVIDER is baseline (default): no model is called and the rule-based baseline decides; set AI_PROVIDER=openai (any OpenAI-compatible endpoint) or AI_PROVIDER=anthropic',
    ]);
    expect(
      loadWith({ AI_PROVIDER: 'openai', AI_BASE_URL: 'http://127.0.0.1:11434/v1', AI_MODEL: 'm' }).warnings,
    ).toEqual([]);
  });

  it('warns about a lower-case spelling of a known variable', () => {
    expect(loadWith({ enable_recovery_sizing: 'true' }).warnings[0]).toContain(
      'did you mean ENABLE_RECOVERY_SIZING?',
    );
  });

  it('leaves unrelated environment variables alone', () => {
    expect(
      loadWith({ PATH: '/usr/bin', HOME: '/root', NODE_ENV: 'test', WARDEN_DEBUG: '1' }).warnings,
    ).toEqual([]);
  });

  it('warns about every unknown name in .env', () => {
    const dir = tempDir();
    writeFile(dir, '.env', 'SOMETHING_ELSE=1\n');
    expect(loadConfig({ env: {}, cwd: dir }).warnings).toEqual([
      'SOMETHING_ELSE (.env) is not a Warden variable and is ignored: remove it or fix its name',
    ]);
  });

  it('keeps the warnings on a ConfigError, where they may explain the problem', () => {
    const error = configErrorOf({ MIN_SL_DISTANCE_PCT: '0.03', MAX_SL_DISTANCE_PC: '0.05' });
    expect(error.warnings[0]).toContain('did you mean MAX_SL_DISTANCE_PCT?');
    expect(error.message).toContain('Warnings:');
  });
});
