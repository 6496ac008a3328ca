import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import type { WardenConfig } from '../../src/config/schema.ts';
import type { Candle, FundingRate } from '../../src/domain/index.ts';
import { readCandleCsv, readFundingCsv } from '../../src/market/feeds/csv.ts';

/** Fake secrets seeded into every soak configuration: none of them may appear in any output. */
export const SOAK_SECRETS = {
  BYBIT_API_KEY: 'soakKEYq7Zr2xWv9',
  BYBIT_API_SECRET: 'soakSECRETm4Jt8bN1pL6yR3cK0sD5fH2',
  AI_API_KEY: 'sk-soakAIKEYu8Hn3Ve6Wq1Ty9Zb4',
} as const;

export interface SymbolGroup {
  folder: 'bybit-linear' | 'binance-usdm';
  symbols: string[];
}

/** Every 5m file of the shared data, grouped by venue (the two venues' clocks and files differ). */
export const SOAK_GROUPS: SymbolGroup[] = [
  { folder: 'bybit-linear', symbols: ['BTCUSDT', 'ETHUSDT'] },
  { folder: 'binance-usdm', symbols: ['SOLUSDT', 'XRPUSDT', 'DOGEUSDT', 'BNBUSDT'] },
];

export function dataRoot(repoRoot: string): string {
  const fromEnv = process.env.WARDEN_DATA_DIR;
  const dir = fromEnv ?? path.resolve(repoRoot, '../shared/data');
  if (!existsSync(dir))
    throw new Error(`no market data at ${dir}: set WARDEN_DATA_DIR to the folder holding bybit-linear/`);
  return dir;
}

export interface GroupData {
  candles: Map<string, Candle[]>;
  funding: Map<string, FundingRate[]>;
}

const cache = new Map<string, GroupData>();

export function loadGroup(root: string, group: SymbolGroup): GroupData {
  const key = `${root}:${group.folder}:${group.symbols.join(',')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const candles = new Map<string, Candle[]>();
  const funding = new Map<string, FundingRate[]>();
  for (const symbol of group.symbols) {
    candles.set(symbol, readCandleCsv(path.join(root, group.folder, `${symbol}-5m.csv`)));
    const fundingFile = path.join(root, group.folder, `${symbol}-funding.csv`);
    funding.set(symbol, existsSync(fundingFile) ? readFundingCsv(fundingFile) : []);
  }
  const data = { candles, funding };
  cache.set(key, data);
  return data;
}

/**
 * The soak configuration: the LIVE-sized paper profile, the chaos decider, fake secrets, and the
 * setup-score gate off so that more hostile proposals reach sizing and the exchange.
 */
export function soakConfig(
  symbols: string[],
  journalPath: string,
  seed: number,
  extra: Record<string, string> = {},
): WardenConfig {
  return loadConfig({
    env: {
      SYMBOLS: symbols.join(','),
      JOURNAL_PATH: journalPath,
      AI_PROVIDER: 'chaos',
      CHAOS_SEED: String(seed),
      SCORE_GATE_ENABLED: 'false',
      ALLOW_MARKET_ENTRY: 'true',
      WEB_ENABLED: 'false',
      ...SOAK_SECRETS,
      ...extra,
    },
    dotenvPath: null,
  }).config;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `warden-soak-${prefix}-`));
}

/** The soak's random choices (windows, faults, kill points) are reproducible from its seed. */
export { mulberry32 as seededRandom } from '../../src/domain/random.ts';
