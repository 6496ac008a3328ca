import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, levenshtein, loadConfig, SECRET_KEYS } from '../../../src/config/index.ts';

const anyKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CONFIG_KEYS) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 30 }) },
);
const anyValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    'true',
    'false',
    '0',
    '-1',
    '1e9',
    '0.5',
    'NaN',
    'Infinity',
    'BTCUSDT',
    'BTCUSDT:0.5',
    ' ',
    '∞',
  ),
  fc.double().map(String),
  fc.integer().map(String),
);
const anyEnv = fc.dictionary(anyKey, anyValue, { maxKeys: 12 });

/** Secrets long and distinctive enough that finding one in a message can only be a leak. */
const anySecret = fc.stringMatching(/^[A-Za-z0-9]{16,32}$/);

describe('loadConfig over arbitrary input', () => {
  it('gives a configuration or a ConfigError, never another exception', () => {
    fc.assert(
      fc.property(anyEnv, (env) => {
        try {
          loadConfig({ env, dotenvPath: null });
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          expect(error.problems.length).toBeGreaterThan(0);
          for (const p of error.problems) expect(error.message).toContain(p.message);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary overrides of any type give a configuration or a ConfigError', () => {
    fc.assert(
      fc.property(fc.dictionary(anyKey, fc.anything({ maxDepth: 2 }), { maxKeys: 6 }), (overrides) => {
        try {
          loadConfig({ env: {}, dotenvPath: null, overrides });
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never puts a secret into a ConfigError message', () => {
    fc.assert(
      fc.property(
        anyEnv,
        fc.dictionary(fc.constantFrom(...SECRET_KEYS), anySecret, { minKeys: 1 }),
        (env, secrets) => {
          try {
            loadConfig({
              env: { ...env, ...secrets, MIN_SL_DISTANCE_PCT: 'not a number' },
              dotenvPath: null,
            });
          } catch (error) {
            if (!(error instanceof ConfigError)) throw error;
            for (const secret of Object.values(secrets)) expect(error.message).not.toContain(secret);
            return;
          }
          throw new Error('a non-numeric MIN_SL_DISTANCE_PCT must always be refused');
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('typo distance', () => {
  it('the bounded edit distance agrees with the full one up to its limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.nat(4), (a, b, limit) => {
        expect(levenshtein(a, b, limit)).toBe(Math.min(levenshtein(a, b), limit + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('knows classic distances', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('MAX_LOSS', 'MAX_LOSS')).toBe(0);
  });
});
