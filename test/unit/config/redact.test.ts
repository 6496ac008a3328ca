import { describe, expect, it } from 'vitest';
import {
  CONFIG_KEYS,
  REDACTED,
  redactConfig,
  redactText,
  SECRET_KEYS,
  secretValuesOf,
} from '../../../src/config/index.ts';
import { configErrorOf, loadWith } from './support.ts';

const SECRETS = {
  AI_API_KEY: 'sk-ai-0123456789abcdef',
  BYBIT_API_KEY: 'bybit-key-ABCDEFGH1234',
  BYBIT_API_SECRET: 'bybit-secret-ZYXWVUT9876',
  WEB_TOKEN: 'web-token-qwertyuiop',
  TELEGRAM_BOT_TOKEN: '123456:telegram-token-abcdef',
};

describe('redaction', () => {
  it('replaces every secret that is set and leaves absent ones undefined', () => {
    const { config } = loadWith({ AI_API_KEY: SECRETS.AI_API_KEY });
    const shown = redactConfig(config);
    expect(shown.AI_API_KEY).toBe(REDACTED);
    expect(shown.BYBIT_API_KEY).toBeUndefined();
    expect(shown.MAX_LOSS_USDT_PER_TRADE).toBe(0.35);
    expect(config.AI_API_KEY).toBe(SECRETS.AI_API_KEY);
  });

  it('lists the secret values that are set', () => {
    const { config } = loadWith({ ...SECRETS, TELEGRAM_CHAT_ID: '42' });
    expect(secretValuesOf(config).sort()).toEqual(Object.values(SECRETS).sort());
  });

  it('scrubs every occurrence of every secret from free text', () => {
    const text = `key=${SECRETS.AI_API_KEY} again ${SECRETS.AI_API_KEY}; token ${SECRETS.WEB_TOKEN}`;
    expect(redactText(text, [SECRETS.AI_API_KEY, SECRETS.WEB_TOKEN, ''])).toBe(
      `key=${REDACTED} again ${REDACTED}; token ${REDACTED}`,
    );
  });

  it('scrubs the longer of two overlapping secrets whole', () => {
    expect(redactText('abcdef', ['abc', 'abcdef'])).toBe(REDACTED);
  });

  it('treats every credential-like variable as secret', () => {
    const credentialLike = CONFIG_KEYS.filter((k) => /(_KEY|_SECRET|_TOKEN)$/.test(k));
    expect([...SECRET_KEYS].sort()).toEqual(credentialLike.sort());
  });

  it('keeps secrets out of ConfigError messages, even the invalid ones', () => {
    const error = configErrorOf({
      ...SECRETS,
      BYBIT_API_SECRET: '',
      AI_PROVIDER: 'openai',
      MAX_LOSS_USDT_PER_TRADE: 'abc',
      WEB_HOST: '0.0.0.0',
    });
    expect(error.problems.length).toBeGreaterThan(2);
    for (const secret of Object.values(SECRETS)) expect(error.message).not.toContain(secret);
  });

  it('keeps a secret pasted into another variable out of the error when that variable is invalid', () => {
    const error = configErrorOf({ AI_API_KEY: SECRETS.AI_API_KEY, MAX_NOTIONAL_USDT: SECRETS.AI_API_KEY });
    expect(error.problems[0]?.variable).toBe('MAX_NOTIONAL_USDT');
    expect(error.message).not.toContain(SECRETS.AI_API_KEY);
    expect(error.message).toContain(REDACTED);
  });
});
