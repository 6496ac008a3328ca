import { describe, expect, it } from 'vitest';
import { CONFIG_CHECKS } from '../../../src/config/index.ts';
import { configErrorOf, loadWith } from './support.ts';

interface Case {
  rule: string;
  env: Record<string, string>;
  variable: string;
  message: RegExp;
}

const CASES: Case[] = [
  {
    rule: 'the tightest stop is below the widest',
    env: { MIN_SL_DISTANCE_PCT: '0.03' },
    variable: 'MIN_SL_DISTANCE_PCT',
    message:
      /^MIN_SL_DISTANCE_PCT \(0\.03\) must be below MAX_SL_DISTANCE_PCT \(0\.025\): lower MIN_SL_DISTANCE_PCT or raise MAX_SL_DISTANCE_PCT$/,
  },
  {
    rule: 'equal stop bounds are refused',
    env: { MIN_SL_DISTANCE_PCT: '0.025' },
    variable: 'MIN_SL_DISTANCE_PCT',
    message: /must be below MAX_SL_DISTANCE_PCT/,
  },
  {
    rule: 'the leverage floor does not exceed the ceiling',
    env: { MIN_LEVERAGE: '12' },
    variable: 'MIN_LEVERAGE',
    message: /^MIN_LEVERAGE \(12\) must not exceed MAX_LEVERAGE_OPEN \(10\)/,
  },
  {
    rule: 'the low-confidence threshold is below the medium one',
    env: { LEVERAGE_CAP_CONFIDENCE_LOW: '80' },
    variable: 'LEVERAGE_CAP_CONFIDENCE_LOW',
    message: /must be below LEVERAGE_CAP_CONFIDENCE_MED \(75\)/,
  },
  {
    rule: 'the low-confidence leverage cap is at least the floor',
    env: { LEVERAGE_MAX_CONFIDENCE_LOW: '2' },
    variable: 'MIN_LEVERAGE',
    message: /^MIN_LEVERAGE \(3\) must not exceed LEVERAGE_MAX_CONFIDENCE_LOW \(2\)/,
  },
  {
    rule: 'the low-confidence leverage cap does not exceed the medium one',
    env: { LEVERAGE_MAX_CONFIDENCE_LOW: '7' },
    variable: 'LEVERAGE_MAX_CONFIDENCE_LOW',
    message: /must not exceed LEVERAGE_MAX_CONFIDENCE_MED \(6\)/,
  },
  {
    rule: 'the medium-confidence leverage cap does not exceed the ceiling',
    env: { LEVERAGE_MAX_CONFIDENCE_MED: '12', MAX_LEVERAGE_OPEN: '10' },
    variable: 'LEVERAGE_MAX_CONFIDENCE_MED',
    message: /must not exceed MAX_LEVERAGE_OPEN \(10\)/,
  },
  {
    rule: 'the per-trade budget fits in the total budget',
    env: { MAX_LOSS_USDT_PER_TRADE: '2' },
    variable: 'MAX_LOSS_USDT_PER_TRADE',
    message: /^MAX_LOSS_USDT_PER_TRADE \(2\) must not exceed MAX_TOTAL_RISK_USDT \(1\.5\)/,
  },
  {
    rule: 'the correlation cluster budget fits in the total budget',
    env: { CORRELATION_CLUSTER_RISK_USDT: '2' },
    variable: 'CORRELATION_CLUSTER_RISK_USDT',
    message: /must not exceed MAX_TOTAL_RISK_USDT/,
  },
  {
    rule: 'the dynamic per-trade floor is below its ceiling',
    env: { DYNAMIC_RISK_PER_TRADE_FLOOR_USDT: '2' },
    variable: 'DYNAMIC_RISK_PER_TRADE_FLOOR_USDT',
    message: /must be below DYNAMIC_RISK_PER_TRADE_CEILING_USDT/,
  },
  {
    rule: 'the dynamic total floor is below its ceiling',
    env: { DYNAMIC_TOTAL_RISK_FLOOR_USDT: '10' },
    variable: 'DYNAMIC_TOTAL_RISK_FLOOR_USDT',
    message: /must be below DYNAMIC_TOTAL_RISK_CEILING_USDT/,
  },
  {
    rule: 'the dynamic per-trade share does not exceed the total share',
    env: { DYNAMIC_RISK_PER_TRADE_PCT: '0.02' },
    variable: 'DYNAMIC_RISK_PER_TRADE_PCT',
    message: /must not exceed DYNAMIC_TOTAL_RISK_PCT/,
  },
  {
    rule: 'the dynamic per-trade ceiling does not exceed the total ceiling',
    env: { DYNAMIC_RISK_PER_TRADE_CEILING_USDT: '11' },
    variable: 'DYNAMIC_RISK_PER_TRADE_CEILING_USDT',
    message: /must not exceed DYNAMIC_TOTAL_RISK_CEILING_USDT \(10\)/,
  },
  {
    rule: 'the trailing distance floor does not exceed its ceiling',
    env: { TRAILING_MIN_DISTANCE_PCT: '0.03' },
    variable: 'TRAILING_MIN_DISTANCE_PCT',
    message: /must not exceed TRAILING_MAX_DISTANCE_PCT/,
  },
  {
    rule: 'the break-even offset is below its trigger',
    env: { BREAK_EVEN_OFFSET_PCT: '0.02' },
    variable: 'BREAK_EVEN_OFFSET_PCT',
    message: /must be below BREAK_EVEN_TRIGGER_PCT/,
  },
  {
    rule: 'hedge mode is refused',
    env: { BYBIT_HEDGE_MODE: 'true' },
    variable: 'BYBIT_HEDGE_MODE',
    message: /^BYBIT_HEDGE_MODE \(true\) is not supported: Warden trades one-way mode only/,
  },
  {
    rule: 'live mode refuses the testnet profile',
    env: { TRADING_MODE: 'live', PROFILE: 'testnet' },
    variable: 'PROFILE',
    message: /cannot be used with TRADING_MODE=live/,
  },
  {
    rule: 'recovery sizing with the live profile needs ALLOW_RECOVERY_IN_LIVE',
    env: { ENABLE_RECOVERY_SIZING: 'true' },
    variable: 'ENABLE_RECOVERY_SIZING',
    message: /ALLOW_RECOVERY_IN_LIVE=true/,
  },
  {
    rule: 'per-symbol caps name configured symbols',
    env: { SYMBOL_RISK_CAPS_USDT: 'BTCUSDT:0.5,XRPUSDT:0.3' },
    variable: 'SYMBOL_RISK_CAPS_USDT',
    message: /names XRPUSDT, which is not in SYMBOLS \(BTCUSDT,ETHUSDT\)/,
  },
  {
    rule: 'per-symbol caps are positive',
    env: { SYMBOL_RISK_CAPS_USDT: 'BTCUSDT:0' },
    variable: 'SYMBOL_RISK_CAPS_USDT',
    message: /cap for BTCUSDT \(0\) must be a positive USDT amount/,
  },
  {
    rule: 'symbols are listed once',
    env: { SYMBOLS: 'BTCUSDT,ETHUSDT,BTCUSDT' },
    variable: 'SYMBOLS',
    message: /lists BTCUSDT twice/,
  },
  {
    rule: 'context timeframes are longer than the decision timeframe',
    env: { DECISION_TIMEFRAME: '1h', CONTEXT_TIMEFRAMES: '30m,4h' },
    variable: 'CONTEXT_TIMEFRAMES',
    message: /remove 30m/,
  },
  {
    rule: 'a profit-lock rung locks less than its move',
    env: { PROFIT_LOCK_LADDER: '0.02:0.02' },
    variable: 'PROFIT_LOCK_LADDER',
    message: /rung 1 \(0\.02:0\.02\) must lock less than its move/,
  },
  {
    rule: 'profit-lock rungs grow',
    env: { PROFIT_LOCK_LADDER: '0.03:0.01,0.02:0.005' },
    variable: 'PROFIT_LOCK_LADDER',
    message: /rung 2 .* must have a larger move/,
  },
  {
    rule: 'a prompt A/B split compares two different versions',
    env: { PROMPT_VERSION: 'v3_neutral', PROMPT_AB_SPLIT: 'v3_neutral:symbol' },
    variable: 'PROMPT_AB_SPLIT',
    message: /compares PROMPT_VERSION \(v3_neutral\) with itself/,
  },
  {
    rule: 'a hosted provider needs a model',
    env: { AI_PROVIDER: 'openai', AI_API_KEY: 'sk-test-key-123' },
    variable: 'AI_MODEL',
    message: /AI_MODEL is required with AI_PROVIDER=openai/,
  },
  {
    rule: 'a hosted provider needs a key',
    env: { AI_PROVIDER: 'anthropic', AI_MODEL: 'claude' },
    variable: 'AI_API_KEY',
    message: /AI_API_KEY is required with AI_PROVIDER=anthropic/,
  },
  {
    rule: 'a non-loopback base URL still needs a key',
    env: { AI_PROVIDER: 'openai', AI_MODEL: 'm', AI_BASE_URL: 'http://10.0.0.5:11434/v1' },
    variable: 'AI_API_KEY',
    message: /AI_API_KEY is required/,
  },
  {
    rule: 'the replay provider needs a journal',
    env: { AI_PROVIDER: 'replay' },
    variable: 'AI_REPLAY_JOURNAL',
    message: /AI_REPLAY_JOURNAL is required with AI_PROVIDER=replay/,
  },
  {
    rule: 'a remote dashboard needs WEB_ALLOW_REMOTE',
    env: { WEB_HOST: '0.0.0.0', WEB_TOKEN: 'tok-1234567890abcdef' },
    variable: 'WEB_ALLOW_REMOTE',
    message: /WEB_HOST \(0\.0\.0\.0\) is not a loopback address: set WEB_ALLOW_REMOTE=true/,
  },
  {
    rule: 'a remote dashboard needs a token',
    env: { WEB_HOST: '192.168.1.10', WEB_ALLOW_REMOTE: 'true' },
    variable: 'WEB_TOKEN',
    message: /set WEB_TOKEN/,
  },
  {
    rule: 'a Telegram bot token needs a chat',
    env: { TELEGRAM_BOT_TOKEN: '123:abcdefghijk' },
    variable: 'TELEGRAM_CHAT_ID',
    message: /TELEGRAM_CHAT_ID is required with TELEGRAM_BOT_TOKEN/,
  },
  {
    rule: 'a Telegram chat needs a bot token',
    env: { TELEGRAM_CHAT_ID: '42' },
    variable: 'TELEGRAM_BOT_TOKEN',
    message: /TELEGRAM_BOT_TOKEN is required with TELEGRAM_CHAT_ID/,
  },
  {
    rule: 'an API key needs its secret',
    env: { BYBIT_API_KEY: 'key-abcdefgh' },
    variable: 'BYBIT_API_SECRET',
    message: /BYBIT_API_SECRET is required with BYBIT_API_KEY/,
  },
  {
    rule: 'an API secret needs its key',
    env: { BYBIT_API_SECRET: 'secret-abcdefgh' },
    variable: 'BYBIT_API_KEY',
    message: /BYBIT_API_KEY is required with BYBIT_API_SECRET/,
  },
];

