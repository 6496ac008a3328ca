import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The shared real-data folder: `WARDEN_DATA_DIR`, else `../shared/data` beside the repository. */
export const dataDir = process.env.WARDEN_DATA_DIR ?? path.resolve(repoRoot, '../shared/data');

export function dataFile(...parts: string[]): string {
  return path.join(dataDir, ...parts);
}

export const hasRealData = existsSync(path.join(dataDir, 'bybit-linear', 'BTCUSDT-5m.csv'));

export { repoRoot };
