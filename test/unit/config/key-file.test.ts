import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.ts';
import { configErrorOf, loadWith, tempDir, writeFile } from './support.ts';

const KEY = 'file-key-ABC123456';
const SECRET = 'file-secret-XYZ987654';

describe('BYBIT_API_KEY_FILE', () => {
  it('loads the key and secret from a file only its owner can read', () => {
    const dir = tempDir();
    const path = writeFile(
      dir,
      'bybit.keys',
      `# testnet\nBYBIT_API_KEY=${KEY}\nBYBIT_API_SECRET=${SECRET}\n`,
      0o600,
    );
    const loaded = loadWith({ BYBIT_API_KEY_FILE: path });
    expect(loaded.config.BYBIT_API_KEY).toBe(KEY);
    expect(loaded.config.BYBIT_API_SECRET).toBe(SECRET);
    expect(loaded.sources.BYBIT_API_KEY).toBe('BYBIT_API_KEY_FILE');
  });

  it('resolves a relative path against the working directory', () => {
    const dir = tempDir();
    writeFile(dir, 'bybit.keys', `BYBIT_API_KEY=${KEY}\nBYBIT_API_SECRET=${SECRET}\n`, 0o400);
    const loaded = loadConfig({ env: { BYBIT_API_KEY_FILE: 'bybit.keys' }, cwd: dir, dotenvPath: null });
    expect(loaded.config.BYBIT_API_KEY).toBe(KEY);
  });

  it.each([0o644, 0o640, 0o604, 0o660])('refuses a file with mode %o and says to chmod 600', (mode) => {
    const dir = tempDir();
    const path = writeFile(dir, 'bybit.keys', `BYBIT_API_KEY=${KEY}\nBYBIT_API_SECRET=${SECRET}\n`, mode);
    const error = configErrorOf({ BYBIT_API_KEY_FILE: path });
    expect(error.problems[0]?.variable).toBe('BYBIT_API_KEY_FILE');
    expect(error.message).toMatch(/is readable by others \(mode \d{3}\): run chmod 600 on it/);
    expect(error.message).not.toContain(SECRET);
  });

  it('refuses a file without the secret line, without echoing the key', () => {
    const dir = tempDir();
    const path = writeFile(dir, 'bybit.keys', `BYBIT_API_KEY=${KEY}\n`);
    const error = configErrorOf({ BYBIT_API_KEY_FILE: path });
    expect(error.message).toContain('has no BYBIT_API_SECRET=... line');
    expect(error.message).not.toContain(KEY);
  });

  it('refuses unknown entries (a misspelt line would otherwise leave a key missing)', () => {
    const dir = tempDir();
    const path = writeFile(dir, 'bybit.keys', `BYBIT_API_KEY=${KEY}\nBYBIT_API_SECRT=${SECRET}\n`);
    const error = configErrorOf({ BYBIT_API_KEY_FILE: path });
    expect(error.message).toContain('has unknown entries BYBIT_API_SECRT');
    expect(error.message).not.toContain(SECRET);
  });

  it('refuses a missing file', () => {
    expect(configErrorOf({ BYBIT_API_KEY_FILE: '/nonexistent/bybit.keys' }).message).toContain(
      'cannot be read (ENOENT)',
    );
  });

  it('refuses the file together with the key variables', () => {
    const dir = tempDir();
    const path = writeFile(dir, 'bybit.keys', `BYBIT_API_KEY=${KEY}\nBYBIT_API_SECRET=${SECRET}\n`);
    const error = configErrorOf({ BYBIT_API_KEY_FILE: path, BYBIT_API_KEY: 'other-key-123' });
    expect(error.message).toContain('give the credentials in one place only');
    expect(error.message).not.toContain('other-key-123');
  });
});