describe('cross-field checks', () => {
  it.each(CASES)('$rule', ({ env, variable, message }) => {
    const error = configErrorOf(env);
    expect(error.problems).toContainEqual({ variable, message: expect.stringMatching(message) });
    expect(error.message).toContain(variable);
  });

  it('a single broken rule gives a single problem', () => {
    expect(configErrorOf({ MIN_SL_DISTANCE_PCT: '0.03' }).problems).toHaveLength(1);
    expect(configErrorOf({ TELEGRAM_CHAT_ID: '42' }).problems).toHaveLength(1);
  });

  it('the default configuration of both profiles passes every check', () => {
    expect(() => loadWith({})).not.toThrow();
    expect(() => loadWith({ PROFILE: 'testnet' })).not.toThrow();
  });

  it('accepts recovery sizing in live when explicitly allowed, and in the testnet profile', () => {
    expect(
      loadWith({ ENABLE_RECOVERY_SIZING: 'true', ALLOW_RECOVERY_IN_LIVE: 'true' }).config
        .ENABLE_RECOVERY_SIZING,
    ).toBe(true);
    expect(loadWith({ TRADING_MODE: 'testnet' }).config.ENABLE_RECOVERY_SIZING).toBe(true);
  });

  it.each(['http://127.0.0.1:11434/v1', 'http://localhost:8000/v1', 'http://[::1]:8000'])(
    'a hosted provider at a loopback URL (%s) needs no key',
    (url) => {
      const loaded = loadWith({ AI_PROVIDER: 'openai', AI_MODEL: 'llama3', AI_BASE_URL: url });
      expect(loaded.config.AI_API_KEY).toBeUndefined();
    },
  );

  it('a remote dashboard with both WEB_ALLOW_REMOTE and a token is accepted', () => {
    expect(
      loadWith({ WEB_HOST: '0.0.0.0', WEB_ALLOW_REMOTE: 'true', WEB_TOKEN: 'tok-1234567890abcdef' }).config
        .WEB_HOST,
    ).toBe('0.0.0.0');
  });

  it('skips a check whose variables are already invalid on their own, so messages are not doubled', () => {
    const error = configErrorOf({ MIN_SL_DISTANCE_PCT: 'wide' });
    expect(error.problems.map((p) => p.variable)).toEqual(['MIN_SL_DISTANCE_PCT']);
    expect(error.problems[0]?.message).toMatch(/must be a number/);
  });

  it('every named check is exercised by a case above', () => {
    const covered = new Set(CASES.map((c) => c.variable));
    for (const check of CONFIG_CHECKS) {
      expect({ check: check.name, covered: check.keys.some((k) => covered.has(k)) }).toEqual({
        check: check.name,
        covered: true,
      });
    }
  });
});
