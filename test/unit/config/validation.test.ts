import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, type ConfigKey, configShape } from '../../../src/config/index.ts';
import { configErrorOf, loadWith } from './support.ts';

/** Values that break most schemas; the first one a variable rejects is used. */
const BAD_VALUES = ['not a valid value %', '-1', '0', '1e9', '1.5', 'BTC'];

function rejectedValue(key: ConfigKey): string | undefined {
  return BAD_VALUES.find((value) => !configShape[key].safeParse(value).success);
}

const BOOLEAN_KEYS = CONFIG_KEYS.filter((key) => configShape[key].safeParse('true').data === true);

describe('validation of single variables', () => {
  it.each(CONFIG_KEYS.filter((key) => rejectedValue(key) !== undefined))(
    'a bad %s fails with a message that names it and says what to do',
    (key) => {
      const value = rejectedValue(key)!;
      const error = configErrorOf({ [key]: value });
      const own = error.problems.filter((p) => p.variable === key);
      expect(own.length).toBeGreaterThan(0);
      for (const problem of own) {
        expect(problem.message.startsWith(`${key} (`)).toBe(true);
        expect(problem.message).toMatch(/: (set a valid value|.+)/);
      }
    },
  );

  it('the only variables that accept every probe value are free text (names, paths, secrets)', () => {
    const accepting = CONFIG_KEYS.filter((key) => rejectedValue(key) === undefined);
    expect(accepting).toContain('JOURNAL_PATH');
    for (const key of accepting) {
      expect({ key, freeText: configShape[key].safeParse('any free text').success }).toEqual({
        key,
        freeText: true,
      });
    }
  });

  it('explains a non-number with the default that removing it restores', () => {
    expect(configErrorOf({ MAX_LOSS_USDT_PER_TRADE: 'abc' }).problems[0]?.message).toBe(
      'MAX_LOSS_USDT_PER_TRADE ("abc") must be a number: set a valid value or remove it to use the default 0.35 (profile live) [MAX_LOSS_USDT_PER_TRADE: Risk budget per trade: loss at the stop incl. fees]',
    );
  });

  it.each([
    ['MARGIN_SAFETY_FACTOR', '1.2', 'must be below 1'],
    ['MAX_NOTIONAL_USDT', '-5', 'must be greater than 0'],
    ['AI_MAX_RETRIES', '9', 'must be at most 5'],
    ['MAX_OPEN_POSITIONS', '2.5', 'must be a whole number'],
    ['TRADING_MODE', 'livee', 'must be one of paper, testnet, demo, live, backtest'],
    ['SYMBOLS', 'BTCUSDT,eth', '(item 2) must be USDT perpetual symbols like BTCUSDT'],
    ['SYMBOL_RISK_CAPS_USDT', 'BTCUSDT=0.5', '"BTCUSDT=0.5" is not KEY:number'],
    ['AI_BASE_URL', 'localhost:11434', 'must be an http:// or https:// URL'],
    ['BYBIT_WS_PUBLIC_URL', 'https://stream.bybit.com', 'must be a ws:// or wss:// URL'],
    ['PROFIT_LOCK_LADDER', '1.5:0.1', '(item 1 movePct) must be below 1'],
    ['PRE_SCORE_MIN', '101', 'must be at most 100'],
  ])('%s=%s: %s', (key, value, expected) => {
    const message = configErrorOf({ [key]: value }).problems[0]?.message ?? '';
    expect(message.startsWith(`${key} (`)).toBe(true);
    expect(message).toContain(expected);
  });

  it('refuses a short WEB_TOKEN without showing it', () => {
    const message = configErrorOf({ WEB_TOKEN: 'hunter2' }).problems[0]?.message ?? '';
    expect(message).toMatch(/^WEB_TOKEN \(value hidden\) must be at least 16 characters/);
    expect(message).not.toContain('hunter2');
  });

  it('an override of the wrong type names the variable', () => {
    const error = configErrorOf({}, { overrides: { MAX_LOSS_USDT_PER_TRADE: null, SYMBOLS: [1] } });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['MAX_LOSS_USDT_PER_TRADE', 'SYMBOLS']);
    expect(error.problems.find((p) => p.variable === 'MAX_LOSS_USDT_PER_TRADE')?.message).toContain(
      'must be a number',
    );
  });
});

describe('booleans', () => {
  it('there are boolean variables to test', () => {
    expect(BOOLEAN_KEYS).toContain('ALLOW_MARKET_ENTRY');
    expect(BOOLEAN_KEYS).toContain('LIVE_CONFIRM');
  });

  it.each(BOOLEAN_KEYS)('%s accepts exactly true and false', (key) => {
    expect(loadWith({ [key]: 'false' }).config[key]).toBe(false);
    for (const bad of ['yes', 'no', '1', '0', 'TRUE', 'False', 'on', 'y']) {
      const error = configErrorOf({ [key]: bad });
      expect(error.problems).toContainEqual({
        variable: key,
        message: expect.stringMatching(new RegExp(`^${key} \\("${bad}"\\) must be true or false`)),
      });
    }
  });
});
