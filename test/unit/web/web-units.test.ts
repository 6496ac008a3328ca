import { describe, expect, it } from 'vitest';
import { checkBearerToken } from '../../../src/web/auth.ts';
import { renderExposition } from '../../../src/web/exposition.ts';
import { distanceToStopPct } from '../../../src/web/positions.ts';
import { assertBindAllowed, WebBindError } from '../../../src/web/server.ts';
import { parsePrometheusText } from './prometheus-parser.ts';

const TOKEN = 'tok-0123456789abcdef';

describe('control token check', () => {
  it('accepts the configured token as a bearer token', () => {
    expect(checkBearerToken(`Bearer ${TOKEN}`, TOKEN)).toEqual({ ok: true });
  });

  it('refuses a missing header, another scheme, a wrong token and a prefix of the token with 401', () => {
    for (const header of [
      undefined,
      '',
      TOKEN,
      `Basic ${TOKEN}`,
      'Bearer wrong-token-000000',
      `Bearer ${TOKEN.slice(0, -1)}`,
    ]) {
      const result = checkBearerToken(header, TOKEN);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.status).toBe(401);
    }
  });

  it('refuses every control with 403 and says to set WEB_TOKEN when none is configured', () => {
    const result = checkBearerToken('Bearer anything-at-all-here', undefined);
    expect(result).toMatchObject({ ok: false, status: 403 });
    if (!result.ok) expect(result.message).toMatch(/set WEB_TOKEN/);
  });
});

describe('dashboard bind address', () => {
  it('binds to loopback addresses without further settings', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2']) {
      expect(() => assertBindAllowed(host, false, undefined)).not.toThrow();
    }
  });

  it('refuses a non-loopback address without WEB_ALLOW_REMOTE, naming the variable', () => {
    expect(() => assertBindAllowed('0.0.0.0', false, TOKEN)).toThrow(WebBindError);
    expect(() => assertBindAllowed('0.0.0.0', false, TOKEN)).toThrow(/WEB_ALLOW_REMOTE=true/);
  });

  it('refuses a non-loopback address without a token even when remote access is allowed', () => {
    expect(() => assertBindAllowed('192.168.1.10', true, undefined)).toThrow(/set WEB_TOKEN/);
    expect(() => assertBindAllowed('192.168.1.10', true, 'short')).toThrow(/set WEB_TOKEN/);
    expect(() => assertBindAllowed('192.168.1.10', true, TOKEN)).not.toThrow();
  });
});

describe('distance to stop', () => {
  it('is the fraction of the mark price left before a long stop triggers', () => {
    expect(distanceToStopPct('LONG', 100, 98)).toBeCloseTo(0.02, 12);
  });

  it('is the fraction above the mark for a short stop', () => {
    expect(distanceToStopPct('SHORT', 100, 101.5)).toBeCloseTo(0.015, 12);
  });

  it('is negative once the mark has crossed the stop, and unknown without a stop or mark', () => {
    expect(distanceToStopPct('LONG', 97, 98)).toBeLessThan(0);
    expect(distanceToStopPct('LONG', 100, null)).toBeNull();
    expect(distanceToStopPct('SHORT', null, 101)).toBeNull();
  });
});

describe('Prometheus exposition', () => {
  it('escapes label values so that quotes, backslashes and newlines round-trip through a strict parser', () => {
    const text = renderExposition([
      {
        name: 'warden_test_total',
        help: 'a help text with a \\ backslash\nand a newline',
        type: 'counter',
        samples: [{ labels: { code: 'a "quoted" \\ value\nnext' }, value: 3 }],
      },
      {
        name: 'warden_gauge',
        help: 'g',
        type: 'gauge',
        samples: [{ value: Number.NaN }, { value: Number.POSITIVE_INFINITY }],
      },
    ]);
    const families = parsePrometheusText(text);
    expect(families[0]?.samples[0]?.labels.code).toBe('a "quoted" \\ value\nnext');
    expect(families[1]?.samples.map((s) => s.value)).toEqual([Number.NaN, Number.POSITIVE_INFINITY]);
  });

  it('refuses invalid metric and label names instead of writing an unparseable line', () => {
    expect(() => renderExposition([{ name: 'bad-name', help: 'x', type: 'gauge', samples: [] }])).toThrow();
    expect(() =>
      renderExposition([
        { name: 'ok', help: 'x', type: 'gauge', samples: [{ labels: { 'bad-label': 'v' }, value: 1 }] },
      ]),
    ).toThrow();
  });

  it('the strict parser rejects malformed expositions (so a pass means something)', () => {
    const bad = [
      'warden_x 1', // no trailing newline
      '# TYPE warden_x gauge\nwarden_x one\n', // bad value
      '# TYPE warden_x gauge\nwarden_y 1\n', // sample outside its family
      '# TYPE warden_x gauge\nwarden_x{a="1",a="2"} 1\n', // duplicate label
      '# TYPE warden_x gauge\nwarden_x{a="unterminated} 1\n',
      '# TYPE warden_h histogram\nwarden_h_bucket{le="1"} 2\nwarden_h_bucket{le="+Inf"} 1\nwarden_h_sum 1\nwarden_h_count 1\n',
      '# TYPE warden_h histogram\nwarden_h_bucket{le="1"} 1\nwarden_h_sum 1\nwarden_h_count 1\n',
      '# TYPE warden_x gauge\n# TYPE warden_x gauge\n',
      '# TYPE warden_x gauge\n\nwarden_x 1\n',
    ];
    for (const text of bad) expect(() => parsePrometheusText(text), text).toThrow();
  });
});
