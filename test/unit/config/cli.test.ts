import { afterEach, describe, expect, it, vi } from 'vitest';
import { configCheckReport } from '../../../src/cli/commands/config.ts';
import { main } from '../../../src/cli/main.ts';
import { CONFIG_KEYS } from '../../../src/config/index.ts';
import { tempDir, writeFile } from './support.ts';

const SECRETS = {
  AI_API_KEY: 'sk-cli-0123456789abcdef',
  BYBIT_API_KEY: 'bybit-cli-key-ABCDEFGH',
  BYBIT_API_SECRET: 'bybit-cli-secret-ZYXWVU',
  WEB_TOKEN: 'web-cli-token-qwertyuiop',
  TELEGRAM_BOT_TOKEN: '99999:telegram-cli-token',
  TELEGRAM_CHAT_ID: '42',
};

function report(env: Record<string, string>, json = false) {
  return configCheckReport({ env, dotenvPath: null }, { json });
}

describe('warden config check', () => {
  it('prints every variable with its value and source, and the profile in force', () => {
    const { output, exitCode } = report({ MAX_LOSS_USDT_PER_TRADE: '0.3' });
    expect(exitCode).toBe(0);
    expect(output).toMatch(/^Profile: live \(from TRADING_MODE=paper\)/);
    expect(output).toMatch(/\nMAX_LOSS_USDT_PER_TRADE +0\.3 +environment\n/);
    expect(output).toMatch(/\nMAX_TOTAL_RISK_USDT +1\.5 +profile:live\n/);
    expect(output).toMatch(/\nAI_API_KEY +\(unset\) +unset\n/);
    for (const key of CONFIG_KEYS) expect(output).toContain(`\n${key} `);
    expect(output).toMatch(/Configuration is valid\.$/);
  });

  it('never prints a secret in text output', () => {
    const { output, exitCode } = report(SECRETS);
    expect(exitCode).toBe(0);
    for (const secret of Object.values(SECRETS).filter((s) => s !== '42'))
      expect(output).not.toContain(secret);
    expect(output).toMatch(/\nBYBIT_API_SECRET +\*\*\*redacted\*\*\* +environment\n/);
  });

  it('never prints a secret in JSON output, and gives value and source per variable', () => {
    const { output, exitCode } = report(SECRETS, true);
    expect(exitCode).toBe(0);
    for (const secret of Object.values(SECRETS).filter((s) => s !== '42'))
      expect(output).not.toContain(secret);
    const parsed = JSON.parse(output);
    expect(parsed.valid).toBe(true);
    expect(parsed.profile).toBe('live');
    expect(parsed.values.AI_API_KEY).toEqual({ value: '***redacted***', source: 'environment' });
    expect(parsed.values.WEB_HOST).toEqual({ value: '127.0.0.1', source: 'default' });
    expect(parsed.values.AI_MODEL).toEqual({ value: null, source: 'unset' });
  });

  it('exits 2 with every problem listed, secrets hidden, in text and JSON', () => {
    const env = {
      ...SECRETS,
      MIN_SL_DISTANCE_PCT: '0.03',
      ENABLE_RECOVERY_SIZING: 'yes',
      AI_PROVIDER: 'openai',
    };
    const text = report(env);
    expect(text.exitCode).toBe(2);
    expect(text.output).toContain('MIN_SL_DISTANCE_PCT (0.03) must be below MAX_SL_DISTANCE_PCT');
    expect(text.output).toContain('ENABLE_RECOVERY_SIZING ("yes") must be true or false');
    expect(text.output).toContain('AI_MODEL is required');
    const json = report(env, true);
    expect(json.exitCode).toBe(2);
    const parsed = JSON.parse(json.output);
    expect(parsed.valid).toBe(false);
    expect(parsed.problems.map((p: { variable: string }) => p.variable).sort()).toEqual([
      'AI_MODEL',
      'ENABLE_RECOVERY_SIZING',
      'MIN_SL_DISTANCE_PCT',
    ]);
    for (const secret of Object.values(SECRETS).filter((s) => s !== '42')) {
      expect(text.output).not.toContain(secret);
      expect(json.output).not.toContain(secret);
    }
  });

  it('says what live mode still needs, without failing the check', () => {
    const text = report({ TRADING_MODE: 'live' });
    expect(text.exitCode).toBe(0);
    expect(text.output).toContain('Before TRADING_MODE=live can start:');
    expect(text.output).toContain('confirm with LIVE_CONFIRM=true or the --confirm-live flag');
    const json = JSON.parse(report({ TRADING_MODE: 'live' }, true).output);
    expect(json.readiness.map((p: { variable: string }) => p.variable)).toEqual([
      'BYBIT_API_KEY',
      'LIVE_CONFIRM',
    ]);
    expect(report({}).output).not.toContain('Before TRADING_MODE');
  });

  it('shows typo warnings', () => {
    expect(report({ MAX_NOTIONAL_USD: '20' }).output).toContain('did you mean MAX_NOTIONAL_USDT?');
  });
});

describe('warden config check through the CLI', () => {
  const written: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    process.exitCode = undefined;
    written.length = 0;
  });

  function capture(): void {
    const sink = (chunk: unknown) => {
      written.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(sink as typeof process.stdout.write);
    vi.spyOn(process.stderr, 'write').mockImplementation(sink as typeof process.stderr.write);
  }

  it('reads --env-file and exits 2 on a bad value without a stack trace', async () => {
    const dir = tempDir();
    const file = writeFile(
      dir,
      'bad.env',
      `MAX_LOSS_USDT_PER_TRADE=lots\nAI_API_KEY=${SECRETS.AI_API_KEY}\n`,
    );
    capture();
    const code = await main(['config', 'check', '--env-file', file]);
    expect(code).toBe(2);
    const out = written.join('');
    expect(out).toContain('MAX_LOSS_USDT_PER_TRADE ("lots") must be a number');
    expect(out).not.toContain(SECRETS.AI_API_KEY);
    expect(out).not.toMatch(/\n\s+at /);
  });

  it('refuses a missing --env-file with a usage error', async () => {
    capture();
    expect(await main(['config', 'check', '--env-file', '/nonexistent/warden.env'])).toBe(2);
    expect(written.join('')).toContain('--env-file /nonexistent/warden.env does not exist');
  });

  it('prints the reference table', async () => {
    capture();
    expect(await main(['config', 'table'])).toBe(0);
    expect(written.join('')).toMatch(/\| `MAX_LOSS_USDT_PER_TRADE` +\| `0\.35` +\| `1` +\|/);
  });
});
