import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { systemPromptFor } from '../../../src/decision/index.ts';
import { dataFile, hasRealData } from '../../support/data.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  return { out: () => out.join(''), err: () => err.join('') };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('warden prompt', () => {
  it('show prints the requested system prompt exactly', async () => {
    const io = capture();
    expect(await main(['prompt', 'show', '--version', 'v4_terse'])).toBe(0);
    expect(io.out()).toBe(`${systemPromptFor('v4_terse')}\n`);
  });

  it('show names the known versions when the version is unknown', async () => {
    const io = capture();
    expect(await main(['prompt', 'show', '--version', 'v1_old'])).toBe(2);
    expect(io.err()).toMatch(/unknown prompt version "v1_old"; choose one of: v3_neutral, v4_terse/);
  });

  it('data refuses a time that is not ISO and a folder that does not exist', async () => {
    const io = capture();
    expect(await main(['prompt', 'data', '--data', '.', '--at', 'yesterday'])).toBe(2);
    expect(await main(['prompt', 'data', '--data', '/no/such/dir', '--at', '2025-03-01T00:00Z'])).toBe(2);
    expect(io.err()).toMatch(/--at yesterday is not an ISO time/);
    expect(io.err()).toMatch(/folder not found/);
  });

  it.skipIf(!hasRealData)('data prints the compact document a replay cycle would send', async () => {
    const io = capture();
    const code = await main([
      'prompt',
      'data',
      '--data',
      dataFile('bybit-linear'),
      '--at',
      '2025-06-01T12:20:00Z',
      '--symbols',
      'ETHUSDT',
    ]);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const data = JSON.parse(io.out());
    expect(data.time).toBe('2025-06-01T12:15Z');
    expect(Object.keys(data.symbols)).toEqual(['ETHUSDT']);
    expect(io.out().trim()).not.toContain('\n');
  });
});
