import { describe, expect, it } from 'vitest';
import {
  buildPromptData,
  FEATURE_COLUMNS,
  PROMPT_VERSIONS,
  SYSTEM_PROMPTS,
  systemPromptFor,
  UnknownPromptVersionError,
} from '../../../src/decision/index.ts';
import { limits, promptInput } from './stubs.ts';

/** Wording that pushes a model toward profit-chasing or risk-taking. */
const BIASED_WORDING = [
  'maximize',
  'maximise',
  'maximizing',
  'aggressive',
  'profit',
  'moon',
  'all-in',
  'all in',
  'yolo',
  'guarantee',
  'lambo',
  'fomo',
  'risk-free',
  'never miss',
  "don't miss",
  'huge',
  'opportunit',
  'bullish',
  'bearish',
  'bold',
  'as much as possible',
];

/** Field identifiers that happen to contain digits; everything else must be digit-free. */
const IDENTIFIERS_WITH_DIGITS = FEATURE_COLUMNS.filter((c) => /\d/.test(c));

describe.each(PROMPT_VERSIONS)('system prompt %s', (version) => {
  const prompt = systemPromptFor(version);

  it('contains no profit-maximising or aggressive wording', () => {
    for (const word of BIASED_WORDING) expect(prompt.toLowerCase(), word).not.toContain(word);
  });

  it('contains no numeric threshold: not a single digit outside field names', () => {
    let stripped = prompt;
    for (const id of [...IDENTIFIERS_WITH_DIGITS].sort((a, b) => b.length - a.length)) {
      stripped = stripped.split(id).join('');
    }
    expect(stripped).not.toMatch(/\d/);
    expect(prompt.toLowerCase()).not.toMatch(/\b(one|two|three|four|five|ten|twenty|fifty) percent/);
  });

  it('casts the model as a market-data analyst, not a strategy', () => {
    expect(prompt).toContain('experienced crypto trading analyst making decisions from market data');
  });

  it('explains every feature column and every top-level field of the prompt data', () => {
    const data = buildPromptData(
      promptInput(['BTCUSDT'], { limits: limits({ enableConfidenceLeverageAdjust: false }) }),
    );
    for (const column of FEATURE_COLUMNS) expect(prompt, column).toContain(column);
    for (const key of Object.keys(data)) expect(prompt, key).toContain(key);
  });

  it('explains every field of a symbol entry', () => {
    const data = buildPromptData(promptInput(['BTCUSDT']));
    for (const key of Object.keys(data.symbols.BTCUSDT!)) expect(prompt, key).toContain(key);
  });

  it('says JSON, which OpenAI requires in the messages before it accepts JSON mode', () => {
    expect(prompt).toContain('JSON');
  });

  it('names only limits that exist in the prompt data', () => {
    const data = buildPromptData(promptInput(['BTCUSDT']));
    const named = [...prompt.matchAll(/limits\.([a-z_]+)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(3);
    for (const key of named) expect(Object.keys(data.limits), key).toContain(key);
  });

  it('describes the output wire format field by field', () => {
    for (const field of [
      '"decisions"',
      'symbol',
      'action',
      'confidence',
      'leverage',
      'size_pct',
      'entry_type',
      'entry_price',
      'sl_pct',
      'tp_pct',
      'rationale',
      'OPEN_LONG',
      'OPEN_SHORT',
      'CLOSE',
      'HOLD',
      'LIMIT',
      'MARKET',
    ]) {
      expect(prompt, field).toContain(field);
    }
  });
});

describe('prompt registry', () => {
  it('ships v3_neutral and a second version to compare it with', () => {
    expect(PROMPT_VERSIONS).toContain('v3_neutral');
    expect(PROMPT_VERSIONS.length).toBeGreaterThanOrEqual(2);
  });

  it('is frozen: nothing can be appended to a prompt at run time', () => {
    expect(Object.isFrozen(SYSTEM_PROMPTS)).toBe(true);
    expect(() => {
      (SYSTEM_PROMPTS as Record<string, string>).v3_neutral = 'changed';
    }).toThrow(TypeError);
  });

  it('names the known versions when asked for an unknown one', () => {
    expect(() => systemPromptFor('v9_nope')).toThrow(UnknownPromptVersionError);
    expect(() => systemPromptFor('v9_nope')).toThrow(/v3_neutral, v4_terse/);
  });
});
