import { describe, expect, it } from 'vitest';
import { expandGrid, mergeGrid, parseGridFile, parseSetFlag } from '../../../src/sweep/grid.ts';

const load = { env: {}, dotenvPath: null };
const base = { SYMBOLS: 'BTCUSDT', DECISION_TIMEFRAME: '1h', CONTEXT_TIMEFRAMES: '4h,1d' };

describe('sweep grid', () => {
  it('expands every combination, in the order given, each validated through the config schema', () => {
    const spec = mergeGrid(
      parseGridFile(JSON.stringify({ base, grid: { MAX_SL_DISTANCE_PCT: [0.02, 0.04] } }), 'g.json'),
      ['TRAILING_ENABLED=true,false'],
    );
    const { settings } = expandGrid(spec, load);
    expect(settings.map((s) => s.label)).toEqual([
      'MAX_SL_DISTANCE_PCT=0.02 TRAILING_ENABLED=true',
      'MAX_SL_DISTANCE_PCT=0.02 TRAILING_ENABLED=false',
      'MAX_SL_DISTANCE_PCT=0.04 TRAILING_ENABLED=true',
      'MAX_SL_DISTANCE_PCT=0.04 TRAILING_ENABLED=false',
    ]);
    expect(settings.map((s) => [s.config.MAX_SL_DISTANCE_PCT, s.config.TRAILING_ENABLED])).toEqual([
      [0.02, true],
      [0.02, false],
      [0.04, true],
      [0.04, false],
    ]);
    expect(
      settings.every((s) => s.config.TRADING_MODE === 'backtest' && s.config.DECISION_TIMEFRAME === '1h'),
    ).toBe(true);
  });

  it('names the bad key of a grid file', () => {
    expect(() => parseGridFile('{"grid": {"MAX_SL_DISTANCE_PCT": []}}', 'g.json')).toThrow(
      /grid\.MAX_SL_DISTANCE_PCT: give at least one value/,
    );
    expect(() => parseGridFile('{"grid": {}, "folds": 3}', 'g.json')).toThrow(/folds/);
    expect(() => parseGridFile('{"grid": {"A": [{"x": 1}]}}', 'g.json')).toThrow(/grid\.A\.0/);
    expect(() => parseGridFile('{grid', 'g.json')).toThrow(/g\.json is not JSON/);
  });

  it('refuses unknown, fixed, secret and doubled variables, saying what to fix', () => {
    const expand = (grid: Record<string, unknown[]>, extra: Record<string, unknown> = {}) =>
      expandGrid({ base: { ...base, ...extra }, grid }, load);
    expect(() => expand({ MAX_SL_DISTANCE_PC: [0.02] })).toThrow(
      /grid\.MAX_SL_DISTANCE_PC .*did you mean MAX_SL_DISTANCE_PCT/,
    );
    expect(() => expand({ TRADING_MODE: ['live'] })).toThrow(/grid\.TRADING_MODE cannot be swept/);
    expect(() => expand({ BYBIT_API_SECRET: ['x'] })).toThrow(/grid\.BYBIT_API_SECRET cannot be swept/);
    expect(() => expand({ MAX_OPEN_POSITIONS: [1, 1] })).toThrow(
      /grid\.MAX_OPEN_POSITIONS lists a value twice/,
    );
    expect(() => expand({ MAX_OPEN_POSITIONS: [1] }, { MAX_OPEN_POSITIONS: 2 })).toThrow(
      /in both base and grid/,
    );
    expect(() => expand({})).toThrow(/nothing to vary/);
    expect(() =>
      mergeGrid({ base: {}, grid: { MAX_OPEN_POSITIONS: [1] } }, ['MAX_OPEN_POSITIONS=2']),
    ).toThrow(/varied twice/);
  });

  it('names the setting and the variable of a value the schema refuses', () => {
    expect(() => expandGrid({ base, grid: { MAX_SL_DISTANCE_PCT: [0.02, 'wide'] } }, load)).toThrow(
      /setting MAX_SL_DISTANCE_PCT=wide: [\s\S]*MAX_SL_DISTANCE_PCT \("wide"\) must be a number/,
    );
  });

  it('runs only deciders a sweep can repeat for free, and replay only with a recorded session', () => {
    expect(() =>
      expandGrid(
        {
          base: { ...base, AI_PROVIDER: 'openai', AI_MODEL: 'm', AI_BASE_URL: 'http://127.0.0.1:9/v1' },
          grid: { MAX_OPEN_POSITIONS: [1] },
        },
        load,
      ),
    ).toThrow(/AI_PROVIDER=openai would call the model/);
    expect(() =>
      expandGrid(
        { base: { ...base, AI_PROVIDER: 'replay' }, grid: { PROMPT_VERSION: ['v5_neutral'] } },
        load,
      ),
    ).toThrow(/AI_REPLAY_JOURNAL/);
  });

  it('reads --set KEY=v1,v2 and refuses anything else', () => {
    expect(parseSetFlag('MAX_OPEN_POSITIONS=1,2')).toEqual(['MAX_OPEN_POSITIONS', ['1', '2']]);
    expect(() => parseSetFlag('MAX_OPEN_POSITIONS')).toThrow(/KEY=value1,value2/);
    expect(() => parseSetFlag('MAX_OPEN_POSITIONS=1,,2')).toThrow(/empty value/);
  });
});
