import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
} from '../../../src/config/index.ts';

/** Loads with only the given variables: no process.env, no .env file. */
export function loadWith(
  env: Record<string, string>,
  options: Omit<LoadConfigOptions, 'env'> = {},
): LoadedConfig {
  return loadConfig({ env, dotenvPath: null, ...options });
}

/** The ConfigError a configuration raises; fails the test when it loads. */
export function configErrorOf(
  env: Record<string, string>,
  options: Omit<LoadConfigOptions, 'env'> = {},
): ConfigError {
  try {
    loadWith(env, options);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(Object.keys(env))}`);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'warden-config-'));
}

export function writeFile(dir: string, name: string, text: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}
